import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, Repository } from 'typeorm';
import { IntervalJob } from '../common/jobs/interval-job';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { Delivery } from './delivery.entity';
import { Dispatcher } from './dispatcher';
import { OutboxEntry } from './outbox-entry.entity';

const BATCH = 200;

/**
 * Moves outbox rows to the queue and takes back what the queue lost. Right after a commit
 * the use case's own process hands its rows over (NotificationsService.kick); this poller,
 * running in every job process, covers everything else: rows written while Redis was down,
 * digests that became due, rows and deliveries whose jobs vanished with a restarted Redis
 * or a killed worker.
 */
@Injectable()
export class OutboxRelay extends IntervalJob {
  private readonly mysql: boolean;

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly dispatcher: Dispatcher,
    @InjectRepository(OutboxEntry) private readonly outbox: Repository<OutboxEntry>,
    @InjectRepository(Delivery) private readonly deliveries: Repository<Delivery>,
  ) {
    super({
      runsJobs: config.runsJobs,
      intervalMs: config.notifications.pollMs,
      name: 'OutboxRelay',
    });
    this.mysql = outbox.manager.connection.options.type !== 'better-sqlite3';
  }

  /**
   * How long a handed-over row may wait before the relay checks on its job. With Bull a
   * queue can be long and a job may wait; in-process there is no queue to wait on.
   */
  get staleAfterMs(): number {
    return this.dispatcher.inProcess ? 0 : 10 * this.config.notifications.pollMs;
  }

  /** One round; `now` lets tests move time forward. */
  async run(now = new Date()): Promise<void> {
    if (!this.dispatcher.ready) return;
    await this.handOverDue(now);
    await this.recoverStuckOutbox(now);
    await this.recoverDeliveries(now);
  }

  /** Pending rows, claimed with SKIP LOCKED so several relays never take the same row. */
  private async handOverDue(now: Date): Promise<void> {
    await this.transactions.run(null, async (tx) => {
      const m = tx.manager;
      const query = m
        .createQueryBuilder(OutboxEntry, 'o')
        .select(['o.id'])
        .where('o.status = :pending', { pending: 'pending' })
        .andWhere('o.availableAt <= :now', { now })
        .orderBy('o.availableAt', 'ASC')
        .limit(BATCH);
      if (this.mysql) query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await query.getMany()).map((row) => row.id);
      if (!ids.length) return;
      if (!(await this.dispatcher.outbox(ids))) return;
      await m.update(
        OutboxEntry,
        { id: In(ids), status: 'pending' },
        { status: 'enqueued', enqueuedAt: now, attempts: () => 'attempts + 1' },
      );
    });
  }

  private async recoverStuckOutbox(now: Date): Promise<void> {
    const stuck = await this.outbox.find({
      select: { id: true },
      where: {
        status: 'enqueued',
        enqueuedAt: LessThanOrEqual(new Date(now.getTime() - this.staleAfterMs)),
      },
      take: BATCH,
    });
    for (const { id } of stuck) {
      if (await this.dispatcher.holds('outbox', id)) continue;
      this.logger.warn(`Outbox row ${id} lost its job; handing it over again`);
      await this.dispatcher.requeue('outbox', id, 0);
      await this.outbox.update({ id }, { enqueuedAt: now, attempts: () => 'attempts + 1' });
    }
  }

  private async recoverDeliveries(now: Date): Promise<void> {
    const due = await this.deliveries.find({
      select: { id: true },
      where: {
        status: 'pending',
        nextAttemptAt: LessThanOrEqual(new Date(now.getTime() - this.staleAfterMs)),
      },
      order: { nextAttemptAt: 'ASC' },
      take: BATCH,
    });
    for (const { id } of due) {
      if (await this.dispatcher.holds('deliver', id)) continue;
      await this.dispatcher.requeue('deliver', id, 0);
    }
  }
}
