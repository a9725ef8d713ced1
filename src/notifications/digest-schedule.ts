import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { IntervalJob } from '../common/jobs/interval-job';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { readableTimes } from '../localization/local-times';
import { NotificationsService } from './notifications.service';
import { OutboxEntry } from './outbox-entry.entity';

const HOUR_MS = 3_600_000;

/** `2026-11-28T14:00:00+08:00 (Asia/Shanghai)` and the same on the other bank. */
const clock = readableTimes;
const LOOK_BACK_HOURS = 24;

/** The clock hours (UTC-aligned, so whole hours in Heihe and Blagoveshchensk too) with submissions. */
export function completedHours(submittedAt: Date[], now: Date): Map<number, number> {
  const counts = new Map<number, number>();
  for (const at of submittedAt) {
    const start = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
    if (start + HOUR_MS > now.getTime()) continue;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return counts;
}

/**
 * Organizers learn of new applications once an hour, in-app: one message per clock hour
 * that had any, written once however many workers run it (the outbox's dedupe key).
 */
@Injectable()
export class DigestSchedule extends IntervalJob {
  constructor(
    config: AppConfig,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsService,
    @InjectRepository(OutboxEntry) private readonly outbox: Repository<OutboxEntry>,
  ) {
    super({ runsJobs: config.runsJobs, intervalMs: 60_000, name: 'DigestSchedule' });
  }

  /** Emits the digests of completed hours in the last day; returns how many were new or repeated. */
  async run(now = new Date()): Promise<number> {
    const rows = await this.outbox.find({
      select: { createdAt: true },
      where: {
        event: 'application.submitted',
        channels: '',
        createdAt: MoreThanOrEqual(new Date(now.getTime() - LOOK_BACK_HOURS * HOUR_MS)),
      },
    });
    const hours = completedHours(
      rows.map((row) => row.createdAt),
      now,
    );
    for (const [start, count] of hours) {
      const from = new Date(start);
      const to = new Date(start + HOUR_MS);
      await this.transactions.run(null, (tx) =>
        this.notifications.emit(tx, {
          event: 'application.submitted',
          audience: { roles: ['organizer'] },
          channels: ['in_app'],
          dedupeKey: `digest:application.submitted:${from.toISOString()}`,
          data: {
            variant: 'digest',
            count,
            from: clock(from).heihe,
            to: clock(to).heihe,
            fromRu: clock(from).blagoveshchensk,
            toRu: clock(to).blagoveshchensk,
          },
        }),
      );
    }
    return hours.size;
  }
}
