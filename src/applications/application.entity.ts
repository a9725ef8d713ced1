import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  InstantColumn,
  RefColumn,
  UpdatedAtColumn,
} from '../database/columns';
import type { ParticipantKind } from '../participants/participant.entity';
import type { ApplicationStatus } from './application-status';

/** One participant's application for a place in one delegation. */
@Entity('applications')
@Index('UQ_applications_delegation_participant', ['delegationId', 'participantId'], {
  unique: true,
})
@Index('IDX_applications_delegation_status', ['delegationId', 'status'])
// Lists page through one delegation in submission order; without this, every page sorts all.
@Index('IDX_applications_delegation_submitted', ['delegationId', 'submittedAt'])
@Index('IDX_applications_school_submitted', ['schoolId', 'submittedAt'])
@Index('IDX_applications_participant', ['participantId'])
// The statistics' funnel and schools per delegation, read from the index alone.
@Index('IDX_applications_delegation_funnel', ['delegationId', 'status', 'waitlistedAt'])
@Index('IDX_applications_delegation_school', ['delegationId', 'schoolId'])
export class Application {
  @IdColumn()
  id: string;

  @RefColumn()
  delegationId: string;

  @ManyToOne('Delegation', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'delegationId', foreignKeyConstraintName: 'FK_applications_delegation' })
  private readonly delegation?: never;

  @RefColumn()
  participantId: string;

  @ManyToOne('Participant', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'participantId', foreignKeyConstraintName: 'FK_applications_participant' })
  private readonly participant?: never;

  /** The participant's school, kept here so every list is scoped in the query itself. */
  @RefColumn()
  schoolId: string;

  @ManyToOne('Organization', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'schoolId', foreignKeyConstraintName: 'FK_applications_school' })
  private readonly school?: never;

  /** Which kind of place it takes; counted separately for students and chaperones. */
  @Column({ type: 'varchar', length: 16 })
  kind: ParticipantKind;

  @Column({ type: 'varchar', length: 16 })
  status: ApplicationStatus;

  @Column({ type: 'text', nullable: true })
  motivation: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionNote: string | null;

  @RefColumn({ nullable: true })
  decidedById: string | null;

  @InstantColumn({ nullable: true })
  decidedAt: Date | null;

  /** The first decision (a waitlisting too), kept when later decisions move `decidedAt`. */
  @InstantColumn({ nullable: true })
  firstDecidedAt: Date | null;

  /** The participant's version the approval saw; a later change shows as changedSinceApproval. */
  @Column({ type: 'int', nullable: true })
  approvedParticipantVersion: number | null;

  /** Waitlist order: the first waitlisted is offered the next free place. */
  @InstantColumn({ nullable: true })
  waitlistedAt: Date | null;

  @InstantColumn()
  submittedAt: Date;

  @InstantColumn({ nullable: true })
  withdrawnAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
