import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn } from '../database/columns';
import { Participant } from './participant.entity';

export const CONSENT_KINDS = ['guardian', 'cross_border'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** A consent as given, and when it was withdrawn; withdrawn consents are kept as a record. */
@Entity('participant_consents')
@Index('IDX_participant_consents_participant', ['participantId'])
export class Consent {
  @IdColumn()
  id: string;

  @RefColumn()
  participantId: string;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({
    name: 'participantId',
    foreignKeyConstraintName: 'FK_participant_consents_participant',
  })
  private readonly participant?: never;

  @Column({ type: 'varchar', length: 16 })
  kind: ConsentKind;

  @Column({ type: 'varchar', length: 200 })
  givenBy: string;

  @Column({ type: 'varchar', length: 50 })
  relation: string;

  @InstantColumn()
  givenAt: Date;

  @Column({ type: 'varchar', length: 40 })
  noticeVersion: string;

  @InstantColumn({ nullable: true })
  withdrawnAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
