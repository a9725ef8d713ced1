import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn } from '../database/columns';

export const PARTNER_DECISIONS = ['approved', 'rejected'] as const;
export type PartnerDecision = (typeof PARTNER_DECISIONS)[number];

/**
 * One locked roster of a delegation: numbered 1, 2, … per delegation, with the SHA-256 of
 * its canonical content (roster-content.ts). Never changed after locking except for the
 * partner's decision on it; a change to the people makes the next version.
 */
@Entity('roster_versions')
@Index('UQ_roster_versions_delegation_version', ['delegationId', 'version'], { unique: true })
export class RosterVersion {
  @IdColumn()
  id: string;

  @RefColumn()
  delegationId: string;

  @ManyToOne('Delegation', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'delegationId', foreignKeyConstraintName: 'FK_roster_versions_delegation' })
  private readonly delegation?: never;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /**
   * How `hash` was computed (roster-content.ts): 1 over the people's data itself (versions
   * locked before 2026-12), 2 over each person's row digest, which survives erasure.
   */
  @Column({ type: 'int', default: 1 })
  hashScheme: number;

  @Column({ type: 'int' })
  memberCount: number;

  /** The trip as locked (RosterHeader): the list is printed and approved with these. */
  @Column({ type: 'varchar', length: 8 })
  direction: 'CN_TO_RU' | 'RU_TO_CN';

  @Column({ type: 'date' })
  departureDate: string;

  @Column({ type: 'date' })
  returnDate: string;

  @RefColumn()
  hostOrganizationId: string;

  @ManyToOne('Organization', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'hostOrganizationId', foreignKeyConstraintName: 'FK_roster_versions_host' })
  private readonly hostOrganization?: never;

  @InstantColumn()
  lockedAt: Date;

  @RefColumn()
  lockedById: string;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'lockedById', foreignKeyConstraintName: 'FK_roster_versions_locked_by' })
  private readonly lockedBy?: never;

  /** Set when the organizer locked despite failing checks: why, and which checks. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  overrideReason: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  overriddenChecks: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  partnerDecision: PartnerDecision | null;

  @InstantColumn({ nullable: true })
  partnerDecidedAt: Date | null;

  @RefColumn({ nullable: true })
  partnerDecidedById: string | null;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({
    name: 'partnerDecidedById',
    foreignKeyConstraintName: 'FK_roster_versions_partner_decided_by',
  })
  private readonly partnerDecidedBy?: never;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  rejectionReason: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
