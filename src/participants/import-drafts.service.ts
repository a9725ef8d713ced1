import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Caller } from '../common/auth/caller';
import { SecretBox } from '../common/crypto/secret-box';
import { AppConfig } from '../config/app-config';
import { REDIS, RedisClient } from '../redis/redis.token';
import { Upload } from './import/upload';

/** How long a checked file waits for "import these N people". */
export const IMPORT_DRAFT_TTL_MS = 30 * 60_000;

/** Drafts one process keeps in memory without Redis (the embedded default, or Redis down). */
const LOCAL_DRAFTS = 50;

const PURPOSE = 'youth-bridge/participants/import-draft/aes-256-gcm';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A file of participants that passed a dry run, kept for a short time so the person who
 * checked it can import it without sending it again. It holds children's passports, so
 * it is sealed (AES-256-GCM) with the user and the session as associated data: it opens
 * only for the session that checked it. Kept in Redis where there is one (every API
 * process sees it), else in this process; nothing is saved as participants until
 * `ParticipantImportService` imports it.
 */
@Injectable()
export class ImportDrafts {
  private readonly logger = new Logger(ImportDrafts.name);
  private readonly box: SecretBox;
  private readonly local = new Map<string, { sealed: Buffer; expiresAt: number }>();

  constructor(
    config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {
    this.box = new SecretBox(config.encryptionKeys, PURPOSE);
  }

  /** Keeps the file for `caller`'s session; the draft's id (no personal data) names it. */
  async keep(caller: Caller, upload: Upload): Promise<string> {
    const id = randomUUID();
    const name = Buffer.from(upload.filename, 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(name.length);
    const sealed = this.box.sealBytes(
      Buffer.concat([header, name, upload.data]),
      boundTo(caller, id),
    );
    if (this.redis) {
      try {
        await this.redis.set(key(id), sealed, 'PX', IMPORT_DRAFT_TTL_MS);
        return id;
      } catch (error) {
        this.logger.warn(`Import draft kept in memory: ${(error as Error).message}`);
      }
    }
    this.keepLocally(id, sealed);
    return id;
  }

  /** The file, if the draft exists, has not expired and belongs to this caller's session. */
  async find(caller: Caller, id: string): Promise<Upload | undefined> {
    if (!ID.test(id)) return undefined;
    const sealed = (await this.fromRedis(id)) ?? this.fromLocal(id);
    if (!sealed) return undefined;
    let plain: Buffer;
    try {
      plain = this.box.openBytes(sealed, boundTo(caller, id));
    } catch {
      return undefined;
    }
    const nameEnd = 4 + plain.readUInt32BE(0);
    return { filename: plain.subarray(4, nameEnd).toString('utf8'), data: plain.subarray(nameEnd) };
  }

  async drop(id: string): Promise<void> {
    this.local.delete(id);
    if (!this.redis) return;
    try {
      await this.redis.del(key(id));
    } catch {
      // It expires by itself.
    }
  }

  private async fromRedis(id: string): Promise<Buffer | undefined> {
    if (!this.redis) return undefined;
    try {
      return (await this.redis.getBuffer(key(id))) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private fromLocal(id: string): Buffer | undefined {
    const entry = this.local.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.local.delete(id);
      return undefined;
    }
    return entry.sealed;
  }

  private keepLocally(id: string, sealed: Buffer): void {
    const now = Date.now();
    for (const [other, entry] of this.local) if (entry.expiresAt <= now) this.local.delete(other);
    // The oldest goes first (a Map iterates in insertion order): memory stays bounded.
    while (this.local.size >= LOCAL_DRAFTS) this.local.delete(this.local.keys().next().value!);
    this.local.set(id, { sealed, expiresAt: now + IMPORT_DRAFT_TTL_MS });
  }
}

function key(id: string): string {
  return `import-draft:${id}`;
}

function boundTo(caller: Caller, id: string): string {
  return `${id}:${caller.userId}:${caller.sessionId}`;
}
