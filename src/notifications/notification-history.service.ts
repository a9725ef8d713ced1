import { Injectable } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { updateEach } from '../database/bulk-update';
import { isUniqueViolation } from '../database/errors';
import { Ctx, forUpdate, Transactions, Tx } from '../database/transactions';
import { Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { randomUUID } from 'node:crypto';
import { HEIHE_ZONE, todayIn } from '../localization/local-times';
import { Delivery } from './delivery.entity';
import { DeliveryTally } from './delivery-tally.entity';
import { renderMessage } from './message-renderer';
import { Channel, DeliveryStatus, EventData, Localized } from './notification-events';
import { OutboxEntry } from './outbox-entry.entity';
import { UserNotification } from './user-notification.entity';

const DAY_MS = 86_400_000;

/**
 * A delivery `d` (with its message `n`, if any) that the history no longer needs. Never
 * NULL (an unread message's `readAt` is spelt out), so that `NOT (…)` means "needed".
 */
const PRUNABLE_DELIVERY =
  "d.status IN ('sent', 'failed') AND d.updatedAt < :cutoff " +
  'AND (n.id IS NULL OR (n.readAt IS NOT NULL AND n.readAt < :messageCutoff))';
/** Read in-app messages are kept at least a year, whatever the history policy says. */
const READ_MESSAGE_DAYS = 365;

export interface HistoryCounts {
  messages: number;
  deliveries: number;
  outbox: number;
}

/** A delivery as a person's copy of their data lists it: what was sent, never to whom. */
export interface DeliveryRecord {
  event: string;
  channel: Channel;
  status: DeliveryStatus;
  language: Language;
  createdAt: string;
  sentAt: string | null;
}

/**
 * The notification history's lifetime: rows past their use are deleted in small batches,
 * and the events that named a person are rewritten when that person's data is erased.
 */
@Injectable()
export class NotificationHistoryService {
  constructor(
    private readonly transactions: Transactions,
    private readonly translator: Translator,
    private readonly config: AppConfig,
  ) {}

  /** What `prune` would delete now: counts only. */
  async due(ctx: Ctx, now: Date): Promise<HistoryCounts> {
    const cutoffs = this.cutoffs(now);
    const [messages, deliveries, outbox] = await Promise.all([
      ctx.repo(UserNotification).count({ where: { readAt: LessThan(cutoffs.messageCutoff) } }),
      this.prunableDeliveries(ctx, cutoffs, 1_000_000).then((ids) => ids.length),
      this.prunableOutbox(ctx, cutoffs, 1_000_000).then((ids) => ids.length),
    ]);
    return { messages, deliveries, outbox };
  }

  /**
   * Deletes read in-app messages older than a year, then deliveries older than the
   * history policy that were sent or finally failed and have no message left, then
   * finished outbox rows with no delivery left: one batch per transaction, oldest first.
   */
  async prune(now: Date, batch: number): Promise<HistoryCounts> {
    const cutoffs = this.cutoffs(now);
    const { messageCutoff } = cutoffs;
    const counts: HistoryCounts = { messages: 0, deliveries: 0, outbox: 0 };
    const read = this.transactions.read(null);
    counts.messages = await this.inBatches(async () => {
      const rows = await read.repo(UserNotification).find({
        where: { readAt: LessThan(messageCutoff) },
        select: { id: true },
        take: batch,
      });
      return this.remove(
        UserNotification,
        rows.map((r) => r.id),
      );
    });
    counts.deliveries = await this.inBatches(async () =>
      this.removeDeliveries(await this.prunableDeliveries(read, cutoffs, batch)),
    );
    counts.outbox = await this.inBatches(async () =>
      this.remove(OutboxEntry, await this.prunableOutbox(read, cutoffs, batch)),
    );
    return counts;
  }

  /** The deliveries of events about one person, oldest first. */
  async deliveriesAbout(ctx: Ctx, participantId: string): Promise<DeliveryRecord[]> {
    const rows = await ctx
      .repo(Delivery)
      .createQueryBuilder('d')
      .innerJoin(OutboxEntry, 'o', 'o.id = d.outboxId')
      .where('o.participantId = :participantId', { participantId })
      .orderBy('d.createdAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    return rows.map((d) => ({
      event: d.event,
      channel: d.channel,
      status: d.status,
      language: d.language,
      createdAt: d.createdAt.toISOString(),
      sentAt: d.sentAt ? d.sentAt.toISOString() : null,
    }));
  }

  /**
   * The events naming these people now name them as they are kept (initials), and their
   * in-app messages are written again from that: a message still in someone's inbox no
   * longer carries an erased name. E-mails already sent are beyond reach.
   */
  async forgetParticipants(tx: Tx, names: Map<string, Localized>): Promise<number> {
    if (!names.size) return 0;
    const events = await tx.repo(OutboxEntry).find({
      where: { participantId: In([...names.keys()]) },
      select: { id: true, event: true, data: true, participantId: true },
    });
    const changed = new Map<string, { event: string; data: EventData; json: string }>();
    for (const event of events) {
      const data = JSON.parse(event.data) as EventData;
      data.participant = names.get(event.participantId!) ?? null;
      const json = JSON.stringify(data);
      if (json !== event.data) changed.set(event.id, { event: event.event, data, json });
    }
    if (!changed.size) return 0;
    await updateEach(
      tx,
      'notification_outbox',
      [...changed].map(([id, e]) => ({ id, set: { data: e.json } })),
    );
    const messages: { id: string; language: Language; outboxId: string }[] = [];
    const ids = [...changed.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      messages.push(
        ...(await tx
          .repo(UserNotification)
          .createQueryBuilder('n')
          .innerJoin(Delivery, 'd', 'd.id = n.deliveryId')
          .select(['n.id AS id', 'd.language AS language', 'd.outboxId AS outboxId'])
          .where('d.outboxId IN (:...ids)', { ids: ids.slice(i, i + 500) })
          .getRawMany<{ id: string; language: Language; outboxId: string }>()),
      );
    }
    await updateEach(
      tx,
      'user_notifications',
      messages.map((message) => {
        const e = changed.get(message.outboxId)!;
        const rendered = renderMessage(this.translator, message.language, e.event, e.data, '');
        return {
          id: message.id,
          set: { title: rendered.subject.slice(0, 300), body: rendered.body },
        };
      }),
    );
    return changed.size;
  }

  private cutoffs(now: Date) {
    const days = this.config.retention.historyDays;
    return {
      cutoff: new Date(now.getTime() - days * DAY_MS),
      messageCutoff: new Date(now.getTime() - Math.max(READ_MESSAGE_DAYS, days) * DAY_MS),
    };
  }

  /**
   * Deliveries older than the history age that were sent or finally failed, whose in-app
   * message (if any) is read and past its year too: an unread message, or one read within
   * the year, keeps its delivery. The same test whether the messages are gone already
   * (a pass) or not yet (the preview).
   */
  private async prunableDeliveries(
    ctx: Ctx,
    cutoffs: { cutoff: Date; messageCutoff: Date },
    limit: number,
  ): Promise<string[]> {
    const rows = await ctx
      .repo(Delivery)
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .leftJoin(UserNotification, 'n', 'n.deliveryId = d.id')
      .where(PRUNABLE_DELIVERY, cutoffs)
      .orderBy('d.updatedAt', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Finished events older than the history age whose deliveries are all prunable. */
  private async prunableOutbox(
    ctx: Ctx,
    cutoffs: { cutoff: Date; messageCutoff: Date },
    limit: number,
  ): Promise<string[]> {
    const rows = await ctx
      .repo(OutboxEntry)
      .createQueryBuilder('o')
      .select('o.id', 'id')
      .where("o.status = 'done'")
      .andWhere('o.doneAt < :cutoff', cutoffs)
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM notification_deliveries d ' +
          'LEFT JOIN user_notifications n ON n.deliveryId = d.id ' +
          `WHERE d.outboxId = o.id AND NOT (${PRUNABLE_DELIVERY}))`,
        cutoffs,
      )
      .orderBy('o.doneAt', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  private async remove(
    entity: typeof UserNotification | typeof OutboxEntry,
    ids: string[],
  ): Promise<number> {
    if (!ids.length) return 0;
    await this.transactions.run(null, (tx) => tx.manager.delete(entity, { id: In(ids) }));
    return ids.length;
  }

  /**
   * Deletes deliveries and, in the same transaction, adds them to the day's tallies, so
   * the statistics of deliveries and failures stay true after the rows are gone.
   */
  private async removeDeliveries(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    await this.transactions.run(null, async (tx) => {
      // Locked: a pass running at the same time waits, then finds these gone, and counts
      // nothing twice.
      const rows = await tx.repo(Delivery).find({
        where: { id: In(ids) },
        select: { id: true, createdAt: true, channel: true, status: true },
        ...forUpdate(tx),
      });
      const tallies = new Map<
        string,
        { day: string; channel: Channel; status: DeliveryStatus; n: number }
      >();
      for (const row of rows) {
        const day = todayIn(HEIHE_ZONE, row.createdAt);
        const key = `${day}|${row.channel}|${row.status}`;
        const tally = tallies.get(key) ?? { day, channel: row.channel, status: row.status, n: 0 };
        tally.n += 1;
        tallies.set(key, tally);
      }
      for (const { day, channel, status, n } of tallies.values()) {
        await this.tally(tx, { day, channel, status }, n);
      }
      await tx.manager.delete(Delivery, { id: In(rows.map((r) => r.id)) });
    });
    return ids.length;
  }

  /** Adds `n` to a day's tally, making it if it is the first (another pass may make it too). */
  private async tally(
    tx: Tx,
    key: { day: string; channel: Channel; status: DeliveryStatus },
    n: number,
  ): Promise<void> {
    const added = async () => (await tx.repo(DeliveryTally).increment(key, 'count', n)).affected;
    if (await added()) return;
    try {
      await tx.repo(DeliveryTally).insert({ id: randomUUID(), ...key, count: n });
    } catch (error) {
      // Made meanwhile by another pass: a failed insert leaves the transaction usable on
      // MySQL (SQLite runs one pass at a time), so the increment is simply made again.
      if (!isUniqueViolation(error) || !(await added())) throw error;
    }
  }

  /** Repeats `step` until it removes nothing; the total removed. */
  private async inBatches(step: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let removed = await step(); removed > 0; removed = await step()) total += removed;
    return total;
  }
}
