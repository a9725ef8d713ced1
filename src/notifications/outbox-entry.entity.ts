import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn } from '../database/columns';

export const OUTBOX_STATUSES = ['pending', 'enqueued', 'done'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * An event written in the transaction of the change that caused it. `pending` until the
 * relay hands it to the queue, `enqueued` until its deliveries exist, then `done`.
 */
@Entity('notification_outbox')
@Index('UQ_notification_outbox_dedupe', ['dedupeKey'], { unique: true })
@Index('IDX_notification_outbox_status', ['status', 'availableAt'])
@Index('IDX_notification_outbox_event', ['event', 'createdAt'])
@Index('IDX_notification_outbox_participant', ['participantId'])
export class OutboxEntry {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  /** JSON Audience. */
  @Column({ type: 'text' })
  audience: string;

  /** JSON EventData. */
  @Column({ type: 'text' })
  data: string;

  /** Comma-separated channels to people. */
  @Column({ type: 'varchar', length: 64 })
  channels: string;

  @Column({ type: 'varchar', length: 191, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  @InstantColumn()
  availableAt: Date;

  @InstantColumn({ nullable: true })
  enqueuedAt: Date | null;

  @InstantColumn({ nullable: true })
  doneAt: Date | null;

  /** The last user id expanded, so a restarted expansion resumes after it. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  expandedThrough: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** The person the event is about, if any: their copy of their data lists it. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  participantId: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
