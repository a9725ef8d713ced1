import { Injectable } from '@nestjs/common';
import { Ctx } from '../database/transactions';
import { Delivery } from './delivery.entity';
import { DeliveryTally } from './delivery-tally.entity';
import type { Channel, DeliveryStatus } from './notification-events';

/** Deliveries of one bucket (a year, or the whole period) on one channel in one state. */
export interface DeliveryRow {
  bucket: string;
  channel: Channel;
  status: DeliveryStatus;
  count: number;
}

/**
 * Deliveries counted for the statistics, by the day they were created in Heihe's calendar:
 * the rows kept, plus the tallies of those the history policy deleted.
 */
@Injectable()
export class DeliveryStatistics {
  /** `from` and `to` are Heihe calendar days, both included. */
  async counts(ctx: Ctx, from: string, to: string, byYear: boolean): Promise<DeliveryRow[]> {
    // Heihe is UTC+8 all year (no daylight saving), so its calendar is UTC moved 8 hours.
    const heiheYear = ctx.sqlite
      ? "strftime('%Y', d.createdAt, '+8 hours')"
      : 'YEAR(DATE_ADD(d.createdAt, INTERVAL 8 HOUR))';
    const live = ctx
      .repo(Delivery)
      .createQueryBuilder('d')
      .select(byYear ? heiheYear : "'all'", 'bucket')
      .addSelect('d.channel', 'channel')
      .addSelect('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('d.createdAt >= :start AND d.createdAt < :end', {
        start: new Date(`${from}T00:00:00+08:00`),
        end: new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000),
      })
      .groupBy('bucket')
      .addGroupBy('d.channel')
      .addGroupBy('d.status')
      .getRawMany<{ bucket: unknown; channel: Channel; status: DeliveryStatus; count: unknown }>();
    const tallied = ctx
      .repo(DeliveryTally)
      .createQueryBuilder('t')
      .select(byYear ? 'SUBSTR(t.day, 1, 4)' : "'all'", 'bucket')
      .addSelect('t.channel', 'channel')
      .addSelect('t.status', 'status')
      .addSelect('SUM(t.count)', 'count')
      .where('t.day BETWEEN :from AND :to', { from, to })
      .groupBy('bucket')
      .addGroupBy('t.channel')
      .addGroupBy('t.status')
      .getRawMany<{ bucket: unknown; channel: Channel; status: DeliveryStatus; count: unknown }>();
    const rows = [...(await live), ...(await tallied)];
    return rows.map((r) => ({
      bucket: String(r.bucket),
      channel: r.channel,
      status: r.status,
      count: Number(r.count),
    }));
  }
}
