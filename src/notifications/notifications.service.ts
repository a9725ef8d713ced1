import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { FindOptionsWhere, In, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { skipTake } from '../common/http/pagination';
import { forUpdate, Transactions, Tx } from '../database/transactions';
import { Delivery } from './delivery.entity';
import { Dispatcher } from './dispatcher';
import {
  DeliveryDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  InboxItemDto,
  InboxPageDto,
  InboxQueryDto,
  ReadAllDto,
} from './dto/notification.dto';
import { NotificationEvent } from './notification-events';
import { OutboxEntry } from './outbox-entry.entity';
import { UserNotification } from './user-notification.entity';

/**
 * What other features call: `emit` inside their transaction (the outbox), and what users
 * and organizers read: the in-app inbox and the deliveries' state.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly dueAfterCommit = new WeakMap<Tx, string[]>();

  constructor(
    private readonly transactions: Transactions,
    private readonly dispatcher: Dispatcher,
    private readonly audit: AuditService,
    @InjectRepository(UserNotification) private readonly inbox: Repository<UserNotification>,
    @InjectRepository(Delivery) private readonly deliveries: Repository<Delivery>,
    @InjectRepository(OutboxEntry) private readonly outbox: Repository<OutboxEntry>,
  ) {}

  /**
   * Writes the event in the caller's transaction; once that commits, hands it to the
   * queue without waiting. A rollback leaves no trace; a queue that is down only delays.
   * An event whose `dedupeKey` was already written is dropped.
   */
  async emit(tx: Tx, event: NotificationEvent): Promise<void> {
    const m = tx.manager;
    const id = randomUUID();
    const availableAt = event.availableAt ?? new Date();
    await m
      .createQueryBuilder()
      .insert()
      .into(OutboxEntry)
      .values({
        id,
        event: event.event,
        audience: JSON.stringify(event.audience),
        data: JSON.stringify(event.data),
        channels: (event.channels ?? ['email', 'in_app']).join(','),
        dedupeKey: event.dedupeKey ?? null,
        status: 'pending',
        availableAt,
        enqueuedAt: null,
        doneAt: null,
        expandedThrough: null,
        attempts: 0,
        lastError: null,
        participantId: event.participantId ?? null,
      })
      .orIgnore()
      .updateEntity(false)
      .execute();
    if (availableAt.getTime() > Date.now()) return;
    // One hand-over per transaction, however many events it wrote (a batch of decisions).
    const due = this.dueAfterCommit.get(tx);
    if (due) {
      due.push(id);
      return;
    }
    this.dueAfterCommit.set(tx, [id]);
    tx.afterCommit(() => this.kick(this.dueAfterCommit.get(tx) ?? [id]));
  }

  /** Hands rows to the queue; what cannot be handed now is left to the relay. */
  kick(ids: string[]): void {
    this.dispatcher
      .outbox(ids)
      .then((handed) =>
        handed
          ? this.outbox.update(
              { id: In(ids), status: 'pending' },
              { status: 'enqueued', enqueuedAt: new Date(), attempts: () => 'attempts + 1' },
            )
          : undefined,
      )
      .catch((error: unknown) =>
        this.logger.warn(`Outbox hand-over deferred to the relay: ${(error as Error).message}`),
      );
  }

  async listInbox(caller: Caller, query: InboxQueryDto): Promise<InboxPageDto> {
    const where: FindOptionsWhere<UserNotification> = { userId: caller.userId };
    if (query.unread) where.readAt = IsNull();
    const [[rows, total], unread] = await Promise.all([
      this.inbox.findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'ASC' },
        ...skipTake(query),
      }),
      this.inbox.countBy({ userId: caller.userId, readAt: IsNull() }),
    ]);
    return {
      items: rows.map((row) => InboxItemDto.from(row)),
      total,
      unread,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Someone else's message is 404, as if it did not exist. */
  async markRead(caller: Caller, id: string): Promise<InboxItemDto> {
    const row = await this.inbox.findOneBy({ id, userId: caller.userId });
    if (!row) throw notFound();
    if (!row.readAt) {
      row.readAt = new Date();
      await this.inbox.update({ id, readAt: IsNull() }, { readAt: row.readAt });
    }
    return InboxItemDto.from(row);
  }

  async markAllRead(caller: Caller): Promise<ReadAllDto> {
    const result = await this.inbox.update(
      { userId: caller.userId, readAt: IsNull() },
      { readAt: new Date() },
    );
    return { updated: result.affected ?? 0 };
  }

  async listDeliveries(query: DeliveryQueryDto): Promise<DeliveryPageDto> {
    const where: FindOptionsWhere<Delivery> = {};
    if (query.status) where.status = query.status;
    if (query.channel) where.channel = query.channel;
    if (query.event) where.event = query.event;
    const [rows, total] = await this.deliveries.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      ...skipTake(query),
    });
    return {
      items: rows.map((row) => DeliveryDto.from(row)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Tries a failed (or still pending) delivery again now, with a fresh count of attempts.
   * A sent one is never sent twice: 409.
   */
  async retry(caller: Caller, id: string): Promise<DeliveryDto> {
    const row = await this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const delivery = await m.findOne(Delivery, { where: { id }, ...forUpdate(tx) });
      if (!delivery) throw notFound();
      if (delivery.status === 'sent') throw new AppError('NOTIFICATION_ALREADY_SENT');
      Object.assign(delivery, { status: 'pending', attempts: 0, nextAttemptAt: new Date() });
      await m.save(delivery);
      await this.audit.record(tx, {
        action: 'retry',
        entityType: 'notification_delivery',
        entityId: id,
      });
      tx.afterCommit(() => {
        this.dispatcher
          .requeue('deliver', id, 0)
          .catch((error: unknown) =>
            this.logger.warn(`Retry left to the relay: ${(error as Error).message}`),
          );
      });
      return delivery;
    });
    return DeliveryDto.from(row);
  }
}
