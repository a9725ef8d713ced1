import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { Caller, Role } from '../common/auth/caller';
import { AppError, fieldError, notFound } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import type { OrganizationType } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { AuditService } from '../audit/audit.service';
import { isDeadlock, isUniqueViolation } from '../database/errors';
import { forUpdate, Transactions } from '../database/transactions';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDto } from './dto/webhook.dto';
import { Audience, audienceIncludes } from './notification-events';
import { SecretBox } from '../common/crypto/secret-box';
import { checkWebhookUrl, isValidWebhookSecret, standardWebhookSecret } from './webhook-sender';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export const WEBHOOKS_PER_ORGANIZATION = 10;

/** The subkey webhook signing secrets are sealed under (unchanged since they were first). */
const WEBHOOK_SECRET_PURPOSE = 'youth-bridge/notifications/webhook-secret/aes-256-gcm';

const ROLE_OF: Record<OrganizationType, Role> = {
  committee: 'organizer',
  school: 'school_coordinator',
  partner: 'partner',
};

export interface WebhookSubscriber {
  id: string;
  organizationId: string;
}

export interface WebhookTarget extends WebhookSubscriber {
  url: string;
  secret: string;
  disabled: boolean;
}

/** Organizations' event receivers: each organization sees and manages only its own. */
@Injectable()
export class WebhooksService {
  private readonly box: SecretBox;

