import { Column, Entity } from 'typeorm';
import { CreatedAtColumn, IdColumn, UpdatedAtColumn } from '../database/columns';

/** The regime seeded by the migration: the China–Russia visa-free group travel agreement. */
export const DEFAULT_TRAVEL_REGIME_ID = '00000000-0000-4000-8000-000000000001';

/** Rules of a border-crossing regime: data an organizer edits as the agreements change. */
@Entity('travel_regimes')
export class TravelRegime {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** People in the group, chaperones included. */
  @Column({ type: 'int' })
  minGroupSize: number;

  @Column({ type: 'int' })
  maxGroupSize: number;

  @Column({ type: 'int' })
  maxStayDays: number;

  /** A passport must stay valid this many months after the return date. */
  @Column({ type: 'int' })
  passportMarginMonths: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
