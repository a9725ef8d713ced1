import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn } from '../database/columns';

export const HOLD_SUBJECTS = ['participant', 'delegation'] as const;
export type HoldSubject = (typeof HOLD_SUBJECTS)[number];

/**
 * An organizer's order to keep a person's data (or everyone's on one delegation) past the
 * retention policy, for a stated reason: a dispute, an inquiry. Released, not deleted, so
 * the record of the hold stays.
 */
@Entity('legal_holds')
@Index('IDX_legal_holds_subject', ['subjectType', 'subjectId'])
export class LegalHold {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: HoldSubject;

  @RefColumn()
  subjectId: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @RefColumn()
  createdById: string;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'createdById', foreignKeyConstraintName: 'FK_legal_holds_created_by' })
  private readonly createdBy?: never;

  @CreatedAtColumn()
  createdAt: Date;

  @InstantColumn({ nullable: true })
  releasedAt: Date | null;

  @RefColumn({ nullable: true })
  releasedById: string | null;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'releasedById', foreignKeyConstraintName: 'FK_legal_holds_released_by' })
  private readonly releasedBy?: never;
}
