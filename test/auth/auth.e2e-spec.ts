import { createHmac } from 'node:crypto';
import { TEST_ADMIN } from '../support/test-config';
import { Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

const JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

function signJwt(header: object, claims: object, secret = JWT_SECRET): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('authentication', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/me').auth(token, { type: 'bearer' });

  it('logs in and returns tokens and the user with their organization', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .send({ email: `  ${TEST_ADMIN.email.toUpperCase()} `, password: TEST_ADMIN.password })
      .expect(200);
    expect(response.body).toMatchObject({
      expiresIn: 900,
      user: { email: TEST_ADMIN.email, role: 'organizer', organization: { type: 'committee' } },
    });
    expect(response.body.user.passwordHash).toBeUndefined();
    await me(response.body.accessToken as string).expect(200);
  });

  it('puts no personal data in the access token, and pins the algorithm, issuer and audience', () => {
    const [header] = admin.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const claims = decodeClaims(admin.accessToken);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'ep', 'exp', 'iat', 'iss', 'sid', 'sub']);
    expect(claims).toMatchObject({ iss: 'youth-bridge', aud: 'youth-bridge-api' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it.each([
    ['zh', '电子邮件或密码不正确。'],
    ['ru', 'Неверный адрес электронной почты или пароль.'],
  ])('refuses a wrong password in %s', async (lang, message) => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .set('Accept-Language', lang)
      .send({ email: TEST_ADMIN.email, password: 'wrong-password' })
      .expect(refusal('INVALID_CREDENTIALS'));
    expect(response.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS', message });
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@test.example', password: 'whatever-password' })
      .expect(refusal('INVALID_CREDENTIALS'));
    expect(response.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('rotates refresh tokens and ends the session when a used one comes back', async () => {
    const user = await t.createUser(admin, 'school_coordinator');
    const first = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    await me(first.body.accessToken as string).expect(200);

    const second = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);

    // The first token again: a replay. The whole family ends, including the newest pair.
    const replay = await t
      .http()
      .post('/api/auth/refresh')
      .set('Accept-Language', 'ru')
      .send({ refreshToken: user.refreshToken })
      .expect(refusal('REFRESH_TOKEN_REUSED'));
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    expect(replay.body.message).toMatch(/уже использовался/);
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: second.body.refreshToken })
      .expect(refusal('INVALID_REFRESH_TOKEN'));
    await me(second.body.accessToken as string).expect(refusal('UNAUTHORIZED'));
    await me(user.accessToken).expect(refusal('UNAUTHORIZED'));
  });

  it('lets exactly one of simultaneous refreshes with one token through, then ends the session', async () => {
    const user = await t.createUser(admin, 'partner');
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 401).map((r) => r.body.code as string)).toEqual([
      'REFRESH_TOKEN_REUSED',
      'REFRESH_TOKEN_REUSED',
    ]);
    // The replay ended the session, so even the winner's new pair is dead.
    await me(winners[0].body.accessToken as string).expect(refusal('UNAUTHORIZED'));
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: winners[0].body.refreshToken })
      .expect(refusal('INVALID_REFRESH_TOKEN'));
  });

  it('logout by refresh token works once the access token is gone', async () => {
    const user = await t.createUser(admin, 'partner');
    await t.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    await me(user.accessToken).expect(refusal('UNAUTHORIZED'));
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(refusal('INVALID_REFRESH_TOKEN'));
    await t.http().post('/api/auth/logout').send({}).expect(refusal('UNAUTHORIZED'));
    await t
      .http()
      .post('/api/auth/logout')
      .send({ refreshToken: 'y'.repeat(43) })
      .expect(refusal('UNAUTHORIZED'));
  });

  it('refuses an unknown refresh token', async () => {
    const response = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: 'x'.repeat(43) })
      .expect(refusal('INVALID_REFRESH_TOKEN'));
    expect(response.body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('logout ends the access token and the refresh token', async () => {
    const user = await t.createUser(admin, 'school_coordinator');
    await t.http().post('/api/auth/logout').auth(user.accessToken, { type: 'bearer' }).expect(204);
    await me(user.accessToken).expect(refusal('UNAUTHORIZED'));
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(refusal('INVALID_REFRESH_TOKEN'));
  });

  it('a disabled user can neither use a still-valid token nor log in', async () => {
    const user = await t.createUser(admin, 'school_coordinator');
    await t
      .http()
      .patch(`/api/admin/users/${user.userId}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ disabled: true })
      .expect(200);
    await me(user.accessToken).expect(refusal('UNAUTHORIZED'));
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(refusal('INVALID_REFRESH_TOKEN'));
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(refusal('ACCOUNT_DISABLED'));
    expect(login.body.code).toBe('ACCOUNT_DISABLED');
  });

  it('a password reset ends existing sessions and the new password works', async () => {
    const user = await t.createUser(admin, 'partner');
    await t
      .http()
      .patch(`/api/admin/users/${user.userId}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ password: 'a-brand-new-password' })
      .expect(200);
    await me(user.accessToken).expect(refusal('UNAUTHORIZED'));
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(refusal('INVALID_CREDENTIALS'));
    await t.login(user.email, 'a-brand-new-password');
  });

  describe('refuses forged and stale access tokens', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const validClaims = () => {
      const claims = decodeClaims(admin.accessToken);
      return { ...claims, iat: now(), exp: now() + 600 };
    };

    it('accepts a correctly signed token (the forgery checks below are meaningful)', async () => {
      await me(signJwt({ alg: 'HS256', typ: 'JWT' }, validClaims())).expect(200);
    });

    it.each([
      [
        'alg none',
        () =>
          `${signJwt({ alg: 'none', typ: 'JWT' }, validClaims()).split('.').slice(0, 2).join('.')}.`,
      ],
      [
        'wrong audience',
        () => signJwt({ alg: 'HS256' }, { ...validClaims(), aud: 'someone-else' }),
      ],
      ['wrong issuer', () => signJwt({ alg: 'HS256' }, { ...validClaims(), iss: 'someone-else' })],
      [
        'expired',
        () => signJwt({ alg: 'HS256' }, { ...validClaims(), iat: now() - 2000, exp: now() - 1000 }),
      ],
      [
        'wrong secret',
        () => signJwt({ alg: 'HS256' }, validClaims(), 'another-secret-another-secret-123'),
      ],
      [
        'tampered claims',
        () => {
          const [h, , s] = admin.accessToken.split('.');
          const body = Buffer.from(JSON.stringify({ ...validClaims(), sub: 'x' })).toString(
            'base64url',
          );
          return `${h}.${body}.${s}`;
        },
      ],
      ['stale session epoch', () => signJwt({ alg: 'HS256' }, { ...validClaims(), ep: 99 })],
    ])('%s', async (_name, token) => {
      const response = await me(token()).expect(refusal('UNAUTHORIZED'));
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it('no token and a malformed header', async () => {
      await t.http().get('/api/me').expect(refusal('UNAUTHORIZED'));
      await t
        .http()
        .get('/api/me')
        .set('Authorization', 'Basic abc')
        .expect(refusal('UNAUTHORIZED'));
    });
  });
});
