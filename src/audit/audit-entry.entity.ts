import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns';

/**
 * Append-only: who did what to which record, and which fields changed, never their
 * values (most records are minors' personal data). Written in the same transaction as
 * the change it describes.
 */
@Entity('audit_log')
@Index('IDX_audit_log_entity', ['entityType', 'entityId'])
@Index('IDX_audit_log_actor', ['actorId'])
@Index('IDX_audit_log_at', ['at'])
export class AuditEntry {
  @IdColumn()
  id: string;

  /** Null for actions of the system itself (schedules, start-up). */
  @RefColumn({ nullable: true })
  actorId: string | null;

  @RefColumn({ nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'varchar', length: 36 })
  entityId: string;

  /** Names of the fields that changed, as a JSON array. */
  @Column({ type: 'text', nullable: true })
  changedFields: string | null;

  /** A reason the actor gave (an override, a rejection), never personal data. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @InstantColumn()
  at: Date;
}
