import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

// Each on a database of its own (a fresh SQLite file): they are about an empty installation.
const ownDatabase = { DATABASE_URL: undefined };

describe('the first organizer', () => {
  it('without ADMIN_EMAIL, is admin@localhost with a generated password written to DATA_DIR', async () => {
    const t = await TestApp.start({
      ...ownDatabase,
      ADMIN_EMAIL: undefined,
      ADMIN_PASSWORD: undefined,
    });
    try {
      const file = readFileSync(join(t.config.dataDir, 'initial-admin.txt'), 'utf8');
      const [, email] = /email: (.+)/.exec(file) ?? [];
      const [, password] = /password: (.+)/.exec(file) ?? [];
      expect(email).toBe('admin@localhost');
      expect(password.length).toBeGreaterThanOrEqual(16);
      const session = await t.login(email, password);
      const me = await t
        .http()
        .get('/api/me')
        .auth(session.accessToken, { type: 'bearer' })
        .expect(200);
      expect(me.body).toMatchObject({ role: 'organizer', organization: { type: 'committee' } });
    } finally {
      await t.close();
    }
  });

  it('cannot be disabled or demoted while no other organizer is active', async () => {
    const t = await TestApp.start(ownDatabase);
    try {
      const admin = await t.loginAdmin();
      const self = (body: object) =>
        t
          .http()
          .patch(`/api/admin/users/${admin.userId}`)
          .auth(admin.accessToken, { type: 'bearer' })
          .send(body);
      const refused = await self({ disabled: true })
        .set('Accept-Language', 'ru')
        .expect(refusal('LAST_ORGANIZER'));
      expect(refused.body.code).toBe('LAST_ORGANIZER');
      expect(refused.body.message).toMatch(/последняя/);
      await self({ role: 'partner' }).expect(refusal('LAST_ORGANIZER'));

      // With a second organizer, the first may step down.
      const second = await t.createUser(admin, 'organizer', {
        organizationId: admin.organizationId,
      });
      await self({ disabled: true }).expect(200);
      await t
        .http()
        .get('/api/admin/users')
        .auth(second.accessToken, { type: 'bearer' })
        .expect(200);
    } finally {
      await t.close();
    }
  });
});
