import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { expectRefused } from '../support/refusal';
import { externalRedisUrl } from '../support/test-config';
import { Session, TestApp } from '../support/test-app';

const PER_ACCOUNT = 3;

describe('login throttling', () => {
  let t: TestApp;
  let admin: Session;
  let organizationId: string;

  beforeAll(async () => {
    t = await TestApp.start({
      LOGIN_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT),
      LOGIN_LIMIT_PER_IP: '20',
      LOGIN_WINDOW_SECONDS: '120',
      // Each attempt below names its client in X-Forwarded-For, as a reverse proxy would.
      TRUST_PROXY: 'true',
    });
    admin = await t.loginAdmin();
    organizationId = (await t.createOrganization(admin)).id;
  });
  afterAll(() => t.close());

  let addressesUsed = 0;
  /** A documentation-range address (RFC 5737) that no other attempt in this suite came from. */
  const freshAddress = () => `203.0.113.${++addressesUsed}`;
  const freshAddresses = (n: number) => Array.from({ length: n }, freshAddress);
  let networksUsed = 0;
  /** IPv6 /64s no other attempt in this suite came from (RFC 3849): the cheap kind of address. */
  const freshNetworks = (n: number) =>
    Array.from({ length: n }, () => `2001:db8:1:${(++networksUsed).toString(16)}::1`);

  const login = (email: string, password: string, from: string, lang = 'zh') =>
    t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', from)
      .set('Accept-Language', lang)
      .send({ email, password });
  const wrong = (email: string, from: string, lang?: string) =>
    login(email, 'wrong-password', from, lang);

  /** Made through the admin API, so that making it is not itself a login. */
  async function newAccount(): Promise<{ email: string; password: string }> {
    const email = `owner-${randomUUID()}@test.example`;
    const password = 'the-owners-real-password';
    await t
      .http()
      .post('/api/admin/users')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        email,
        password,
        role: 'school_coordinator',
        organizationId,
        preferredLanguage: 'zh',
      })
      .expect(201);
    return { email, password };
  }

  const expectRateLimited = (response: Response) => {
    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
  };
  /** A wrong password, or an e-mail no account has: one refusal for both. */
  const expectInvalidCredentials = (response: Response) =>
    expectRefused(response, 'INVALID_CREDENTIALS');

  it('limits failures on an account from one address, with Retry-After and a localized message', async () => {
    const from = freshAddress();
    const account = await newAccount();
    for (let i = 0; i < PER_ACCOUNT; i++)
      expectInvalidCredentials(await wrong(account.email, from));
    const blocked = await wrong(account.email, from, 'ru');
    expectRateLimited(blocked);
    expect(blocked.body.message).toMatch(/Слишком много попыток/);
    // The right password too: otherwise the guesser would learn when it had found it.
    expectRateLimited(await login(account.email, account.password, from));
    // Another account from the same address is not blocked.
    expectInvalidCredentials(await wrong('other@test.example', from));
  });

  it('does not count successful logins, and a success clears that address’s failures', async () => {
    const from = freshAddress();
    const account = await newAccount();
    for (let i = 0; i < 3 * PER_ACCOUNT; i++) {
      expect((await login(account.email, account.password, from)).status).toBe(200);
    }
    expectInvalidCredentials(await wrong(account.email, from));
    expect((await login(account.email, account.password, from)).status).toBe(200);
    for (const attacker of freshAddresses(PER_ACCOUNT)) {
      expectInvalidCredentials(await wrong(account.email, attacker));
    }
    // The account is past its limit, but the owner's typo here was followed by a success.
    expect((await login(account.email, account.password, from)).status).toBe(200);
  });

  it('lets the owner in from an address without failures while others guess from a dozen', async () => {
    const account = await newAccount();
    for (const attacker of freshAddresses(12)) {
      for (let i = 0; i < PER_ACCOUNT; i++) {
        if ((await wrong(account.email, attacker)).status === 429) break;
      }
    }
    const owner = freshAddress();
    expect((await login(account.email, account.password, owner)).status).toBe(200);
    expect((await login(account.email, account.password, owner)).status).toBe(200);
  });

  it('still throttles guesses on one account spread over many addresses', async () => {
    const account = await newAccount();
    const attackers = freshAddresses(12);
    // Past the account's limit an address gets at most one guess: the owner's allowance.
    for (const attacker of attackers)
      expectInvalidCredentials(await wrong(account.email, attacker));
    for (const attacker of attackers) {
      expectRateLimited(await wrong(account.email, attacker));
      expectRateLimited(await login(account.email, account.password, attacker));
    }
    // The owner's success elsewhere does not lift the lock on the guessers.
    expect((await login(account.email, account.password, freshAddress())).status).toBe(200);
    expectRateLimited(await wrong(account.email, attackers[0]));
  });

  // It used to refuse every address, the owner's too, once the account had a total of
  // failures (LOGIN_LIMIT_PER_ACCOUNT_TOTAL): a hundred cheap addresses locked the owner out.
  it('lets the owner in from a fresh address after 100+ failures from as many addresses', async () => {
    const account = await newAccount();
    const attackers = freshNetworks(105);
    for (const attacker of attackers) {
      expectInvalidCredentials(await wrong(account.email, attacker));
    }
    const owner = freshAddress();
    expect((await login(account.email, account.password, owner)).status).toBe(200);
    expect((await login(account.email, account.password, owner)).status).toBe(200);
    // A fresh address gets its password checked once; after a wrong one it waits, the
    // right password too, so the check tells the guesser nothing more.
    const [guesser] = freshNetworks(1);
    expectInvalidCredentials(await wrong(account.email, guesser));
    expectRateLimited(await wrong(account.email, guesser));
    expectRateLimited(await login(account.email, account.password, guesser));
    // The attackers' addresses stay refused; the owner's success lifts nothing for them.
    for (const attacker of attackers.slice(0, 5)) {
      expectRateLimited(await login(account.email, account.password, attacker));
    }
    const bystander = await newAccount();
    expect((await login(bystander.email, bystander.password, freshAddress())).status).toBe(200);
  });

  it('answers an unknown e-mail exactly like a wrong password, under throttling too', async () => {
    const account = await newAccount();
    const unknown = `nobody-${randomUUID()}@test.example`;
    const shape = (response: Response) => ({
      status: response.status,
      body: {
        ...(response.body as Record<string, unknown>),
        requestId: undefined,
        // Retry-After counts down between the two runs.
        message: String(response.body.message).replace(/\d+/g, 'N'),
      },
      headers: Object.keys(response.headers).sort(),
    });
    const run = async (email: string) => {
      const [first, second, third] = freshAddresses(3);
      const responses: Response[] = [];
      for (let i = 0; i <= PER_ACCOUNT; i++) responses.push(await wrong(email, first));
      responses.push(await wrong(email, second), await wrong(email, third));
      responses.push(await wrong(email, second), await wrong(email, third));
      return responses.map(shape);
    };
    const known = await run(account.email);
    const [invalid, limited] = ['401 INVALID_CREDENTIALS', '429 RATE_LIMITED'];
    expect(known.map((r) => `${r.status} ${String((r.body as { code?: unknown }).code)}`)).toEqual([
      invalid,
      invalid,
      invalid,
      limited,
      invalid,
      invalid,
      limited,
      limited,
    ]);
    expect(await run(unknown)).toEqual(known);
  });

  it('counts the addresses of one IPv6 /64 as one client', async () => {
    const account = await newAccount();
    const first = freshAddress();
    for (let i = 0; i < PER_ACCOUNT; i++)
      expectInvalidCredentials(await wrong(account.email, first));
    // Past the account's limit: one guess for the whole network, not one per address in it.
    expectInvalidCredentials(await wrong(account.email, '2001:db8:0:7::1'));
    expectRateLimited(await wrong(account.email, '2001:db8:0:7:0:0:0:2'));
    expectRateLimited(await wrong(account.email, '2001:db8::7:abcd:0:0:3'));
  });

  describe('per client address', () => {
    let limited: TestApp;
    let owner: Session & { email: string; password: string };

    beforeAll(async () => {
      limited = await TestApp.start({
        LOGIN_LIMIT_PER_IP: '4',
        LOGIN_WINDOW_SECONDS: '120',
        TRUST_PROXY: 'true',
      });
      owner = await limited.createUser(await limited.loginAdmin(), 'school_coordinator');
    });
    afterAll(() => limited.close());

    const attemptOn = (app: TestApp, email: string, password: string, from: string) =>
      app.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });

    it('limits failures across accounts, the right password refused after them', async () => {
      const sprayer = '198.51.100.1';
      for (let i = 0; i < 4; i++) {
        const response = await attemptOn(
          limited,
          `spray-${i}@test.example`,
          'wrong-password',
          sprayer,
        );
        expectInvalidCredentials(response);
      }
      const blocked = await attemptOn(limited, owner.email, owner.password, sprayer);
      expectRateLimited(blocked);
      expect((await attemptOn(limited, owner.email, owner.password, '198.51.100.2')).status).toBe(
        200,
      );
    });

    // It used to count successes too: the fifth login here (the 31st by default) was refused.
    it('does not count successful logins: a shared address (a school’s NAT) logs in freely', async () => {
      const from = '198.51.100.3';
      for (let i = 0; i < 31; i++) {
        expect((await attemptOn(limited, owner.email, owner.password, from)).status).toBe(200);
      }
      // Brute force from it is still throttled: its failures count, whatever succeeded.
      for (let i = 0; i < 4; i++) {
        const response = await attemptOn(limited, `nat-${i}@test.example`, 'wrong-password', from);
        expectInvalidCredentials(response);
      }
      expectRateLimited(await attemptOn(limited, 'nat-5@test.example', 'wrong-password', from));
      expectRateLimited(await attemptOn(limited, owner.email, owner.password, from));
    });

    it('groups IPv6 clients by /64', async () => {
      for (let i = 1; i <= 4; i++) {
        const response = await attemptOn(
          limited,
          `v6-${i}@test.example`,
          'wrong-password',
          `2001:db8:ffff:1::${i}`,
        );
        expectInvalidCredentials(response);
      }
      const blocked = await attemptOn(limited, owner.email, owner.password, '2001:db8:ffff:1::99');
      expectRateLimited(blocked);
    });

    it('takes an IPv4-mapped IPv6 address for the IPv4 address it carries', async () => {
      for (let i = 1; i <= 4; i++) {
        const response = await attemptOn(
          limited,
          `mapped-${i}@test.example`,
          'wrong-password',
          '::ffff:198.51.100.4',
        );
        expectInvalidCredentials(response);
      }
      expectRateLimited(await attemptOn(limited, owner.email, owner.password, '198.51.100.4'));
      const neighbour = await attemptOn(
        limited,
        owner.email,
        owner.password,
        '::ffff:198.51.100.5',
      );
      expect(neighbour.status).toBe(200);
    });
  });

  (externalRedisUrl ? it : it.skip)('shares counters between processes through Redis', async () => {
    const prefix = `ybt:shared-${Date.now()}:`;
    const settings = {
      LOGIN_LIMIT_PER_ACCOUNT: '2',
      LOGIN_WINDOW_SECONDS: '120',
      REDIS_PREFIX: prefix,
    };
    const [a, b] = await Promise.all([TestApp.start(settings), TestApp.start(settings)]);
    try {
      const tryOn = (app: TestApp) =>
        app
          .http()
          .post('/api/auth/login')
          .send({ email: 'shared@test.example', password: 'wrong-password' });
      expectInvalidCredentials(await tryOn(a));
      expectInvalidCredentials(await tryOn(b));
      expectRateLimited(await tryOn(a));
      expectRateLimited(await tryOn(b));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
