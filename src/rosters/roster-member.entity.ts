import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns';
import type {
  ChaperoneRole,
  Gender,
  Nationality,
  ParticipantKind,
} from '../participants/participant.entity';
import { RosterVersion } from './roster-version.entity';

/**
 * A person as locked into one roster version: a copy, so that later corrections show as a
 * change instead of rewriting what the partner approved. The passport number is sealed to
 * this row's id, like the participant's own.
 */
@Entity('roster_members')
@Index('UQ_roster_members_version_participant', ['rosterVersionId', 'participantId'], {
  unique: true,
})
@Index('IDX_roster_members_version_position', ['rosterVersionId', 'position'])
@Index('IDX_roster_members_participant', ['participantId'])
export class RosterMember {
  @IdColumn()
  id: string;

  @RefColumn()
  rosterVersionId: string;

  @ManyToOne(() => RosterVersion, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({
    name: 'rosterVersionId',
    foreignKeyConstraintName: 'FK_roster_members_version',
  })
  private readonly rosterVersion?: never;

  /** 1-based place on the group list. */
  @Column({ type: 'int' })
  position: number;

  @RefColumn()
  participantId: string;

  @ManyToOne('Participant', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'participantId', foreignKeyConstraintName: 'FK_roster_members_participant' })
  private readonly participant?: never;

  @RefColumn()
  applicationId: string;

  @RefColumn()
  schoolId: string;

  @ManyToOne('Organization', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'schoolId', foreignKeyConstraintName: 'FK_roster_members_school' })
  private readonly school?: never;

  @Column({ type: 'varchar', length: 16 })
  kind: ParticipantKind;

  @Column({ type: 'varchar', length: 2 })
  nationality: Nationality;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  latinFamily: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  latinGiven: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cyrillicFamily: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cyrillicGiven: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  chineseFamily: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  chineseGiven: string | null;

  @Column({ type: 'varchar', length: 8 })
  gender: Gender;

  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 200 })
  birthPlace: string;

  @Column({ type: 'varchar', length: 96, nullable: true })
  passportEncrypted: string | null;

  @Column({ type: 'date', nullable: true })
  passportExpiry: string | null;

  /**
   * SHA-256 of this person's row of the canonical form (roster-content.ts), written at
   * locking: a scheme-2 version's hash is computed from these, so it stays checkable
   * after the row's personal fields are erased.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  contentDigest: string | null;

  @InstantColumn({ nullable: true })
  erasedAt: Date | null;

  /**
   * Facts for the committee's statistics, not on the group list and not in the hash: the
   * chaperone's role and the age on the day of departure, which stay when the birth day
   * is erased.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  chaperoneRole: ChaperoneRole | null;

  @Column({ type: 'int', nullable: true })
  ageOnDeparture: number | null;
}
