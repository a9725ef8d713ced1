import { Column, Entity, Index } from 'typeorm';
import { IdColumn } from '../database/columns';
import type { Channel, DeliveryStatus } from './notification-events';

/**
 * How many deliveries of a day (Heihe's calendar, by creation) ended in each state, for the
 * deliveries the history policy has deleted: the statistics add these to the rows kept.
 */
@Entity('delivery_tallies')
@Index('UQ_delivery_tallies_day_channel_status', ['day', 'channel', 'status'], { unique: true })
export class DeliveryTally {
  @IdColumn()
  id: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  count: number;
}
