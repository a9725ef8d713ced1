import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  InstantColumn,
  RefColumn,
  UpdatedAtColumn,
} from '../database/columns';
import { DelegationStatus } from './delegation-status';

export const DIRECTIONS = ['CN_TO_RU', 'RU_TO_CN'] as const;
export type Direction = (typeof DIRECTIONS)[number];

@Entity('delegations')
@Index('IDX_delegations_status', ['status'])
@Index('IDX_delegations_departure', ['departureDate'])
@Index('IDX_delegations_host_organization', ['hostOrganizationId'])
@Index('IDX_delegations_travel_regime', ['travelRegimeId'])
export class Delegation {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 200 })
  titleZh: string;

  @Column({ type: 'varchar', length: 200 })
  titleRu: string;

  @Column({ type: 'text' })
  descriptionZh: string;

  @Column({ type: 'text' })
  descriptionRu: string;

  @Column({ type: 'varchar', length: 8 })
  direction: Direction;

  /** The partner organization across the river: it hosts a CN_TO_RU group, sends a RU_TO_CN one. */
  @RefColumn()
  hostOrganizationId: string;

  // Named by string: the foreign key is schema, not a reason to import another feature's entity.
  @ManyToOne('Organization', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({
    name: 'hostOrganizationId',
    foreignKeyConstraintName: 'FK_delegations_host_organization',
  })
  private readonly hostOrganization?: never;

  /** Plain dates, `YYYY-MM-DD`: the days of crossing, the same on both banks. */
  @Column({ type: 'date' })
  departureDate: string;

  @Column({ type: 'date' })
  returnDate: string;

  @InstantColumn()
  applicationOpensAt: Date;

  @InstantColumn()
  applicationClosesAt: Date;

  @Column({ type: 'int' })
  studentPlaces: number;

  @Column({ type: 'int' })
  chaperonePlaces: number;

  /** Changed only by the delegations service, with conditional updates (see reservePlace). */
  @Column({ type: 'int', default: 0 })
  studentPlacesTaken: number;

  @Column({ type: 'int', default: 0 })
  chaperonePlacesTaken: number;

  /** Ages on the departure date, inclusive. */
  @Column({ type: 'int' })
  minAge: number;

  @Column({ type: 'int' })
  maxAge: number;

  /** At least one chaperone for this many students. */
  @Column({ type: 'int' })
  studentsPerChaperone: number;

  @RefColumn()
  travelRegimeId: string;

  @ManyToOne('TravelRegime', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'travelRegimeId', foreignKeyConstraintName: 'FK_delegations_travel_regime' })
  private readonly travelRegime?: never;

  @Column({ type: 'varchar', length: 20 })
  status: DelegationStatus;

  /** The last roster version locked, 0 before the first: once set, no reopening. */
  @Column({ type: 'int', default: 0 })
  rosterVersion: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
