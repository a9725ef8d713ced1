import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { CounterHit, Counters } from '../redis/counters';

export interface LoginLimits {
  perIp: number;
  perAccount: number;
}

/** The counts one login attempt is judged by, before its password is checked. */
export interface LoginCounts {
  /**
   * Failed logins from the client's network on any account, attempts still being checked
   * and this one included; successes do not count.
   */
  network: CounterHit;
  /**
   * Attempts on the account from the client's network since its last success there, this
   * one included: its failures, and whatever is still being checked.
   */
  pair: CounterHit;
  /** Failed logins on the account from all networks. */
  account: CounterHit;
}

/**
 * How long an attempt must wait; 0 lets it through. The account-wide limit binds only a
 * network that has itself failed on the account, so the owner, logging in from elsewhere,
 * gets through however many others guess; a guesser spread over many networks gets one
 * try per fresh network, and each network's tries on all accounts together stay bounded.
 * A refusal never depends on the password, so it tells a guesser nothing about it.
 */
export function loginWaitMs(counts: LoginCounts, limits: LoginLimits): number {
  const { network, pair, account } = counts;
  const waits = [0];
  if (network.count > limits.perIp) waits.push(network.resetInMs);
  if (pair.count > limits.perAccount) waits.push(pair.resetInMs);
  if (pair.count > 1 && account.count >= limits.perAccount) {
    // Free again when either window closes: the account's, or this network's own failures.
    waits.push(Math.min(pair.resetInMs, account.resetInMs));
  }
  return Math.max(...waits);
}

/** The eight 16-bit groups of an IPv6 address that `isIP` accepted. */
function ipv6Groups(ip: string): number[] {
  const [head, tail] = ip.split('%')[0].split('::');
  const parse = (part: string | undefined) =>
    part
      ? part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const before = parse(head);
  const after = parse(tail);
  return [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/**
 * The unit a client is counted by: an IPv4 address, or an IPv6 /64, which one host or
 * household is usually given whole; single IPv6 addresses would each be a fresh client.
 * An IPv4 address seen through a dual-stack socket (`::ffff:a.b.c.d`) is that IPv4 address.
 */
export function clientNetwork(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = ipv6Groups(ip);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * A success settled this close to the end of its network's window is not subtracted: its
 * record must expire before the window's attempts do, whatever the latency to Redis, or
 * it would hide failures in the next window.
 */
const SETTLE_MARGIN_MS = 1000;

/** What an admitted attempt counted, to be settled once its password has been checked. */
export interface LoginAttempt {
  readonly pairKey: string;
  readonly accountKey: string;
  readonly networkSuccessKey: string;
  /** When, by this process's clock, the network's window the attempt counted in closes. */
  readonly networkWindowEndsAt: number;
}

/** The count with one more attempt, this one, in it. */
const withThisOne = (counted: CounterHit, windowMs: number): CounterHit =>
  counted.count === 0
    ? { count: 1, resetInMs: windowMs }
    : { ...counted, count: counted.count + 1 };

/**
 * Login throttling after OWASP's advice against both guessing and lock-out: only failures
 * count, per client network, per account and network, and per account; an account under
 * attack refuses only the networks that have failed on it. Keys are hashes: no address,
 * e-mail or IP in Redis.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly config: AppConfig,
    private readonly counters: Counters,
  ) {}

  /**
   * Counts the attempt and refuses it (429 with Retry-After) when a limit is reached.
   * `account` is the user's id, or the typed e-mail when there is none, so that an
   * unknown address is throttled exactly like a known one.
   */
  async admit(account: string, ip: string): Promise<LoginAttempt> {
    const network = clientNetwork(ip);
    const keys = {
      // The attempts from the network that were let through, and apart those that succeeded.
      network: `login:ip:${digest(network)}`,
      networkSuccesses: `login:ip-ok:${digest(network)}`,
      pair: `login:pair:${digest(`${account}\n${network}`)}`,
      account: `login:acct:${digest(account)}`,
    };
    const [tried, succeeded, pair, byAccount] = await Promise.all([
      this.counters.peek(keys.network),
      this.counters.peek(keys.networkSuccesses),
      this.counters.peek(keys.pair),
      this.counters.peek(keys.account),
    ]);
    const failures = (attempts: CounterHit): CounterHit => ({
      count: Math.max(0, attempts.count - succeeded.count),
      resetInMs: attempts.resetInMs,
    });
    // Refused before it counts: a refused attempt checks no password, so it is no failure.
    this.refuseIfWaiting({
      network: failures(withThisOne(tried, this.windowMs)),
      pair: withThisOne(pair, this.windowMs),
      account: byAccount,
    });
    // Counted before the password check, and judged again, so that a burst of parallel
    // guesses cannot all pass before the first one fails; a success is taken back after.
    const [triedNow, pairNow] = await Promise.all([
      this.counters.hit(keys.network, this.windowMs),
      this.counters.hit(keys.pair, this.windowMs),
    ]);
    this.refuseIfWaiting({ network: failures(triedNow), pair: pairNow, account: byAccount });
    return {
      pairKey: keys.pair,
      accountKey: keys.account,
      networkSuccessKey: keys.networkSuccesses,
      networkWindowEndsAt: Date.now() + triedNow.resetInMs,
    };
  }

  /** A wrong password (or an unknown e-mail): it counts against the account from everywhere. */
  async failed(attempt: LoginAttempt): Promise<void> {
    await this.counters.hit(attempt.accountKey, this.windowMs);
  }

  /**
   * The right password: it does not count against the network, and this network's
   * earlier failures on the account were the owner's typing. The account's total stays,
   * or a success would reopen the account to every guesser.
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    // Kept until just before the window the attempt counted in closes (the first success
    // sets the expiry), so that it is taken back from that window's attempts only.
    const left = attempt.networkWindowEndsAt - Date.now() - SETTLE_MARGIN_MS;
    await Promise.all([
      left > 0 ? this.counters.hit(attempt.networkSuccessKey, left) : undefined,
      this.counters.reset(attempt.pairKey),
    ]);
  }

  private refuseIfWaiting(counts: LoginCounts): void {
    const waitMs = loginWaitMs(counts, this.config.loginThrottle);
    if (waitMs <= 0) return;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError('RATE_LIMITED', { seconds }, undefined, {
      'retry-after': String(seconds),
    });
  }

  private get windowMs(): number {
    return this.config.loginThrottle.windowSeconds * 1000;
  }
}
