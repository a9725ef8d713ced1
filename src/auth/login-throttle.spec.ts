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
  const limits = { perIp: 30, perAccount: 10 };
  const counts = (network: number, pair: number, account: number): LoginCounts => ({
    network: { count: network, resetInMs: 1000 },
    pair: { count: pair, resetInMs: 2000 },
    account: { count: account, resetInMs: 3000 },
  });

  it.each([
    ['a first attempt', counts(1, 1, 0), 0],
    ['the tenth guess from one network', counts(10, 10, 9), 0],
    ['the eleventh guess from one network: until its window closes', counts(11, 11, 10), 2000],
    ['the network’s 30th failure', counts(30, 1, 0), 0],
    ['the network’s 31st failure, on any account', counts(31, 1, 0), 1000],
    ['a network without failures, account under attack', counts(1, 1, 50), 0],
    ['a network with a failure, account under attack', counts(2, 2, 10), 2000],
    ['a network with a failure, account not yet past the limit', counts(2, 2, 9), 0],
    ['a network without failures, however many the account has', counts(1, 1, 100_000), 0],
    ['a network with a failure, however many the account has', counts(2, 2, 100_000), 2000],
    ['every limit at once: the longest wait', counts(31, 11, 100), 2000],
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
  const WINDOW_MS = 60_000;
  const config = {
    loginThrottle: { perIp: 5, perAccount: 3, windowSeconds: WINDOW_MS / 1000 },
  } as AppConfig;
  let throttle: LoginThrottle;
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-02T08:00:00Z') });
    throttle = new LoginThrottle(config, new Counters(null));
  });
  afterEach(() => jest.useRealTimers());

  const fail = async (account: string, ip: string) =>
    throttle.failed(await throttle.admit(account, ip));
  const succeed = async (account: string, ip: string) =>
    throttle.succeeded(await throttle.admit(account, ip));
  const refusal = (account: string, ip: string) =>
    throttle.admit(account, ip).then(
      () => undefined,
      (error: AppError) => error,
    );
  /** What a login answers: the password is checked only once the throttle admits it. */
  const login = async (account: string, ip: string, right: boolean) => {
    let attempt;
    try {
      attempt = await throttle.admit(account, ip);
    } catch (error) {
      if ((error as AppError).code === 'RATE_LIMITED') return 429;
      throw error;
    }
    if (right) {
      await throttle.succeeded(attempt);
      return 200;
    }
    await throttle.failed(attempt);
    return 401;
  };
  /** Distinct client networks: IPv6 /64s, the cheap kind. */
  const networks = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => `2001:db8:${(from + i).toString(16)}:1::1`);

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
    for (let i = 0; i < 10; i++) await succeed('user-1', '203.0.113.1');
    await fail('user-1', '203.0.113.1');
    await succeed('user-1', '203.0.113.1');
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

  // Before: past a total of failures on the account every network was refused, the owner's too.
  it.each([100, 101, 1000])(
    'lets the owner in from a network without failures after %i failures from as many networks',
    async (attacks) => {
      for (const ip of networks(attacks)) expect(await login('user-1', ip, false)).toBe(401);
      const owner = '2001:db8:ffff:1::1';
      expect(await login('user-1', owner, true)).toBe(200);
      expect(await login('user-1', owner, true)).toBe(200);
      // Another address of the owner's /64 is the same network, still without failures.
      expect(await login('user-1', '2001:db8:ffff:1::2', true)).toBe(200);
      // The guessers' networks stay refused, the right password or not: no oracle.
      for (const ip of networks(3)) {
        expect(await login('user-1', ip, false)).toBe(429);
        expect(await login('user-1', ip, true)).toBe(429);
      }
    },
  );

  it('gives a fresh network one guess on an account under attack, then refuses it', async () => {
    for (const ip of networks(3)) await fail('user-1', ip);
    const fresh = '198.51.100.7';
    expect(await login('user-1', fresh, false)).toBe(401);
    expect(await login('user-1', fresh, true)).toBe(429);
    expect(await login('user-1', fresh, false)).toBe(429);
    // Until its own window closes.
    jest.advanceTimersByTime(WINDOW_MS);
    expect(await login('user-1', fresh, true)).toBe(200);
  });

  it.each([
    ['one account', () => 'user-1'],
    ['many accounts', (i: number) => `user-${i}`],
  ])('lets one network log in correctly as often as it likes, on %s', async (_, account) => {
    const school = '203.0.113.50';
    for (let i = 0; i < 31; i++) expect(await login(account(i), school, true)).toBe(200);
  });

  it('still limits a network’s failures among its successes', async () => {
    const school = '203.0.113.50';
    const answers: number[] = [];
    for (let i = 0; i < 8; i++) {
      answers.push(await login(`user-${i}`, school, true));
      answers.push(await login(`user-${i}`, school, false));
    }
    // Five failures, whatever succeeded between them; then the right password waits too.
    expect(answers.filter((status) => status === 401)).toHaveLength(5);
    expect(answers.slice(-6)).toEqual([429, 429, 429, 429, 429, 429]);
  });

  it('still throttles brute force from one network, on one account or many', async () => {
    const guesser = '203.0.113.66';
    const onOne = [];
    for (let i = 0; i < 5; i++) onOne.push(await login('user-1', guesser, false));
    expect(onOne).toEqual([401, 401, 401, 429, 429]);
    const spray = [];
    for (let i = 0; i < 5; i++) spray.push(await login(`other-${i}`, guesser, false));
    // Three failures on user-1 and two here: the network's five.
    expect(spray).toEqual([401, 401, 429, 429, 429]);
    expect(await login('user-9', guesser, true)).toBe(429);
    expect(await login('user-9', '203.0.113.67', true)).toBe(200);
  });

  it('subtracts a success from its own window only', async () => {
    const school = '203.0.113.50';
    for (let i = 0; i < 10; i++) await succeed(`user-${i}`, school);
    jest.advanceTimersByTime(WINDOW_MS);
    // The successes of the window that closed hide none of the next one's failures.
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await login(`user-${i}`, school, false));
    expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('does not count a refused attempt: its password was never checked', async () => {
    const owner = '203.0.113.80';
    for (let i = 0; i < 5; i++) await fail(`sprayed-${i}`, owner);
    jest.advanceTimersByTime(WINDOW_MS / 2);
    for (const ip of networks(3)) await fail('user-1', ip);
    // The owner's network is past its limit: refused, again and again.
    for (let i = 0; i < 3; i++) expect(await login('user-1', owner, true)).toBe(429);
    jest.advanceTimersByTime(WINDOW_MS / 2);
    // The network's window has closed, the account is still under attack: the refusals
    // were no failures on the account, so the owner's network is still a fresh one.
    expect(await login('user-1', owner, true)).toBe(200);
  });

  it('counts a burst from one network before any of it has failed', async () => {
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => refusal('user-1', '203.0.113.1')),
    );
    expect(burst.filter((error) => error === undefined)).toHaveLength(3);
  });

  it('counts a burst across accounts against the network before any of it has failed', async () => {
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => refusal(`user-${i}`, '203.0.113.1')),
    );
    expect(burst.filter((error) => error === undefined)).toHaveLength(5);
  });
});
