import { TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('health, headers and API docs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('GET /health answers without a token, with a request id and security headers', async () => {
    const response = await t.http().get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('sends HSTS only over HTTPS: directly or through a proxy it trusts', async () => {
    // Plain HTTP (a development server on localhost): no header that pins HTTPS.
    for (const url of ['/health', '/api/delegations', '/zh/', '/api/docs']) {
      const plain = await t.http().get(url);
      expect([url, plain.headers['strict-transport-security']]).toEqual([url, undefined]);
    }
    // A client's own X-Forwarded-Proto is not believed without TRUST_PROXY.
    const forged = await t.http().get('/health').set('x-forwarded-proto', 'https');
    expect(forged.headers['strict-transport-security']).toBeUndefined();
    const behind = await TestApp.start({ TRUST_PROXY: '1' });
    try {
      for (const url of ['/health', '/zh/', '/api/docs']) {
        const proxied = await behind.http().get(url).set('x-forwarded-proto', 'https');
        expect([url, proxied.headers['strict-transport-security']]).toEqual([
          url,
          'max-age=31536000; includeSubDomains',
        ]);
      }
      const httpBehind = await behind.http().get('/health').set('x-forwarded-proto', 'http');
      expect(httpBehind.headers['strict-transport-security']).toBeUndefined();
      // One proxy in front: the address it saw is the client's, not what the client wrote.
      expect(behind.config.trustProxy).toBe(1);
    } finally {
      await behind.close();
    }
  });

  it('GET /health/ready checks the database, and Redis when configured', async () => {
    const response = await t.http().get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details.database.status).toBe('up');
    expect(response.body.details.redis.status).toBe('up');
    expect(response.body.details.redis.mode).toBe(t.config.redisUrl ? undefined : 'embedded');
  });

  it('publishes the OpenAPI document with the error shape, and Swagger UI', async () => {
    const spec = await t.http().get('/api/openapi.json').expect(200);
    const doc = spec.body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/me',
        '/api/admin/organizations',
        '/api/admin/organizations/{id}',
        '/api/admin/users',
        '/api/admin/users/{id}',
        '/health',
        '/health/ready',
      ]),
    );
    expect(Object.keys(doc.components.schemas.ErrorResponseDto.properties ?? {}).sort()).toEqual([
      'code',
      'errors',
      'message',
      'requestId',
      'statusCode',
    ]);
    expect(Object.keys(doc.components.schemas.CreateUserDto.properties ?? {}).sort()).toEqual([
      'email',
      'organizationId',
      'password',
      'preferredLanguage',
      'role',
    ]);
    expect(Object.keys(doc.paths['/api/auth/login'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '413', '415', '429', '500']),
    );
    expect(Object.keys(doc.paths['/api/me'].get.responses)).toEqual(
      expect.arrayContaining(['200', '401', '500']),
    );

    const ui = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
    // A document a browser renders gets the full Helmet set, with a CSP that lets it run.
    expect(ui.headers['content-security-policy']).toContain("default-src 'self'");
    expect(ui.headers['content-security-policy']).toContain("script-src 'self'");
    expect(ui.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('readiness with Redis unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens there, so every Redis command fails at once.
    t = await TestApp.start({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  it('is 503 with the failing dependency named, while liveness and logins still work', async () => {
    const response = await t
      .http()
      .get('/health/ready')
      .set('Accept-Language', 'ru')
      .expect(refusal('SERVICE_UNAVAILABLE'));
    expect(response.body).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      errors: [expect.objectContaining({ field: 'redis', code: 'DOWN' })],
    });
    expect(response.headers['retry-after']).toBe('5');
    await t.http().get('/health').expect(200);
    // Login throttling falls back to in-memory counters instead of failing.
    await t.loginAdmin();
  });
});
