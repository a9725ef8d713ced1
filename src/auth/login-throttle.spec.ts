import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { Counters } from '../redis/counters';
import { clientNetwork, LoginCounts, LoginThrottle, loginWaitMs } from './login-throttle';

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8::7:abcd:0:0:3', '2001:db8:0:7::/64'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not-an-address', 'not-an-address'],
  ])('counts %s as %s', (ip, network) => {
    expect(clientNetwork(ip)).toBe(network);
  });

  it('keeps IPv4 clients apart behind a dual-stack socket', () => {
    expect(clientNetwork('::ffff:203.0.113.7')).not.toBe(clientNetwork('::ffff:203.0.113.8'));
  });
});

describe('loginWaitMs', () => {
  const limits = { perIp: 30, perAccount: 10, perAccountTotal: 100 };
  const counts = (network: number, pair: number, account: number): LoginCounts => ({
    network: { count: network, resetInMs: 1000 },
    pair: { count: pair, resetInMs: 2000 },
    account: { count: account, resetInMs: 3000 },
  });

  it.each([
    ['a first attempt', counts(1, 1, 0), 0],
    ['the tenth guess from one network', counts(10, 10, 9), 0],
    ['the eleventh guess from one network: until its window closes', counts(11, 11, 10), 2000],
    ['the network’s 31st attempt', counts(31, 1, 0), 1000],
    ['a network without failures, account under attack', counts(1, 1, 50), 0],
    ['a network with a failure, account under attack', counts(2, 2, 10), 2000],
    ['a network with a failure, account not yet past the limit', counts(2, 2, 9), 0],
    ['a network without failures, account past its total', counts(1, 1, 100), 3000],
    ['every limit at once: the longest wait', counts(31, 11, 100), 3000],
  ])('%s', (_, given, waitMs) => {
    expect(loginWaitMs(given, limits)).toBe(waitMs);
  });

  it('frees a failed network when its own window closes before the account’s', () => {
    const given: LoginCounts = {
      network: { count: 2, resetInMs: 500 },
      pair: { count: 2, resetInMs: 500 },
      account: { count: 10, resetInMs: 9000 },
    };
    expect(loginWaitMs(given, limits)).toBe(500);
  });
});

describe('LoginThrottle', () => {
  const config = {
    loginThrottle: { perIp: 100, perAccount: 3, perAccountTotal: 6, windowSeconds: 60 },
  } as AppConfig;
  let throttle: LoginThrottle;
  beforeEach(() => {
    throttle = new LoginThrottle(config, new Counters(null));
  });

  const fail = async (account: string, ip: string) =>
    throttle.failed(await throttle.admit(account, ip));
  const refusal = (account: string, ip: string) =>
    throttle.admit(account, ip).then(
      () => undefined,
      (error: AppError) => error,
    );

  it('refuses with RATE_LIMITED, the wait in seconds and Retry-After', async () => {
    for (let i = 0; i < 3; i++) await fail('user-1', '203.0.113.1');
    const error = await refusal('user-1', '203.0.113.1');
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(error!.params.seconds).toBeGreaterThan(0);
    expect(error!.params.seconds).toBeLessThanOrEqual(60);
    expect(error!.headers).toEqual({ 'retry-after': String(error!.params.seconds) });
  });

  it('does not count successes, and a success clears its network’s failures', async () => {
    for (let i = 0; i < 10; i++) {
      await throttle.succeeded(await throttle.admit('user-1', '203.0.113.1'));
    }
    await fail('user-1', '203.0.113.1');
    await throttle.succeeded(await throttle.admit('user-1', '203.0.113.1'));
    for (const ip of ['203.0.113.2', '203.0.113.3']) await fail('user-1', ip);
    // The account is past its limit, but the owner's typo was followed by a success.
    expect(await refusal('user-1', '203.0.113.1')).toBeUndefined();
    expect(await refusal('user-1', '203.0.113.2')).toBeInstanceOf(AppError);
  });

  it('refuses failed networks once the account passes its limit, but not a fresh one', async () => {
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await fail('user-1', ip);
    expect(await refusal('user-1', '203.0.113.1')).toBeInstanceOf(AppError);
    expect(await refusal('user-1', '203.0.113.9')).toBeUndefined();
    expect(await refusal('user-2', '203.0.113.1')).toBeUndefined();
  });

  it('refuses everyone once the account reaches its total', async () => {
    for (let i = 1; i <= 6; i++) await fail('user-1', `203.0.113.${i}`);
    expect(await refusal('user-1', '198.51.100.1')).toBeInstanceOf(AppError);
    expect(await refusal('user-2', '198.51.100.1')).toBeUndefined();
  });

  it('counts a burst from one network before any of it has failed', async () => {
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => refusal('user-1', '203.0.113.1')),
    );
    expect(burst.filter((error) => error === undefined)).toHaveLength(3);
  });
});
