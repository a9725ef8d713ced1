import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS, RedisClient } from './redis.token';

export interface CounterHit {
  count: number;
  resetInMs: number;
}

// INCR and start the window on the first hit, atomically, so parallel processes agree.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

// GET and PTTL in one step, so the count and the time left belong to the same window.
const PEEK_SCRIPT = `
local n = redis.call('GET', KEYS[1])
if not n then return {0, 0} end
return {tonumber(n), redis.call('PTTL', KEYS[1])}`;

/**
 * Fixed-window counters (rate limits). Shared through Redis when configured; in memory
 * on the embedded default, and also while Redis is down, so limits still hold per process.
 */
@Injectable()
export class Counters {
  private readonly logger = new Logger(Counters.name);
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async hit(key: string, windowMs: number): Promise<CounterHit> {
    if (this.redis) {
      try {
        const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `counter:${key}`, windowMs)) as [
          number,
          number,
        ];
        return { count, resetInMs: ttl };
      } catch (error) {
        this.logger.warn(`Counter falls back to memory: ${(error as Error).message}`);
      }
    }
    return this.hitLocal(key, windowMs);
  }

  /** The count in the current window without adding to it; 0 when no window is open. */
  async peek(key: string): Promise<CounterHit> {
    if (this.redis) {
      try {
        const [count, ttl] = (await this.redis.eval(PEEK_SCRIPT, 1, `counter:${key}`)) as [
          number,
          number,
        ];
        return { count, resetInMs: Math.max(ttl, 0) };
      } catch (error) {
        this.logger.warn(`Counter falls back to memory: ${(error as Error).message}`);
      }
    }
    const entry = this.local.get(key);
    const now = Date.now();
    if (!entry || entry.resetAt <= now) return { count: 0, resetInMs: 0 };
    return { count: entry.count, resetInMs: entry.resetAt - now };
  }

  /** Closes the window: the next hit starts again from 1. */
  async reset(key: string): Promise<void> {
    // Both places: a count taken in memory while Redis was down must not outlive a reset.
    this.local.delete(key);
    if (!this.redis) return;
    try {
      await this.redis.del(`counter:${key}`);
    } catch (error) {
      this.logger.warn(`Counter reset only in memory: ${(error as Error).message}`);
    }
  }

  private hitLocal(key: string, windowMs: number): CounterHit {
    const now = Date.now();
    if (this.local.size > 10_000) {
      for (const [k, v] of this.local) if (v.resetAt <= now) this.local.delete(k);
    }
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + windowMs };
      this.local.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetInMs: entry.resetAt - now };
  }
}
