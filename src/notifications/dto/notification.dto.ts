import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { queryBoolean } from '../../common/http/transforms';
import type { Language } from '../../localization/language';
import { CHANNELS, DELIVERY_STATUSES, NOTIFICATION_EVENTS } from '../notification-events';
import type { Channel, DeliveryStatus, NotificationEventName } from '../notification-events';
import type { Delivery } from '../delivery.entity';
import type { UserNotification } from '../user-notification.entity';

export class InboxQueryDto extends PageQueryDto {
  /** Only messages not read yet. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class InboxItemDto {
  id: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS })
  event: NotificationEventName;
  title: string;
  body: string;
  /** A path on this site, when the message is about something it shows. */
  link: string | null;
  readAt: Date | null;
  createdAt: Date;

  static from(row: UserNotification): InboxItemDto {
    return {
      id: row.id,
      event: row.event as NotificationEventName,
      title: row.title,
      body: row.body,
      link: row.link,
      readAt: row.readAt,
      createdAt: row.createdAt,
    };
  }
}

export class InboxPageDto {
  items: InboxItemDto[];
  total: number;
  /** Unread messages in all, whatever the page. */
  unread: number;
  page: number;
  pageSize: number;
}

export class ReadAllDto {
  /** Messages marked read by this call. */
  updated: number;
}

export class DeliveryQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @IsOptional()
  @IsIn(NOTIFICATION_EVENTS)
  event?: NotificationEventName;
}

/** One message to one recipient; addresses and content stay out of the operations view. */
export class DeliveryDto {
  id: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS })
  event: NotificationEventName;
  @ApiProperty({ enum: CHANNELS })
  channel: Channel;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  userId: string | null;
  webhookId: string | null;
  organizationId: string | null;
  language: Language;
  /** When the next try is due, while pending. */
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;

  static from(row: Delivery): DeliveryDto {
    return {
      id: row.id,
      event: row.event as NotificationEventName,
      channel: row.channel,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      userId: row.userId,
      webhookId: row.webhookId,
      organizationId: row.organizationId,
      language: row.language,
      nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
      sentAt: row.sentAt,
      createdAt: row.createdAt,
    };
  }
}

export class DeliveryPageDto {
  items: DeliveryDto[];
  total: number;
  page: number;
  pageSize: number;
}
