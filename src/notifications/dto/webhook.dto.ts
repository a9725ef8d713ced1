import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { trim } from '../../common/http/transforms';
import { NOTIFICATION_EVENTS } from '../notification-events';
import type { NotificationEventName } from '../notification-events';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';

export class CreateWebhookDto {
  /** `https://…` (or `http://…`); private and loopback addresses are refused. */
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_EVENTS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_EVENTS, { each: true })
  events: NotificationEventName[];

  /**
   * 16–200 printable ASCII characters, or `whsec_<base64>` of 24–64 bytes as Standard
   * Webhooks' tools make them; generated and shown once when absent. `X-Webhook-Signature`
   * is keyed with the secret as written; `webhook-signature` with the bytes a `whsec_`
   * secret encodes, or else the secret's own bytes (its ASCII characters).
   */
  @IsOptional()
  @IsString()
  @Length(16, 200)
  secret?: string;
}

export class WebhookDto {
  id: string;
  url: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true })
  events: NotificationEventName[];
  /** Set when the receiver answered 410 Gone; `POST /api/webhooks/{id}/enable` resumes it. */
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;

  static from(entity: WebhookEndpoint): WebhookDto {
    return {
      id: entity.id,
      url: entity.url,
      events: entity.events.split(',') as NotificationEventName[],
      disabledAt: entity.disabledAt,
      disabledReason: entity.disabledReason,
      createdAt: entity.createdAt,
    };
  }
}

/** The answer to registration: the only time the signing secret is shown. */
export class CreatedWebhookDto extends WebhookDto {
  secret: string;
  /**
   * The same key as `whsec_<base64 of its bytes>`, for `new Webhook(secret)` of the
   * standardwebhooks libraries; a secret given in that form is shown as given.
   */
  standardWebhooksSecret: string;
}
