import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns';
import { Participant } from './participant.entity';

export const CONFLICT_RESOLUTIONS = [
  /** The number stays with the participant who held it; the newcomer's is cleared. */
  'kept_holder',
  /** The number moves to the newcomer; the holder's is cleared. */
  'kept_newcomer',
  /** The newcomer's school entered another number. */
  'changed',
  /** The holder's number changed, so the newcomer holds it now. */
  'holder_changed',
] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * A passport number entered for a participant while another school's participant holds
 * it. The school is not told (that would reveal another school's data): the newcomer is
 * saved with the number sealed but without the duplicate hash, which stays the holder's,
 * and an organizer settles which record is right.
 */
@Entity('passport_conflicts')
@Index('IDX_passport_conflicts_participant', ['participantId'])
@Index('IDX_passport_conflicts_holder', ['holderId'])
@Index('IDX_passport_conflicts_open', ['resolvedAt', 'openedAt'])
export class PassportConflict {
  @IdColumn()
  id: string;

  /** The participant whose number collided. */
  @RefColumn()
  participantId: string;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({
    name: 'participantId',
    foreignKeyConstraintName: 'FK_passport_conflicts_participant',
  })
  private readonly participant?: never;

  /** The participant who held the number when it collided (another school's). */
  @RefColumn()
  holderId: string;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'holderId', foreignKeyConstraintName: 'FK_passport_conflicts_holder' })
  private readonly holder?: never;

  @InstantColumn()
  openedAt: Date;

  @InstantColumn({ nullable: true })
  resolvedAt: Date | null;

  @RefColumn({ nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resolution: ConflictResolution | null;
}
