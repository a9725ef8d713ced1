import { NestFactory } from '@nestjs/core';
import { CliModule } from '../../src/cli.module';
import { DEMO_PASSWORD, DemoSeeder } from '../../src/seed/demo-seeder';
import { testConfig } from '../support/test-config';
import { TestApp } from '../support/test-app';

// Its own SQLite file: the demo is about an empty installation.
describe('npm run seed:demo', () => {
  it('creates the demo organizations, logins, three delegations and applications, once', async () => {
    const config = testConfig({ DATABASE_URL: undefined });
    const context = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
      logger: false,
    });
    try {
      const first = await context.get(DemoSeeder).seed();
      expect(first.accounts.map((a) => a.created)).toEqual([true, true, true, true, true]);
      expect(first.delegations).toHaveLength(3);
      const again = await context.get(DemoSeeder).seed();
      expect(again.accounts.every((a) => !a.created)).toBe(true);
      expect(again.delegations).toEqual([]);
    } finally {
      await context.close();
    }

    const t = await TestApp.start({ DATABASE_URL: undefined, DATA_DIR: config.dataDir });
    try {
      const organizer = await t.login('organizer@demo.youth-bridge', DEMO_PASSWORD);
      const delegations = await t
        .http()
        .get('/api/admin/delegations')
        .auth(organizer.accessToken, { type: 'bearer' })
        .expect(200);
      expect(delegations.body.items.map((d: { direction: string }) => d.direction).sort()).toEqual([
        'CN_TO_RU',
        'CN_TO_RU',
        'RU_TO_CN',
      ]);
      // The partner has a roster waiting for its approval.
      expect(delegations.body.items.map((d: { status: string }) => d.status).sort()).toEqual([
        'open',
        'open',
        'roster_locked',
      ]);
      const applications = await t
        .http()
        .get('/api/applications?pageSize=100')
        .auth(organizer.accessToken, { type: 'bearer' })
        .expect(200);
      const statuses = new Set(applications.body.items.map((a: { status: string }) => a.status));
      expect([...statuses].sort()).toEqual(['approved', 'rejected', 'submitted', 'waitlisted']);
      const partner = await t.login('blag-partner@demo.youth-bridge', DEMO_PASSWORD);
      await t.http().get('/api/me').auth(partner.accessToken, { type: 'bearer' }).expect(200);
      // The public site has something to show in both languages.
      const home = await t.http().get('/ru/').set('Accept-Encoding', 'identity').expect(200);
      expect(home.text).toContain('Открыт приём заявок на летние обмены 2027 года');
      expect(home.text).toContain('перевод готовится');
      const notices = await t
        .http()
        .get('/api/notices?lang=ru')
        .auth(partner.accessToken, { type: 'bearer' })
        .expect(200);
      expect(notices.body.items.map((n: { title: string }) => n.title)).toContain(
        'Сбор перед выездом',
      );
    } finally {
      await t.close();
    }
  });
});
