import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  InstantColumn,
  RefColumn,
  UpdatedAtColumn,
} from '../database/columns';
import type { Language } from '../localization/language';
import type { Channel, DeliveryStatus } from './notification-events';

/**
 * One message to one recipient on one channel. The unique key (event row, channel,
 * recipient) makes expanding an event twice harmless; `sent` is never sent again.
 */
@Entity('notification_deliveries')
@Index('UQ_notification_deliveries_key', ['outboxId', 'channel', 'recipientKey'], { unique: true })
@Index('IDX_notification_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_notification_deliveries_channel', ['channel', 'status'])
@Index('IDX_notification_deliveries_created', ['createdAt'])
export class Delivery {
  @IdColumn()
  id: string;

  @RefColumn()
  outboxId: string;

  @ManyToOne('OutboxEntry', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'outboxId', foreignKeyConstraintName: 'FK_notification_deliveries_outbox' })
  private readonly outbox?: never;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  /** The user's id, or the webhook endpoint's. */
  @Column({ type: 'varchar', length: 36 })
  recipientKey: string;

  @RefColumn({ nullable: true })
  userId: string | null;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'FK_notification_deliveries_user' })
  private readonly user?: never;

  /** No foreign key: deliveries outlive a deleted endpoint as history. */
  @RefColumn({ nullable: true })
  webhookId: string | null;

  @RefColumn({ nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 2 })
  language: Language;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @InstantColumn()
  nextAttemptAt: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @InstantColumn({ nullable: true })
  sentAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
