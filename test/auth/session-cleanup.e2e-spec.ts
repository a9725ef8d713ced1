import { DataSource } from 'typeorm';
import { SessionCleanupService } from '../../src/auth/session-cleanup.service';
import { TestApp } from '../support/test-app';

describe('session cleanup', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('removes expired refresh tokens and sessions left without tokens, and nothing live', async () => {
    const admin = await t.loginAdmin();
    const stale = await t.createUser(admin, 'partner');
    const live = await t.createUser(admin, 'partner');
    const dataSource = t.app.get(DataSource);
    const sessionOf = (userId: string) =>
      dataSource.query<{ id: string }[]>(
        `SELECT id FROM auth_sessions WHERE ${dataSource.driver.escape('userId')} = ?`,
        [userId],
      );

    const [staleSession] = await sessionOf(stale.userId);

    // Age the stale user's session and token as if 40 days had passed.
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await dataSource
      .createQueryBuilder()
      .update('refresh_tokens')
      .set({ expiresAt: longAgo })
      .where('sessionId = :id', { id: staleSession.id })
      .execute();
    await dataSource
      .createQueryBuilder()
      .update('auth_sessions')
      .set({ createdAt: longAgo })
      .where('id = :id', { id: staleSession.id })
      .execute();

    const removed = await t.app.get(SessionCleanupService).purge();
    expect(removed.tokens).toBeGreaterThanOrEqual(1);
    expect(removed.sessions).toBeGreaterThanOrEqual(1);
    expect(await sessionOf(stale.userId)).toEqual([]);
    expect(await sessionOf(live.userId)).toHaveLength(1);
    await t.http().get('/api/me').auth(live.accessToken, { type: 'bearer' }).expect(200);
    await t.http().post('/api/auth/refresh').send({ refreshToken: live.refreshToken }).expect(200);
  });
});
