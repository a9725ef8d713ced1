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
    // 5 attempts already made from this address above; the limit is 8.
    for (let i = 0; i < 3; i++) expect((await attempt(`spray-${i}@test.example`)).status).toBe(401);
    const blocked = await attempt('spray-last@test.example');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });
});
