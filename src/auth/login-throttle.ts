import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { CounterHit, Counters } from '../redis/counters';

export interface LoginLimits {
  perIp: number;
  perAccount: number;
  perAccountTotal: number;
}

/** The counts one login attempt is judged by, before its password is checked. */
export interface LoginCounts {
  /** Attempts from the client's network, successful or not, this one included. */
  network: CounterHit;
  /**
   * Attempts on the account from the client's network since its last success there, this
   * one included.
   */
  pair: CounterHit;
  /** Failed logins on the account from all networks. */
  account: CounterHit;
}

/**
 * How long an attempt must wait; 0 lets it through. The account-wide limit binds only a
 * network that has itself failed on the account, so the owner, logging in from elsewhere,
 * gets through while others guess; a guesser spread over many networks gets one try per
 * fresh network, until the account's total ends that too.
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
  if (account.count >= limits.perAccountTotal) waits.push(account.resetInMs);
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

/** What an admitted attempt counted, to be settled once its password has been checked. */
export interface LoginAttempt {
  readonly pairKey: string;
  readonly accountKey: string;
}

/**
 * Login throttling after OWASP's advice against both guessing and lock-out: failures
 * count per account and client network, an account under attack refuses only the
 * networks that have failed on it, and every attempt counts per network. Keys are
 * hashes: no address, e-mail or IP in Redis.
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
      network: `login:ip:${digest(network)}`,
      pair: `login:pair:${digest(`${account}\n${network}`)}`,
      account: `login:acct:${digest(account)}`,
    };
    // The network and the pair are counted before the password check, so a burst of
    // parallel guesses cannot all pass before the first one fails.
    const [byNetwork, byPair, byAccount] = await Promise.all([
      this.counters.hit(keys.network, this.windowMs),
      this.counters.hit(keys.pair, this.windowMs),
      this.counters.peek(keys.account),
    ]);
    const waitMs = loginWaitMs(
      { network: byNetwork, pair: byPair, account: byAccount },
      this.config.loginThrottle,
    );
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new AppError('RATE_LIMITED', { seconds }, undefined, {
        'retry-after': String(seconds),
      });
    }
    return { pairKey: keys.pair, accountKey: keys.account };
  }

  /** A wrong password (or an unknown e-mail): it counts against the account from everywhere. */
  async failed(attempt: LoginAttempt): Promise<void> {
    await this.counters.hit(attempt.accountKey, this.windowMs);
  }

  /**
   * The right password: this network's earlier failures on the account were the owner's
   * typing. The account's total stays, or a success would reopen it to every guesser.
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.counters.reset(attempt.pairKey);
  }

  private get windowMs(): number {
    return this.config.loginThrottle.windowSeconds * 1000;
  }
}
