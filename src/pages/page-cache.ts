import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ContentChanges } from '../common/events/content-changes';
import { AppConfig } from '../config/app-config';
import { REDIS, RedisClient } from '../redis/redis.token';

/** A rendered page, ready to send: its body, validator and compressed forms. */
export interface CachedPage {
  status: number;
  html: Buffer;
  /** Of the uncompressed body; each encoding adds its own suffix (a strong validator each). */
  etag: string;
  cacheControl: string;
  gzip?: Buffer;
  br?: Buffer;
  expires: number;
}

/** Rendered pages live this long at most, so time-dependent text (a window closing) moves on. */
const TTL_MS = 60_000;
/** Pages are per language and per delegation or notice; far more means something is off. */
const MAX_ENTRIES = 5_000;
const CHANNEL = 'pages:invalidate';
/** An encoding listed in Accept-Encoding and not refused with q=0; compiled once, not per request. */
const accepting = (name: string) =>
  new RegExp(`(^|[\\s,])${name}(?![^,]*;\\s*q=0(\\.0*)?\\s*(,|$))`);
const ACCEPTS = { br: accepting('br'), gzip: accepting('gzip') };

/**
 * Rendered public pages per language and path, in this process. Emptied when delegations
 * or notices change here, and, with Redis, when another process says they changed there.
 */
@Injectable()
export class PageCache implements OnModuleDestroy {
  private readonly pages = new Map<string, CachedPage>();
  /** Bumped by every clear: a render begun before it must not be kept after it. */
  private generation = 0;
  private readonly logger = new Logger(PageCache.name);
  private readonly subscriber?: NonNullable<RedisClient>;
  private readonly channel: string;
  private readonly unsubscribe: () => void;

  constructor(
    changes: ContentChanges,
    config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {
    this.channel = `${config.redisPrefix}${CHANNEL}`;
    this.unsubscribe = changes.subscribe(() => {
      this.clear();
      // Other processes drop theirs; if Redis is down they fall back on the TTL.
      this.redis?.publish(this.channel, '1').catch((error: Error) => {
        this.logger.warn(`Could not tell other processes about a change: ${error.message}`);
      });
    });
    if (redis) {
      // Its own connection (a subscriber can do nothing else), which queues the subscription
      // until connected and subscribes again after every reconnect.
      this.subscriber = redis.duplicate({
        keyPrefix: '',
        enableOfflineQueue: true,
        maxRetriesPerRequest: null,
      });
      this.subscriber.on('error', () => undefined);
      this.subscriber.on('message', (channel: string) => {
        if (channel === this.channel) this.clear();
      });
      this.subscriber.subscribe(this.channel).catch((error: Error) => {
        this.logger.warn(`Page cache runs without cross-process invalidation: ${error.message}`);
      });
    }
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page && page.expires > now) return page;
    if (page) this.pages.delete(key);
    return undefined;
  }

  /** Take before reading what a page shows; hand it back to `put`. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** Keeps the page unless the content changed while it was rendered. */
  put(
    key: string,
    status: number,
    html: string,
    cacheControl: string,
    generation: number,
  ): CachedPage {
    const page = this.build(status, html, cacheControl);
    if (generation !== this.generation) return page;
    // Oldest first out: a Map iterates in insertion order.
    if (this.pages.size >= MAX_ENTRIES) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, page);
    return page;
  }

  /** A page to send once, not kept. */
  build(status: number, html: string, cacheControl: string): CachedPage {
    const body = Buffer.from(html, 'utf8');
    return {
      status,
      html: body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl,
      expires: Date.now() + TTL_MS,
    };
  }

  /** The body in the best encoding the client accepts, compressed once per cached page. */
  encoded(
    page: CachedPage,
    acceptEncoding: string | undefined,
  ): { body: Buffer; encoding?: string; etag: string } {
    const accepts = (name: keyof typeof ACCEPTS) => ACCEPTS[name].test(acceptEncoding ?? '');
    if (accepts('br')) {
      page.br ??= brotliCompressSync(page.html, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_SIZE_HINT]: page.html.length,
        },
      });
      return { body: page.br, encoding: 'br', etag: withSuffix(page.etag, 'br') };
    }
    if (accepts('gzip')) {
      page.gzip ??= gzipSync(page.html, { level: 9 });
      return { body: page.gzip, encoding: 'gzip', etag: withSuffix(page.etag, 'gz') };
    }
    return { body: page.html, etag: page.etag };
  }

  clear(): void {
    this.generation += 1;
    this.pages.clear();
  }

  onModuleDestroy(): void {
    this.unsubscribe();
    this.subscriber?.disconnect();
  }
}

function withSuffix(etag: string, suffix: string): string {
  return `${etag.slice(0, -1)}-${suffix}"`;
}