  constructor(
    private readonly config: AppConfig,
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {
    this.box = new SecretBox(config.encryptionKeys, WEBHOOK_SECRET_PURPOSE);
  }

  async create(caller: Caller, input: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const problem = await checkWebhookUrl(input.url, this.config.notifications.webhookAllowPrivate);
    if (problem) throw fieldError('url', problem);
    if (input.secret !== undefined && !isValidWebhookSecret(input.secret)) {
      throw fieldError('secret', 'WEBHOOK_SECRET_INVALID');
    }
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    const entity = await this.register(caller, input, secret);
    return {
      ...WebhookDto.from(entity),
      secret,
      standardWebhooksSecret: standardWebhookSecret(secret),
    };
  }

  /**
   * Takes a free place of the organization's and inserts, in one transaction. When a
   * parallel registration took the same place first, the unique index refuses this one,
   * which tries again with the places left: each refusal means a place was taken, so
   * there are at most as many retries as places. A random place among the free ones makes
   * such collisions rare.
   */
  private async register(
    caller: Caller,
    input: CreateWebhookDto,
    secret: string,
  ): Promise<WebhookEndpoint> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(caller, async (tx) => {
          const m = tx.manager;
          const taken = await m.find(WebhookEndpoint, {
            select: { id: true, slot: true },
            where: { organizationId: caller.organizationId },
          });
          const used = new Set(taken.map((row) => row.slot));
          const free = Array.from({ length: WEBHOOKS_PER_ORGANIZATION }, (_, i) => i + 1).filter(
            (slot) => !used.has(slot),
          );
          // Endpoints registered beyond the limit before it held still count.
          if (taken.length >= WEBHOOKS_PER_ORGANIZATION || !free.length) {
            throw new AppError('WEBHOOK_LIMIT_REACHED', { limit: WEBHOOKS_PER_ORGANIZATION });
          }
          const id = randomUUID();
          const created = m.create(WebhookEndpoint, {
            id,
            organizationId: caller.organizationId,
            slot: free[randomInt(free.length)],
            url: input.url,
            events: input.events.join(','),
            secret: this.box.seal(secret, id),
            disabledAt: null,
            disabledReason: null,
            createdById: caller.userId,
          });
          await m.save(created);
          await this.audit.record(tx, {
            action: 'create',
            entityType: 'webhook',
            entityId: id,
          });
          return created;
        });
      } catch (error) {
        const contended = isUniqueViolation(error) || isDeadlock(error);
        if (!contended || attempt > WEBHOOKS_PER_ORGANIZATION) throw error;
      }
    }
  }

  async list(caller: Caller): Promise<WebhookDto[]> {
    const rows = await this.endpoints.find({
      where: { organizationId: caller.organizationId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => WebhookDto.from(row));
  }

  /** Another organization's endpoint is 404, as if it did not exist. */
  async remove(caller: Caller, id: string): Promise<void> {
    await this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const result = await m.delete(WebhookEndpoint, {
        id,
        organizationId: caller.organizationId,
      });
      if (!result.affected) throw notFound();
      await this.audit.record(tx, { action: 'delete', entityType: 'webhook', entityId: id });
    });
  }

  /**
   * Deliveries resume for new events once the receiver is back; those that failed while
   * it was disabled stay failed, for an organizer to retry. Enabling an enabled endpoint
   * changes nothing and records nothing.
   */
  async enable(caller: Caller, id: string): Promise<WebhookDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const row = await m.findOne(WebhookEndpoint, {
        where: { id, organizationId: caller.organizationId },
        ...forUpdate(tx),
      });
      if (!row) throw notFound();
      if (row.disabledAt) {
        await m.update(WebhookEndpoint, { id }, { disabledAt: null, disabledReason: null });
        await this.audit.record(tx, {
          action: 'enable',
          entityType: 'webhook',
          entityId: id,
          changedFields: ['disabledAt', 'disabledReason'],
          note: row.disabledReason,
        });
        Object.assign(row, { disabledAt: null, disabledReason: null });
      }
      return WebhookDto.from(row);
    });
  }

  /**
   * Enabled endpoints subscribed to `event` whose organization is in the audience; the
   * committee's endpoints receive every event they subscribe to. Secrets stay sealed
   * here: one that no configured key opens fails its own deliveries, not the event's.
   */
  async subscribersOf(event: string, audience: Audience): Promise<WebhookSubscriber[]> {
    const ctx = this.transactions.read(null);
    const rows = await ctx.repo(WebhookEndpoint).find({ where: { disabledAt: IsNull() } });
    const subscribed = rows.filter((row) => row.events.split(',').includes(event));
    const types = await this.organizations.typesOf(
      ctx,
      subscribed.map((row) => row.organizationId),
    );
    return subscribed
      .filter((row) => {
        const type = types.get(row.organizationId);
        if (!type) return false;
        return (
          type === 'committee' ||
          audienceIncludes(audience, {
            organizationId: row.organizationId,
            organizationType: type,
            role: ROLE_OF[type],
          })
        );
      })
      .map((row) => ({ id: row.id, organizationId: row.organizationId }));
  }

  /** An endpoint with its secret opened, for signing one delivery. */
  async target(id: string): Promise<WebhookTarget | undefined> {
    const row = await this.endpoints.findOneBy({ id });
    return row ? this.toTarget(row) : undefined;
  }

  private toTarget(row: WebhookEndpoint): WebhookTarget {
    return {
      id: row.id,
      organizationId: row.organizationId,
      url: row.url,
      secret: this.box.open(row.secret, row.id),
      disabled: row.disabledAt !== null,
    };
  }

  /**
   * Key rotation: re-seals up to `limit` signing secrets not under the active key, each
   * in its own short transaction and only if unchanged since read. Returns how many were
   * done, so the caller repeats until 0; safe to interrupt and run again.
   */
  async reencryptBatch(limit = 200): Promise<number> {
    const rows = await this.endpoints
      .createQueryBuilder('endpoint')
      .select(['endpoint.id', 'endpoint.secret'])
      .where('endpoint.secret NOT LIKE :active', { active: `v1.${this.box.activeKeyId}.%` })
      .orderBy('endpoint.id')
      .limit(limit)
      .getMany();
    for (const row of rows) {
      const resealed = this.box.seal(this.box.open(row.secret, row.id), row.id);
      await this.transactions.run(null, (tx) =>
        tx.manager.update(
          WebhookEndpoint,
          { id: row.id, secret: row.secret },
          { secret: resealed },
        ),
      );
    }
    return rows.length;
  }

  async disable(id: string, reason: string): Promise<void> {
    await this.endpoints.update(
      { id, disabledAt: IsNull() },
      { disabledAt: new Date(), disabledReason: reason.slice(0, 200) },
    );
  }
}
