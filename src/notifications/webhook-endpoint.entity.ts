import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  InstantColumn,
  RefColumn,
  UpdatedAtColumn,
} from '../database/columns';

/** An organization's receiver of events; the signing secret is stored sealed (common/crypto/secret-box.ts). */
@Entity('webhook_endpoints')
@Index('UQ_webhook_endpoints_slot', ['organizationId', 'slot'], { unique: true })
export class WebhookEndpoint {
  @IdColumn()
  id: string;

  @RefColumn()
  organizationId: string;

  @ManyToOne('Organization', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({
    name: 'organizationId',
    foreignKeyConstraintName: 'FK_webhook_endpoints_organization',
  })
  private readonly organization?: never;

  /**
   * Its place among the organization's endpoints, 1 to the limit: the unique index lets
   * no two registrations take the same place, so the limit holds under concurrency.
   */
  @Column({ type: 'int' })
  slot: number;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** Comma-separated event names. */
  @Column({ type: 'varchar', length: 1000 })
  events: string;

  @Column({ type: 'varchar', length: 400 })
  secret: string;

  /** Set when the receiver answered 410 Gone. */
  @InstantColumn({ nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  disabledReason: string | null;

  @RefColumn()
  createdById: string;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'createdById', foreignKeyConstraintName: 'FK_webhook_endpoints_created_by' })
  private readonly createdBy?: never;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
