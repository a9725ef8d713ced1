import { Writable } from 'node:stream';
import { TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('logs', () => {
  const lines: string[] = [];
  let t: TestApp;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    t = await TestApp.start({ LOG_LEVEL: 'info' }, { logDestination: destination });
  });
  afterAll(() => t.close());

  it('carry one structured line per request, and no passwords, tokens, e-mails or query strings', async () => {
    const admin = await t.loginAdmin();
    const user = await t.createUser(admin, 'school_coordinator');
    await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'li.yuxuan@example.cn', password: 'wrong-secret-1' })
      .expect(refusal('INVALID_CREDENTIALS'));
    await t
      .http()
      .get('/api/me?search=Иванов')
      .auth(user.accessToken, { type: 'bearer' })
      .expect(200);

    const requests = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests[0]).toEqual(
      expect.objectContaining({
        reqId: expect.any(String),
        req: { method: 'POST', path: '/api/auth/login' },
        status: 200,
      }),
    );
    const all = lines.join('\n');
    for (const secret of [
      user.password,
      user.email,
      user.accessToken,
      user.refreshToken,
      admin.accessToken,
      'wrong-secret-1',
      'li.yuxuan',
      'Иванов',
      encodeURIComponent('Иванов'),
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
