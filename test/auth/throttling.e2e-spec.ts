import { externalRedisUrl } from '../support/test-config';
import { TestApp } from '../support/test-app';

describe('login throttling', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({
      LOGIN_LIMIT_PER_ACCOUNT: '3',
      LOGIN_LIMIT_PER_IP: '8',
      LOGIN_WINDOW_SECONDS: '120',
    });
  });
  afterAll(() => t.close());

  const attempt = (email: string, lang = 'zh') =>
    t
      .http()
      .post('/api/auth/login')
      .set('Accept-Language', lang)
      .send({ email, password: 'wrong-password' });

  it('limits attempts per account, with Retry-After and a localized message', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('victim@test.example')).status).toBe(401);
    const blocked = await attempt('victim@test.example', 'ru');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(blocked.body.message).toMatch(/Слишком много попыток/);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
    // A different account from the same address is not blocked yet.
    expect((await attempt('other@test.example')).status).toBe(401);
  });

  it('limits attempts per client IP across accounts', async () => {
    const limited = await TestApp.start({ LOGIN_LIMIT_PER_IP: '4', LOGIN_WINDOW_SECONDS: '120' });
    try {
      for (let i = 0; i < 4; i++) {
        const response = await limited
          .http()
          .post('/api/auth/login')
          .send({ email: `spray-${i}@test.example`, password: 'wrong-password' });
        expect(response.status).toBe(401);
      }
      const blocked = await limited
        .http()
        .post('/api/auth/login')
        .send({ email: 'spray-last@test.example', password: 'wrong-password' });
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
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
      expect((await tryOn(a)).status).toBe(401);
      expect((await tryOn(b)).status).toBe(401);
      expect((await tryOn(a)).status).toBe(429);
      expect((await tryOn(b)).status).toBe(429);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
