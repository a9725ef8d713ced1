import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { DeadlineReminders } from '../../src/delegations/deadline-reminders';
import { DeliveriesService } from '../../src/notifications/deliveries.service';
import { Transactions } from '../../src/database/transactions';
import { DigestSchedule } from '../../src/notifications/digest-schedule';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { OutboxEntry } from '../../src/notifications/outbox-entry.entity';
import { OutboxRelay } from '../../src/notifications/outbox-relay';
import { PassportReminders } from '../../src/rosters/passport-reminders';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { MailSink } from '../support/mail-sink';
import { chaperone, chineseStudent } from '../support/people';
import { bilingualNotice, openDelegation, Session, TestApp } from '../support/test-app';
import { externalRedisUrl } from '../support/test-config';
import { WebhookReceiver } from '../support/webhook-receiver';
import { refusal } from '../support/refusal';

type User = Awaited<ReturnType<TestApp['createUser']>>;

interface InboxItem {
  id: string;
  event: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
}

/**
 * Notifications end to end with real parts: a real SMTP server, a real HTTP receiver, the
 * queue of this run (Bull on Redis, or the embedded runner without REDIS_URL).
 */
jest.setTimeout(60_000);

describe('notifications', () => {
  let t: TestApp;
  let admin: Session;
  let mail: MailSink;
  let hooks: WebhookReceiver;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    mail = await MailSink.start();
    hooks = await WebhookReceiver.start();
    const database = await isolatedDatabase();
    dropDatabase = database.drop;
    t = await TestApp.start({
      ...database.overrides,
      SMTP_URL: mail.url,
      MAIL_FROM: 'Youth Bridge <noreply@youth-bridge.test>',
      NOTIFICATION_RETRY_BASE_MS: '300',
      NOTIFICATION_POLL_MS: '100',
      NOTIFICATION_SEND_TIMEOUT_MS: '3000',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      PUBLIC_URL: 'https://youth-bridge.test',
    });
    admin = await t.loginAdmin();
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([mail.close(), hooks.close(), dropDatabase()]);
  });

  const as: TestApp['as'] = (...args) => t.as(...args);

  const participant = async (school: User, body: Record<string, unknown>) =>
    (await t.registered(school, body)).id;

  const submit = (school: User, delegationId: string, participantId: string) =>
    t.applied(school, delegationId, participantId);

  const inbox = async (s: Session, query = '') =>
    (await as(s, 'get', `/api/notifications${query}`).expect(200)).body as {
      items: InboxItem[];
      total: number;
      unread: number;
    };

  const mailTo = (address: string, what: string) =>
    eventually(what, () => mail.to(address).length > 0 && mail.to(address));

  const outboxCount = () =>
    t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM notification_outbox');

  /** Two coordinators of one school, one reading Chinese and one Russian. */
  async function bilingualSchool() {
    const zh = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'zh' });
    const ru = await t.createUser(admin, 'school_coordinator', {
      organizationId: zh.organizationId,
      preferredLanguage: 'ru',
    });
    return { zh, ru };
  }

  it('tells each coordinator of a decision by e-mail and in-app, in their language and script', async () => {
    const { zh, ru } = await bilingualSchool();
    const delegation = await openDelegation(t, admin);
    const student = await participant(zh, chineseStudent({ familyName: '李', givenName: '雨轩' }));
    const application = await submit(zh, delegation.id, student);
    await t.decide(admin, application, 'approve', '请提前准备好护照。').expect(200);

    const [toZh] = await mailTo(zh.email, 'the Chinese e-mail');
    expect(toZh.subject).toBe('报名已获批准：李雨轩');
    expect(toZh.text).toContain('李雨轩 参加“黑河学生赴布拉戈维申斯克夏令营”的报名已获批准。');
    expect(toZh.text).toContain(`https://youth-bridge.test/zh/delegations/${delegation.id}`);
    expect(toZh.html).toContain('李雨轩');
    expect(toZh.language).toBe('zh-CN');

    const [toRu] = await mailTo(ru.email, 'the Russian e-mail');
    // The same Chinese student, in Cyrillic (Palladius) for the Russian reader.
    expect(toRu.subject).toBe('Заявка одобрена: Ли Юйсюань');
    expect(toRu.text).toContain('«Летний лагерь школьников Хэйхэ в Благовещенске»');
    expect(toRu.text).toContain(`https://youth-bridge.test/ru/delegations/${delegation.id}`);
    expect(toRu.text).not.toContain('李雨轩');
    expect(toRu.language).toBe('ru-RU');

    const zhInbox = await inbox(zh);
    expect(zhInbox.unread).toBe(1);
    expect(zhInbox.items[0]).toMatchObject({
      event: 'application.decided',
      title: '报名已获批准：李雨轩',
      link: `/zh/delegations/${delegation.id}`,
      readAt: null,
    });
    expect(zhInbox.items[0].body).toContain('请提前准备好护照。');
    expect((await inbox(ru)).items[0].title).toBe('Заявка одобрена: Ли Юйсюань');
  });

  it('writes no message for a change that is refused, and nothing twice for one that succeeds', async () => {
    const { zh } = await bilingualSchool();
    const delegation = await openDelegation(t, admin, { studentPlaces: 1 });
    const first = await submit(zh, delegation.id, await participant(zh, chineseStudent()));
    const second = await submit(
      zh,
      delegation.id,
      await participant(zh, chineseStudent({ givenName: '子涵' })),
    );
    await t.decide(admin, first, 'approve').expect(200);
    const before = Number((await outboxCount())[0].n);
    await t.decide(admin, second, 'approve').expect(refusal('NO_PLACES_LEFT'));
    expect(Number((await outboxCount())[0].n)).toBe(before);

    await eventually('the approval e-mail', () => mail.to(zh.email).length === 1);
    await eventually('every row done', async () => {
      const rows = await t.app
        .get(DataSource)
        .query<{ n: string }[]>(
          "SELECT COUNT(*) AS n FROM notification_outbox WHERE status <> 'done'",
        );
      return Number(rows[0].n) === 0;
    });
    // Every event expanded again and every delivery sent again, as after a crash: nothing new.
    const db = t.app.get(DataSource);
    await db.query("UPDATE notification_outbox SET status = 'enqueued', expandedThrough = NULL");
    const work = t.app.get(DeliveriesService);
    for (const { id } of await db.query<{ id: string }[]>('SELECT id FROM notification_outbox')) {
      await work.expand(id, async (due) => {
        for (const d of due) expect(await work.deliver(d.id)).toBe('skipped');
      });
    }
    await t.app.get(OutboxRelay).run();
    await new Promise((r) => setTimeout(r, 300));
    expect(mail.to(zh.email)).toHaveLength(1);
    expect((await inbox(zh)).total).toBe(1);
  });

  it('offers a freed place to the first on the waitlist and says so', async () => {
    const { zh } = await bilingualSchool();
    const delegation = await openDelegation(t, admin, { studentPlaces: 1 });
    const first = await submit(zh, delegation.id, await participant(zh, chineseStudent()));
    const waiting = await submit(
      zh,
      delegation.id,
      await participant(zh, chineseStudent({ familyName: '张', givenName: '子涵' })),
    );
    await t.decide(admin, first, 'approve').expect(200);
    await t.decide(admin, waiting, 'waitlist').expect(200);
    await as(zh, 'post', `/api/applications/${first}/withdraw`).expect(200);
    const offered = await eventually('the offer', () =>
      mail.to(zh.email).find((m) => m.subject === '候补转正机会：张子涵'),
    );
    expect(offered.text).toContain('已为候补名单中的 张子涵 保留');
    const events = (await inbox(zh)).items.map((i) => i.event).sort();
    expect(events).toEqual(['application.decided', 'application.decided', 'application.offered']);
  });

  it('signs webhooks, retries a failing receiver with the same id, and stops at 410', async () => {
    const delegation = await openDelegation(t, admin);
    const partner = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    const registered = await as(partner, 'post', '/api/webhooks')
      .send({ url: hooks.url, events: ['roster.locked', 'notice.published'] })
      .expect(201);
    const secret = registered.body.secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    // The same key for Standard Webhooks' libraries: the secret's bytes, in base64.
    const standardSecret = registered.body.standardWebhooksSecret as string;
    expect(standardSecret).toBe(`whsec_${Buffer.from(secret).toString('base64')}`);
    const listed = await as(partner, 'get', '/api/webhooks').expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: registered.body.id, url: hooks.url }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const { zh } = await bilingualSchool();
    const leader = await participant(zh, chaperone());
    const students = [];
    for (const givenName of ['雨轩', '子涵', '浩然', '欣怡']) {
      students.push(await participant(zh, chineseStudent({ givenName })));
    }
    for (const id of [leader, ...students]) {
      await t.decide(admin, await submit(zh, delegation.id, id), 'approve').expect(200);
    }
    await as(admin, 'post', `/api/admin/delegations/${delegation.id}/transitions`)
      .send({ to: 'closed' })
      .expect(200);

    hooks.script = [500, 500];
    await as(admin, 'post', `/api/admin/delegations/${delegation.id}/roster/lock`)
      .send({})
      .expect(201);

    const accepted = await eventually(
      'the third try',
      () => hooks.accepted().length === 1 && hooks.accepted(),
    );
    const tries = hooks.received.filter((h) => h.id === accepted[0].id);
    expect(tries.map((h) => h.status)).toEqual([500, 500, 200]);
    for (const hook of tries) {
      const expected = createHmac('sha256', secret)
        .update(`${hook.timestamp}.${hook.body}`)
        .digest('hex');
      expect(hook.signature).toBe(`sha256=${expected}`);
      expect(hook.event).toBe('roster.locked');
      // Standard Webhooks, checked by its published library; its id is the same on retries.
      expect(hook.headers['webhook-id']).toBe(accepted[0].id);
      expect(hook.headers['webhook-timestamp']).toBe(hook.timestamp);
      expect(new Webhook(standardSecret).verify(hook.body, hook.headers)).toMatchObject({
        id: accepted[0].id,
        event: 'roster.locked',
      });
    }
    expect(() =>
      new Webhook(standardSecret).verify(`${accepted[0].body} `, accepted[0].headers),
    ).toThrow();
    const payload = JSON.parse(accepted[0].body);
    expect(payload).toMatchObject({
      id: accepted[0].id,
      event: 'roster.locked',
      data: { delegationId: delegation.id, version: 1, memberCount: 5 },
      message: {
        zh: { subject: '名单第 1 版待确认：黑河学生赴布拉戈维申斯克夏令营' },
        ru: {
          subject:
            'Список, версия 1, ждёт подтверждения: Летний лагерь школьников Хэйхэ в Благовещенске',
        },
      },
    });
    // No personal data of the group goes to the partner's receiver.
    expect(accepted[0].body).not.toMatch(/雨轩|LI YUXUAN|passport/i);

    // The partner's user reads the same in Russian, by e-mail.
    const partnerMail = await mailTo(partner.email, 'the partner e-mail');
    expect(partnerMail[0].subject).toBe(
      'Список, версия 1, ждёт подтверждения: Летний лагерь школьников Хэйхэ в Благовещенске',
    );
    expect(partnerMail[0].text).toContain('участников: 5');

    const deliveries = await as(
      admin,
      'get',
      '/api/admin/notifications?channel=webhook&status=sent',
    ).expect(200);
    expect(deliveries.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: accepted[0].id, attempts: 3, lastError: null }),
      ]),
    );

    // 410 Gone: the endpoint is disabled and the delivery fails at once.
    hooks.script = [410];
    const notice = await as(admin, 'post', '/api/admin/notices')
      .send(bilingualNotice('partners'))
      .expect(201);
    await as(admin, 'post', `/api/admin/notices/${notice.body.id}/publish`).expect(200);
    const disabled = await eventually('the endpoint disabled', async () => {
      const list = await as(partner, 'get', '/api/webhooks').expect(200);
      const [endpoint] = list.body as { disabledAt: string | null; disabledReason: string }[];
      return endpoint.disabledAt ? endpoint : undefined;
    });
    expect(disabled.disabledReason).toContain('410');
    const failed = await as(
      admin,
      'get',
      '/api/admin/notifications?channel=webhook&status=failed',
    ).expect(200);
    expect(failed.body.items[0]).toMatchObject({ event: 'notice.published', attempts: 1 });

    // Enabled again by its owner (audited), it receives the next event.
    const other = await t.createUser(admin, 'partner');
    await as(other, 'post', `/api/webhooks/${registered.body.id}/enable`).expect(
      refusal('NOT_FOUND'),
    );
    const enabled = await as(partner, 'post', `/api/webhooks/${registered.body.id}/enable`).expect(
      200,
    );
    expect(enabled.body).toMatchObject({
      id: registered.body.id,
      disabledAt: null,
      disabledReason: null,
    });
    expect(JSON.stringify(enabled.body)).not.toContain(secret);
    const audited = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=webhook&entityId=${registered.body.id}&action=enable`,
    ).expect(200);
    expect(audited.body.items).toEqual([expect.objectContaining({ actorId: partner.userId })]);
    const before = hooks.accepted().length;
    const next = await as(admin, 'post', '/api/admin/notices')
      .send(bilingualNotice('partners'))
      .expect(201);
    await as(admin, 'post', `/api/admin/notices/${next.body.id}/publish`).expect(200);
    const resumed = await eventually(
      'a delivery after enabling',
      () => hooks.accepted().length > before && hooks.accepted().slice(before),
    );
    expect(resumed[0].event).toBe('notice.published');
    expect(new Webhook(standardSecret).verify(resumed[0].body, resumed[0].headers)).toMatchObject({
      event: 'notice.published',
      data: { noticeId: next.body.id },
    });
  });

  it('keeps webhooks to each organization and refuses bad receivers in the caller language', async () => {
    const partner = await t.createUser(admin, 'partner', { preferredLanguage: 'ru' });
    const other = await t.createUser(admin, 'partner');
    const school = await t.createUser(admin, 'school_coordinator');
    const created = await as(partner, 'post', '/api/webhooks')
      .send({ url: hooks.url, events: ['notice.published'], secret: 'a-secret-of-sixteen+' })
      .expect(201);
    expect(created.body.secret).toBe('a-secret-of-sixteen+');
    expect(created.body.standardWebhooksSecret).toBe(
      `whsec_${Buffer.from('a-secret-of-sixteen+', 'utf8').toString('base64')}`,
    );
    await as(other, 'delete', `/api/webhooks/${created.body.id}`).expect(refusal('NOT_FOUND'));
    await as(other, 'post', `/api/webhooks/${created.body.id}/enable`).expect(refusal('NOT_FOUND'));
    await as(school, 'post', `/api/webhooks/${created.body.id}/enable`).expect(
      refusal('FORBIDDEN'),
    );
    // Already enabled: nothing to change, nothing audited.
    await as(partner, 'post', `/api/webhooks/${created.body.id}/enable`).expect(200);
    const audited = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=webhook&entityId=${created.body.id}&action=enable`,
    ).expect(200);
    expect(audited.body.total).toBe(0);

    // A secret given in Standard Webhooks form is already its own standard secret.
    const standard = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
    const keyed = await as(partner, 'post', '/api/webhooks')
      .send({ url: hooks.url, events: ['roster.locked'], secret: standard })
      .expect(201);
    expect(keyed.body).toMatchObject({ secret: standard, standardWebhooksSecret: standard });
    await as(partner, 'delete', `/api/webhooks/${keyed.body.id}`).expect(204);
    // The longest secret allowed fits its sealed column.
    const longest = await as(partner, 'post', '/api/webhooks')
      .send({ url: hooks.url, events: ['roster.locked'], secret: 'k'.repeat(200) })
      .expect(201);
    await as(partner, 'delete', `/api/webhooks/${longest.body.id}`).expect(204);
    for (const secret of [
      'whsec_not base64 at all!',
      `whsec_${Buffer.alloc(8).toString('base64')}`,
      'пароль-из-кириллицы',
    ]) {
      const bad = await as(partner, 'post', '/api/webhooks')
        .send({ url: hooks.url, events: ['roster.locked'], secret })
        .expect(refusal('VALIDATION_FAILED'));
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ field: 'secret', code: 'WEBHOOK_SECRET_INVALID' }),
      ]);
    }

    expect((await as(other, 'get', '/api/webhooks').expect(200)).body).toEqual([]);
    await as(school, 'get', '/api/webhooks').expect(refusal('FORBIDDEN'));

    const refused = await as(partner, 'post', '/api/webhooks')
      .set('Accept-Language', 'ru')
      .send({ url: 'ftp://example.org/hook', events: ['notice.published', 'nope'] })
      .expect(refusal('VALIDATION_FAILED'));
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'events', code: 'IS_IN' })]),
    );
    const badUrl = await as(partner, 'post', '/api/webhooks')
      .set('Accept-Language', 'ru')
      .send({ url: 'ftp://example.org/hook', events: ['notice.published'] })
      .expect(refusal('VALIDATION_FAILED'));
    expect(badUrl.body.errors).toEqual([
      expect.objectContaining({
        field: 'url',
        code: 'WEBHOOK_URL_INVALID',
        message: expect.stringMatching(/http/),
      }),
    ]);
    expect(badUrl.body.errors[0].message).toMatch(/[а-я]/);

    await as(partner, 'delete', `/api/webhooks/${created.body.id}`).expect(204);
    expect((await as(partner, 'get', '/api/webhooks').expect(200)).body).toEqual([]);
  });

  it('holds the limit of 10 endpoints against 50 registrations at once', async () => {
    // A partner hosting nothing: roster.locked never reaches these endpoints.
    const partner = await t.createUser(admin, 'partner');
    const register = (n: number) =>
      as(partner, 'post', '/api/webhooks').send({
        url: `${hooks.url}?limit=${n}`,
        events: ['roster.locked'],
      });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => register(n)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status !== 201)).toEqual(Array(40).fill(409));
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.body).toMatchObject({ code: 'WEBHOOK_LIMIT_REACHED' });

    const listed = (await as(partner, 'get', '/api/webhooks').expect(200)).body as { id: string }[];
    expect(listed).toHaveLength(10);
    const audited = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=webhook&action=create&actorId=${partner.userId}&pageSize=100`,
    ).expect(200);
    expect(audited.body.total).toBe(10);

    // A deleted endpoint frees its place, once.
    await as(partner, 'delete', `/api/webhooks/${listed[3].id}`).expect(204);
    const again = await Promise.all([register(50), register(51), register(52)]);
    expect(again.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);

    for (const endpoint of (await as(partner, 'get', '/api/webhooks').expect(200)).body) {
      await as(partner, 'delete', `/api/webhooks/${endpoint.id}`).expect(204);
    }
  });

  it('publishes a notice to its audience only: e-mail and in-app, each in their language', async () => {
    const partner = await t.createUser(admin, 'partner', { preferredLanguage: 'ru' });
    const school = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'zh' });
    const notice = await as(admin, 'post', '/api/admin/notices')
      .send({
        titleZh: '冬令营报名须知',
        titleRu: 'Правила записи в зимний лагерь',
        bodyZh: '请各合作方**按时**提交名单。',
        bodyRu: 'Просим партнёров **вовремя** прислать списки.',
        audience: 'partners',
      })
      .expect(201);
    await as(admin, 'post', `/api/admin/notices/${notice.body.id}/publish`).expect(200);
    const [toPartner] = await mailTo(partner.email, 'the notice e-mail');
    expect(toPartner.subject).toBe('Новое объявление: Правила записи в зимний лагерь');
    expect(toPartner.text).toContain('Просим партнёров вовремя прислать списки.');
    const items = (await inbox(partner)).items;
    expect(items[0]).toMatchObject({ event: 'notice.published', link: null });
    await new Promise((r) => setTimeout(r, 300));
    expect(mail.to(school.email)).toEqual([]);
    expect((await inbox(school)).total).toBe(0);
  });

  it('sends an event whose audience names no one to no one, on every channel, old rows too', async () => {
    const { zh } = await bilingualSchool();
    const partner = await t.createUser(admin, 'partner', { preferredLanguage: 'ru' });
    await as(partner, 'post', '/api/webhooks')
      .send({ url: `${hooks.url}/nobody`, events: ['delegation.confirmed'] })
      .expect(201);
    const data = {
      delegationId: '00000000-0000-4000-8000-0000000000dc',
      delegation: { zh: '无人确认的代表团', ru: 'Делегация без участников' },
      partner: '',
      version: 1,
      hash: '0'.repeat(64),
      memberCount: 0,
      departureDate: '2027-01-10',
      returnDate: '2027-01-15',
    };
    const notifications = t.app.get(NotificationsService);
    // The schools with approved people, when no one is approved: no schools.
    await t.app.get(Transactions).run(null, (tx) =>
      notifications.emit(tx, {
        event: 'delegation.confirmed',
        audience: { organizationIds: [], roles: ['school_coordinator'] },
        data,
      }),
    );
    // A row written before the fix said the same with an empty list alone.
    const db = t.app.get(DataSource);
    const q = (name: string) => db.driver.escape(name);
    const legacyId = '00000000-0000-4000-8000-0000000000de';
    await db.getRepository(OutboxEntry).insert({
      id: legacyId,
      event: 'delegation.confirmed',
      audience: '{"organizationIds":[]}',
      data: JSON.stringify(data),
      channels: 'email,in_app',
      dedupeKey: null,
      status: 'pending',
      availableAt: new Date(),
      enqueuedAt: null,
      doneAt: null,
      expandedThrough: null,
      attempts: 0,
      lastError: null,
    });
    // Then one the school should get: once it arrives, the others were expanded before it.
    await t.app.get(Transactions).run(null, (tx) =>
      notifications.emit(tx, {
        event: 'delegation.confirmed',
        audience: { organizationIds: [zh.organizationId], roles: ['school_coordinator'] },
        data: { ...data, delegation: { zh: '有人的代表团', ru: 'Делегация с участниками' } },
      }),
    );
    await eventually('the addressed message', async () =>
      (await inbox(zh)).items.some((item) => item.title.includes('有人的代表团')),
    );
    await eventually('the old row expanded', async () => {
      const [row] = await db.query(
        `SELECT ${q('status')} AS status FROM notification_outbox WHERE id = ?`,
        [legacyId],
      );
      return (row as { status: string }).status === 'done';
    });
    expect((await inbox(zh)).items.filter((item) => item.title.includes('无人确认'))).toEqual([]);
    expect(mail.to(zh.email).filter((m) => m.subject.includes('无人确认'))).toEqual([]);
    expect(hooks.received.filter((hook) => hook.event === 'delegation.confirmed')).toEqual([]);
    const [{ n }] = await db.query(
      `SELECT COUNT(*) AS n FROM notification_deliveries d JOIN notification_outbox o ON o.id = d.${q('outboxId')} WHERE o.${q('data')} LIKE ?`,
      ['%无人确认%'],
    );
    expect(Number(n)).toBe(0);
  });

  it('marks in-app messages read, one or all, and only the caller’s own', async () => {
    const { zh } = await bilingualSchool();
    const stranger = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin);
    for (const givenName of ['一', '二', '三']) {
      const id = await submit(
        zh,
        delegation.id,
        await participant(zh, chineseStudent({ givenName })),
      );
      await t.decide(admin, id, 'waitlist').expect(200);
    }
    const all = await eventually('three messages', async () => {
      const page = await inbox(zh);
      return page.total === 3 && page;
    });
    expect(all.unread).toBe(3);
    await as(stranger, 'post', `/api/notifications/${all.items[0].id}/read`).expect(
      refusal('NOT_FOUND'),
    );
    const read = await as(zh, 'post', `/api/notifications/${all.items[0].id}/read`).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await inbox(zh, '?unread=true')).total).toBe(2);
    expect((await as(zh, 'post', '/api/notifications/read-all').expect(200)).body).toEqual({
      updated: 2,
    });
    expect((await inbox(zh)).unread).toBe(0);
    await as(zh, 'get', '/api/notifications?unread=maybe').expect(refusal('VALIDATION_FAILED'));
  });

  it('fails a refused address at once, and an organizer retries it', async () => {
    const { zh } = await bilingualSchool();
    mail.reject.add(zh.email.toLowerCase());
    const delegation = await openDelegation(t, admin);
    const application = await submit(zh, delegation.id, await participant(zh, chineseStudent()));
    await t.decide(admin, application, 'reject').expect(200);
    const failed = await eventually('the failed delivery', async () => {
      const page = await as(
        admin,
        'get',
        '/api/admin/notifications?status=failed&channel=email',
      ).expect(200);
      return (
        page.body.items as { userId: string; id: string; attempts: number; lastError: string }[]
      ).find((d) => d.userId === zh.userId);
    });
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/550/);
    await as(zh, 'post', `/api/admin/notifications/${failed.id}/retry`).expect(
      refusal('FORBIDDEN'),
    );

    mail.reject.delete(zh.email.toLowerCase());
    const retried = await as(admin, 'post', `/api/admin/notifications/${failed.id}/retry`).expect(
      200,
    );
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    const [message] = await mailTo(zh.email, 'the retried e-mail');
    expect(message.subject).toMatch(/^报名未获批准/);
    await eventually('sent', async () => {
      const page = await as(
        admin,
        'get',
        '/api/admin/notifications?status=sent&channel=email',
      ).expect(200);
      return (page.body.items as { id: string }[]).some((d) => d.id === failed.id);
    });
    await as(admin, 'post', `/api/admin/notifications/${failed.id}/retry`).expect(
      refusal('NOTIFICATION_ALREADY_SENT'),
    );
    await as(
      admin,
      'post',
      '/api/admin/notifications/00000000-0000-4000-8000-000000000000/retry',
    ).expect(refusal('NOT_FOUND'));
  });

  it('retries a temporary SMTP refusal until the message goes through', async () => {
    const { zh } = await bilingualSchool();
    mail.deferrals.set(zh.email.toLowerCase(), 2);
    const delegation = await openDelegation(t, admin);
    const application = await submit(zh, delegation.id, await participant(zh, chineseStudent()));
    await t.decide(admin, application, 'approve').expect(200);
    const [message] = await mailTo(zh.email, 'the e-mail after two refusals');
    expect(message.subject).toBe('报名已获批准：李雨轩');
    const sent = await eventually('the delivery sent', async () => {
      const page = await as(
        admin,
        'get',
        '/api/admin/notifications?status=sent&channel=email',
      ).expect(200);
      return (
        page.body.items as { userId: string; attempts: number; lastError: string | null }[]
      ).find((d) => d.userId === zh.userId);
    });
    expect(sent).toMatchObject({ attempts: 3, lastError: null });
    expect(mail.to(zh.email)).toHaveLength(1);
  });

  it('sends organizers one hourly digest of submissions, however often it runs', async () => {
    const organizer = await t.createUser(admin, 'organizer', {
      organizationId: admin.organizationId,
    });
    const { zh } = await bilingualSchool();
    const delegation = await openDelegation(t, admin);
    for (const givenName of ['甲', '乙']) {
      await submit(zh, delegation.id, await participant(zh, chineseStudent({ givenName })));
    }
    const digest = t.app.get(DigestSchedule);
    const later = new Date(Date.now() + 2 * 3_600_000);
    await digest.run(later);
    await digest.run(later);
    const [message] = await eventually('the digest', async () => {
      const page = await inbox(organizer);
      return page.total > 0 && page.items;
    });
    expect(message.title).toMatch(/^新的报名申请：\d+ 份$/);
    expect(message.body).toMatch(
      /黑河时间 \d{4}-\d{2}-\d{2}T\d{2}:00:00\+08:00 \(Asia\/Shanghai\) 至 .*（布拉戈维申斯克时间 \d{4}-\d{2}-\d{2}T\d{2}:00:00\+09:00 \(Asia\/Yakutsk\)/,
    );
    await new Promise((r) => setTimeout(r, 300));
    const all = (await inbox(organizer)).items.filter((i) => i.event === 'application.submitted');
    // One per clock hour with submissions: this hour's two, or two hours when the test straddles one.
    expect(all.length).toBeGreaterThanOrEqual(1);
    expect(all.length).toBeLessThanOrEqual(2);
    expect(mail.to(organizer.email)).toEqual([]);
  });

  it('reminds every school once of a closing window, and a school of a passport too short', async () => {
    const { zh, ru } = await bilingualSchool();
    const closing = await openDelegation(t, admin, {
      applicationClosesAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
    });
    const reminders = t.app.get(DeadlineReminders);
    expect(await reminders.run()).toBeGreaterThanOrEqual(1);
    await reminders.run();
    const reminder = await eventually('the reminder', () =>
      mail.to(ru.email).find((m) => m.subject.includes('Приём заявок скоро закончится')),
    );
    // Each time with its offset and zone: no reader has to guess which clock is meant.
    expect(reminder.text).toMatch(
      /закончится \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00 \(Asia\/Yakutsk\) по благовещенскому времени \(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00 \(Asia\/Shanghai\) по времени Хэйхэ\)/,
    );

    const student = await participant(
      zh,
      chineseStudent({
        givenName: '短照',
        passportExpiry: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
    await t.decide(admin, await submit(zh, closing.id, student), 'approve').expect(200);
    const passports = t.app.get(PassportReminders);
    expect(await passports.run()).toBe(1);
    await passports.run();
    const warning = await eventually('the passport warning', () =>
      mail.to(zh.email).find((m) => m.subject === '护照有效期不足：李短照'),
    );
    expect(warning.text).toContain('需要有效期至少到');
    await new Promise((r) => setTimeout(r, 300));
    const subjects = mail.to(zh.email).map((m) => m.subject);
    expect(subjects.filter((s) => s.startsWith('报名即将截止')).length).toBeGreaterThanOrEqual(1);
    expect(new Set(subjects.filter((s) => s.startsWith('报名即将截止'))).size).toBe(
      subjects.filter((s) => s.startsWith('报名即将截止')).length,
    );
    expect(subjects.filter((s) => s === '护照有效期不足：李短照')).toHaveLength(1);
  });

  it('opens Bull Board to organizers only, when the queue is Bull', async () => {
    const coordinator = await t.createUser(admin, 'school_coordinator');
    await as(coordinator, 'post', '/api/admin/queues/session').expect(refusal('FORBIDDEN'));
    if (!externalRedisUrl) {
      // In-process delivery has no queue to show; the deliveries list is the view.
      await t.http().get('/admin/queues').expect(refusal('NOT_FOUND'));
      return;
    }
    await t.http().get('/admin/queues').expect(refusal('UNAUTHORIZED'));
    await as(coordinator, 'get', '/admin/queues').expect(refusal('FORBIDDEN'));
    const page = await as(admin, 'get', '/admin/queues').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const session = await as(admin, 'post', '/api/admin/queues/session').expect(204);
    const cookie = (session.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(
      /^yb_queues=[\w.-]+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict$/,
    );
    const queues = await t
      .http()
      .get('/admin/queues/api/queues')
      .set('cookie', cookie.split(';')[0])
      .expect(200);
    expect(JSON.stringify(queues.body)).toContain('"notifications"');
  });
});
