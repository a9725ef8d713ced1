import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Transactions, Tx } from '../database/transactions';
import type { Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { Recipient, UsersService } from '../users/users.service';
import { Delivery } from './delivery.entity';
import { Mailer, MailError } from './mailer';
import { UnsubscribeLinks } from './unsubscribe';
import { RenderedMessage, renderMessage } from './message-renderer';
import { Channel, EventData, readAudience, retryDelayMs } from './notification-events';
import { OutboxEntry } from './outbox-entry.entity';
import { UserNotification } from './user-notification.entity';
import { postWebhook, signStandardWebhook, signWebhook } from './webhook-sender';
import { WebhooksService } from './webhooks.service';

/** Recipients expanded, and their rows written, per transaction. */
export const EXPANSION_BATCH = 500;

/** A delivery to hand to the queue, not before `delayMs`. */
export interface DueDelivery {
  id: string;
  delayMs: number;
}

export type DeliveryOutcome = 'sent' | 'failed' | 'retry' | 'skipped';

/** Thrown to the queue so it tries again later (Bull's backoff); the row already says when. */
export class RetryLater extends Error {
  override name = 'RetryLater';
}

/**
 * The same id for the same (event, channel, recipient) on every expansion: a second
 * expansion of an event inserts nothing new, and in-app rows can point at it.
 */
export function deliveryId(outboxId: string, channel: Channel, recipientKey: string): string {
  const hex = createHash('sha256').update(`${outboxId}|${channel}|${recipientKey}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The work behind the queue, the same whether Bull or the embedded runner calls it:
 * expanding an outbox row into deliveries, and sending one delivery. Both are idempotent.
 */
@Injectable()
export class DeliveriesService {
  private readonly logger = new Logger(DeliveriesService.name);
  /**
   * An event's rows never change what they say, and every recipient reading one language
   * reads the same text: rendered once per event and language, not once per recipient.
   */
  private readonly messages = new BoundedCache<RenderedMessage>(400);
  private readonly events = new BoundedCache<OutboxEntry>(200);

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly translator: Translator,
    private readonly mailer: Mailer,
    private readonly unsubscribe: UnsubscribeLinks,
    private readonly users: UsersService,
    private readonly webhooks: WebhooksService,
    @InjectRepository(OutboxEntry) private readonly outbox: Repository<OutboxEntry>,
    @InjectRepository(Delivery) private readonly deliveries: Repository<Delivery>,
  ) {}

  /** How long a claimed delivery is left to its sender before another may take it. */
  get leaseMs(): number {
    return 3 * this.config.notifications.sendTimeoutMs;
  }

  /**
   * Writes the deliveries of one event, `EXPANSION_BATCH` recipients per transaction, and
   * hands each batch's e-mails and webhooks to `dispatch` once committed. In-app messages
   * are written in the same transaction as their delivery, so they exist exactly once.
   * An interrupted expansion resumes after the last committed batch.
   */
  async expand(outboxId: string, dispatch: (due: DueDelivery[]) => Promise<void>): Promise<void> {
    const row = await this.outbox.findOneBy({ id: outboxId });
    if (!row || row.status === 'done') return;
    const audience = readAudience(row.audience);
    const data = JSON.parse(row.data) as EventData;
    const channels = (row.channels ? row.channels.split(',') : []) as Channel[];

    const targets = await this.webhooks.subscribersOf(row.event, audience);
    if (targets.length) {
      const rows = targets.map((target) =>
        this.newDelivery(row, 'webhook', target.id, {
          webhookId: target.id,
          organizationId: target.organizationId,
          language: 'zh',
        }),
      );
      await this.transactions.run(null, (tx) => this.insertIgnoring(tx, Delivery, rows));
      await dispatch(rows.map((d) => ({ id: d.id, delayMs: 0 })));
    }

    let cursor = row.expandedThrough;
    while (channels.length) {
      const batch = await this.users.recipients(audience, cursor, EXPANSION_BATCH);
      if (!batch.length) break;
      const last = batch[batch.length - 1].id;
      const emails = await this.transactions.run(null, async (tx) => {
        const m = tx.manager;
        const rows: Delivery[] = [];
        const inbox: UserNotification[] = [];
        for (const user of batch) {
          for (const channel of channels) {
            // Notices only: what concerns a person's own participants always arrives.
            if (channel === 'email' && row.event === 'notice.published' && !user.noticeEmails) {
              continue;
            }
            const delivery = this.newDelivery(row, channel, user.id, {
              userId: user.id,
              organizationId: user.organizationId,
              language: user.preferredLanguage,
            });
            if (channel === 'in_app') {
              Object.assign(delivery, { status: 'sent', attempts: 1, sentAt: new Date() });
              inbox.push(this.inboxRow(delivery, row, data, user.preferredLanguage));
            }
            rows.push(delivery);
          }
        }
        await this.insertIgnoring(tx, Delivery, rows);
        await this.insertIgnoring(tx, UserNotification, inbox);
        await m.update(OutboxEntry, { id: row.id }, { expandedThrough: last });
        return rows.filter((d) => d.channel === 'email');
      });
      await dispatch(emails.map((d) => ({ id: d.id, delayMs: 0 })));
      cursor = last;
      if (batch.length < EXPANSION_BATCH) break;
    }
    await this.outbox.update({ id: row.id }, { status: 'done', doneAt: new Date() });
  }

  /**
   * Sends one delivery unless it is sent, failed, not due, or claimed by another sender.
   * The claim counts the attempt and leases the row for `leaseMs` before anything leaves,
   * so two workers never send the same delivery at once.
   */
  async deliver(id: string): Promise<DeliveryOutcome> {
    const now = Date.now();
    const claimed = await this.deliveries
      .createQueryBuilder()
      .update(Delivery)
      .set({ attempts: () => 'attempts + 1', nextAttemptAt: new Date(now + this.leaseMs) })
      .where('id = :id', { id })
      .andWhere('status = :pending', { pending: 'pending' })
      // A second of slack: the queue's clock and the database's may differ a little.
      .andWhere('nextAttemptAt <= :due', { due: new Date(now + 1000) })
      .execute();
    if (!claimed.affected) return 'skipped';
    const delivery = await this.deliveries.findOneByOrFail({ id });
    const event = await this.eventOf(delivery.outboxId);
    let outcome: { ok: boolean; permanent: boolean; error?: string; language?: Language };
    try {
      outcome = await this.send(delivery, event);
    } catch (error) {
      outcome = { ok: false, permanent: false, error: (error as Error).message };
    }
    const { maxAttempts, retryBaseMs } = this.config.notifications;
    const language = outcome.language ?? delivery.language;
    if (outcome.ok) {
      await this.deliveries.update(
        { id },
        { status: 'sent', sentAt: new Date(), lastError: null, language },
      );
      return 'sent';
    }
    const lastError = withoutAddresses(outcome.error ?? 'failed').slice(0, 500);
    if (outcome.permanent || delivery.attempts >= maxAttempts) {
      await this.deliveries.update({ id }, { status: 'failed', lastError, language });
      this.logger.warn(
        `Delivery ${id} (${delivery.channel}) failed after ${delivery.attempts} attempts: ${lastError}`,
      );
      return 'failed';
    }
    const nextAttemptAt = new Date(Date.now() + retryDelayMs(delivery.attempts, retryBaseMs));
    await this.deliveries.update({ id }, { nextAttemptAt, lastError, language });
    return 'retry';
  }

  private async send(
    delivery: Delivery,
    event: OutboxEntry,
  ): Promise<{ ok: boolean; permanent: boolean; error?: string; language?: Language }> {
    const data = JSON.parse(event.data) as EventData;
    if (delivery.channel === 'webhook') return this.sendWebhook(delivery, event, data);
    const recipient = delivery.userId ? await this.users.recipient(delivery.userId) : undefined;
    if (!recipient) return { ok: false, permanent: true, error: 'recipient disabled or removed' };
    if (delivery.channel === 'in_app') {
      await this.transactions.run(null, (tx) =>
        this.insertIgnoring(tx, UserNotification, [
          this.inboxRow(delivery, event, data, recipient.preferredLanguage),
        ]),
      );
      return { ok: true, permanent: false, language: recipient.preferredLanguage };
    }
    return this.sendEmail(delivery, event, data, recipient);
  }

  private async sendEmail(
    delivery: Delivery,
    event: OutboxEntry,
    data: EventData,
    recipient: Recipient,
  ) {
    const language = recipient.preferredLanguage;
    const message = this.render(event, data, language, this.config.publicUrl);
    // A notice goes to many people, who may stop it with one click (RFC 2369, RFC 8058).
    const headers =
      event.event === 'notice.published'
        ? {
            'List-Unsubscribe': `<${this.unsubscribe.url(recipient.id)}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          }
        : undefined;
    try {
      await this.mailer.send({
        id: delivery.id,
        to: recipient.email,
        language,
        ...message,
        headers,
      });
      return { ok: true, permanent: false, language };
    } catch (error) {
      const permanent = error instanceof MailError && error.permanent;
      return { ok: false, permanent, error: (error as Error).message, language };
    }
  }

  private async sendWebhook(delivery: Delivery, event: OutboxEntry, data: EventData) {
    const target = delivery.webhookId ? await this.webhooks.target(delivery.webhookId) : undefined;
    if (!target || target.disabled) {
      return { ok: false, permanent: true, error: 'endpoint disabled or removed' };
    }
    const body = JSON.stringify(this.webhookPayload(delivery, event, data));
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await postWebhook({
      url: target.url,
      body,
      headers: {
        'x-webhook-id': delivery.id,
        'x-webhook-event': event.event,
        'x-webhook-timestamp': String(timestamp),
        'x-webhook-signature': signWebhook(target.secret, timestamp, body),
        // Standard Webhooks, for receivers verifying with its published libraries.
        'webhook-id': delivery.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(target.secret, delivery.id, timestamp, body),
      },
      timeoutMs: this.config.notifications.sendTimeoutMs,
      allowPrivate: this.config.notifications.webhookAllowPrivate,
    });
    if (result.gone) await this.webhooks.disable(target.id, `HTTP 410 on delivery ${delivery.id}`);
    return { ok: result.delivered, permanent: result.permanent, error: result.error };
  }

  /** The same body on every retry: both languages, the event's data, no send time. */
  webhookPayload(delivery: Delivery, event: OutboxEntry, data: EventData) {
    const message = (lang: Language) => {
      const { subject, text, link } = this.render(event, data, lang, this.config.publicUrl);
      return { subject, text, link };
    };
    return {
      id: delivery.id,
      event: event.event,
      occurredAt: event.createdAt.toISOString(),
      data,
      message: { zh: message('zh'), ru: message('ru') },
    };
  }

  private render(
    event: OutboxEntry,
    data: EventData,
    lang: Language,
    publicUrl: string,
  ): RenderedMessage {
    const key = `${event.id}|${lang}|${publicUrl}`;
    return this.messages.get(key, () =>
      renderMessage(this.translator, lang, event.event, data, publicUrl),
    );
  }

  private async eventOf(id: string): Promise<OutboxEntry> {
    const cached = this.events.peek(id);
    if (cached) return cached;
    const row = await this.outbox.findOneByOrFail({ id });
    return this.events.get(id, () => row);
  }

  private inboxRow(
    delivery: Delivery,
    event: OutboxEntry,
    data: EventData,
    lang: Language,
  ): UserNotification {
    const message = this.render(event, data, lang, '');
    return Object.assign(new UserNotification(), {
      id: randomUUID(),
      userId: delivery.userId!,
      deliveryId: delivery.id,
      event: event.event,
      title: message.subject.slice(0, 300),
      body: message.body,
      link: message.link,
      readAt: null,
    });
  }

  private newDelivery(
    row: OutboxEntry,
    channel: Channel,
    recipientKey: string,
    extra: Pick<Delivery, 'language'> & Partial<Delivery>,
  ): Delivery {
    return Object.assign(new Delivery(), {
      id: deliveryId(row.id, channel, recipientKey),
      outboxId: row.id,
      event: row.event,
      channel,
      recipientKey,
      userId: null,
      webhookId: null,
      organizationId: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(),
      lastError: null,
      sentAt: null,
      ...extra,
    });
  }

  /** INSERT IGNORE (MySQL) / INSERT OR IGNORE (SQLite): existing keys are left as they are. */
  private async insertIgnoring<T extends object>(
    tx: Tx,
    target: new () => T,
    rows: T[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 250) {
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(target)
        .values(rows.slice(i, i + 250))
        .orIgnore()
        .updateEntity(false)
        .execute();
    }
  }
}

/** Servers quote the refused address in their errors; it stays out of logs and the admin list. */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"',;:()]+@[^\s<>"',;:()]+/g, '<address>');
}

/** A small cache that forgets its oldest entries first. */
class BoundedCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly size: number) {}

  peek(key: string): T | undefined {
    return this.entries.get(key);
  }

  get(key: string, make: () => T): T {
    const found = this.entries.get(key);
    if (found !== undefined) return found;
    const made = make();
    this.entries.set(key, made);
    if (this.entries.size > this.size) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return made;
  }
}
