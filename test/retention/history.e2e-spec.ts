import { DataSource } from 'typeorm';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { sqlOf } from '../support/database';
import { chineseStudent } from '../support/people';
import { openDelegation, Session, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/**
 * History that does not grow forever: sent or finally failed notifications past the
 * history age, read in-app messages past a year, old audit entries and revoked sessions
 * are deleted by the retention pass; what is still pending, unread or recent stays.
 */
describe('history past its age', () => {
  let drop: () => Promise<void>;
  let t: TestApp;
  let db: DataSource;
  let admin: Session;
  let school: Session & { email: string; password: string };
  const { query, count } = sqlOf(() => db);

  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    // The retention clock two years on; everything else keeps the real one.
    t = await TestApp.start({ ...isolated.overrides, CLOCK_SHIFT_DAYS: '730' });
    db = t.app.get(DataSource);
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
  });

  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('deletes what is past its use and keeps the rest', async () => {
    const delegation = await openDelegation(t, admin);
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await t.registered(school, chineseStudent()));
    for (const person of people) {
      const application = await t.applied(school, delegation.id, person.id);
      await t.decide(admin, application, 'approve').expect(200);
    }
    // Three decisions reach the coordinator's inbox.
    const inbox = await eventually('three in-app messages', async () => {
      const page = await t.as(school, 'get', '/api/notifications').expect(200);
      const items = page.body.items as { id: string }[];
      return items.length >= 3 ? items : undefined;
    });
    await eventually('every delivery final', async () => {
      const open = await count(
        "SELECT COUNT(*) AS n FROM notification_deliveries WHERE status = 'pending'",
      );
      const busy = await count(
        "SELECT COUNT(*) AS n FROM notification_outbox WHERE status <> 'done'",
      );
      return open === 0 && busy === 0;
    });
    // One read message; a delivery still pending; all of it history by the moved clock.
    await t.as(school, 'post', `/api/notifications/${inbox[0].id}/read`).expect(200);
    const readDelivery = (
      await query<{ deliveryId: string }>(
        'SELECT deliveryId FROM user_notifications WHERE id = ?',
        [inbox[0].id],
      )
    )[0].deliveryId;
    const anyEmail = (
      await query<{ id: string; outboxId: string }>(
        "SELECT id, outboxId FROM notification_deliveries WHERE channel = 'email' ORDER BY id LIMIT 1",
      )
    )[0];
    await query("UPDATE notification_deliveries SET status = 'pending' WHERE id = ?", [
      anyEmail.id,
    ]);
    // Audit entries four years old go (the policy keeps 36 months); new ones stay.
    await query("UPDATE audit_log SET at = '2022-01-01 00:00:00' WHERE entityType = 'application'");
    const oldAudit = await count(
      "SELECT COUNT(*) AS n FROM audit_log WHERE entityType = 'application'",
    );
    const auditTotal = await count('SELECT COUNT(*) AS n FROM audit_log');
    expect(oldAudit).toBeGreaterThan(0);
    // A session revoked two days ago goes; a live one stays.
    const other = await t.login(school.email, school.password);
    await t
      .as(other, 'post', '/api/auth/logout')
      .send({ refreshToken: other.refreshToken })
      .expect(204);
    await query(
      "UPDATE auth_sessions SET revokedAt = '2020-01-01 00:00:00' WHERE revokedAt IS NOT NULL",
    );
    const revoked = await count(
      'SELECT COUNT(*) AS n FROM auth_sessions WHERE revokedAt IS NOT NULL',
    );
    expect(revoked).toBeGreaterThan(0);

    const deliveries = await count('SELECT COUNT(*) AS n FROM notification_deliveries');
    const messages = await count('SELECT COUNT(*) AS n FROM user_notifications');
    const unread = await count('SELECT COUNT(*) AS n FROM user_notifications WHERE readAt IS NULL');
    const preview = await t.as(admin, 'get', '/api/admin/retention/preview').expect(200);
    const run = await t.as(admin, 'post', '/api/admin/retention/runs').expect(201);
    expect(run.body.counts).toMatchObject({
      messages: 1,
      auditEntries: oldAudit,
      sessions: revoked,
    });
    expect(preview.body.counts).toMatchObject({
      messages: 1,
      auditEntries: oldAudit,
      deliveries: run.body.counts.deliveries,
      outbox: run.body.counts.outbox,
    });

    // Unread messages keep their deliveries; the pending one stays; the rest went.
    expect(await count('SELECT COUNT(*) AS n FROM user_notifications')).toBe(messages - 1);
    expect(await count('SELECT COUNT(*) AS n FROM user_notifications WHERE readAt IS NULL')).toBe(
      unread,
    );
    expect(
      await count('SELECT COUNT(*) AS n FROM notification_deliveries WHERE id = ?', [readDelivery]),
    ).toBe(0);
    expect(
      await count('SELECT COUNT(*) AS n FROM notification_deliveries WHERE id = ?', [anyEmail.id]),
    ).toBe(1);
    expect(
      await count('SELECT COUNT(*) AS n FROM notification_outbox WHERE id = ?', [
        anyEmail.outboxId,
      ]),
    ).toBe(1);
    const left = await count('SELECT COUNT(*) AS n FROM notification_deliveries');
    expect(left).toBe(unread + 1);
    expect(deliveries - left).toBe(run.body.counts.deliveries);
    // No delivery lost its event, no message its delivery.
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM notification_deliveries d LEFT JOIN notification_outbox o ON o.id = d.outboxId WHERE o.id IS NULL',
      ),
    ).toBe(0);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE entityType = 'application'"),
    ).toBe(0);
    // Besides the pass's own entries, the rest of the log stays.
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE entityType <> 'retention_run'"),
    ).toBe(auditTotal - oldAudit);
    expect(await count('SELECT COUNT(*) AS n FROM auth_sessions WHERE revokedAt IS NOT NULL')).toBe(
      0,
    );
    // The coordinator's own session still works.
    await t.as(school, 'get', '/api/notifications').expect(200);

    const again = await t.as(admin, 'post', '/api/admin/retention/runs').expect(201);
    expect(again.body.counts).toEqual({
      participants: 0,
      rosterCopies: 0,
      auditEntries: 0,
      messages: 0,
      deliveries: 0,
      outbox: 0,
      sessions: 0,
    });
  });
});
