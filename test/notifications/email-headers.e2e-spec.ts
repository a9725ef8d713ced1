import { eventually, isolatedDatabase } from '../support/isolated-database';
import { MailSink, ReceivedMail } from '../support/mail-sink';
import { chineseStudent, consentBody } from '../support/people';
import { publishNotice } from '../support/notices';
import { bilingualNotice, openDelegation, Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

/**
 * E-mails as mail clients read them, with no PUBLIC_URL set: absolute links, RFC 3834's
 * Auto-Submitted on every message, and on notices a one-click unsubscribe (RFC 8058).
 */
describe('e-mail links and headers', () => {
  let t: TestApp;
  let mail: MailSink;
  let admin: Session;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    mail = await MailSink.start();
    const database = await isolatedDatabase();
    drop = database.drop;
    t = await TestApp.start({
      ...database.overrides,
      SMTP_URL: mail.url,
      PUBLIC_URL: undefined,
      NOTIFICATION_POLL_MS: '100',
    });
    admin = await t.loginAdmin();
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([mail.close(), drop()]);
  });

  const as: TestApp['as'] = (...args) => t.as(...args);
  const mailsTo = (address: string, count: number) =>
    eventually(`${count} e-mail(s) to the coordinator`, () => {
      const got = mail.to(address);
      return got.length >= count && got;
    });
  const publish = () => publishNotice(t, admin, bilingualNotice('schools'));
  const unsubscribeUrl = (message: ReceivedMail) => {
    const header = message.headers['list-unsubscribe'];
    expect(header).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\?token=[^>]+>$/);
    return header.slice('<http://localhost:3000'.length, -1);
  };

  it('links absolutely from the listening address, marks every e-mail automatic, lets a notice be unsubscribed in one click', async () => {
    const school = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' });

    // A decision about the school's own participant: a link a mail client can open.
    const delegation = await openDelegation(t, admin);
    const student = await as(school, 'post', '/api/participants')
      .send(chineseStudent())
      .expect(201);
    await as(school, 'post', `/api/participants/${student.body.id}/consents`)
      .send(consentBody())
      .expect(201);
    const application = await as(school, 'post', '/api/applications')
      .send({ delegationId: delegation.id, participantId: student.body.id })
      .expect(201);
    await t.decide(admin, application.body.id, 'approve').expect(200);
    const [decision] = await mailsTo(school.email, 1);
    expect(decision.text).toContain(`http://localhost:3000/ru/delegations/${delegation.id}`);
    expect(decision.html).toContain(`href="http://localhost:3000/ru/delegations/${delegation.id}"`);
    expect(decision.headers['auto-submitted']).toBe('auto-generated');
    expect(decision.headers['list-unsubscribe']).toBeUndefined();

    // A notice to every school: automatic too, and with its one-click unsubscribe.
    await publish();
    const notice = (await mailsTo(school.email, 2))[1];
    expect(notice.headers['auto-submitted']).toBe('auto-generated');
    expect(notice.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = unsubscribeUrl(notice);
    expect(url).not.toContain(school.email);

    // Following the link changes nothing (scanners follow links); the page asks, in Russian.
    const asked = await t.http().get(url).expect(200);
    expect(asked.headers['content-type']).toContain('text/html');
    expect(asked.headers['content-security-policy']).toContain("form-action 'self'");
    expect(asked.headers['cache-control']).toBe('no-store');
    expect(asked.text).toContain('<html lang="ru">');
    expect(asked.text).toContain('<form method="post"');
    expect((await as(school, 'get', '/api/me').expect(200)).body.noticeEmails).toBe(true);

    // The mail client's one-click POST.
    await t
      .http()
      .post(url)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect((await as(school, 'get', '/api/me').expect(200)).body.noticeEmails).toBe(false);
    expect((await t.http().get(url).expect(200)).text).toContain('больше не приходят');

    // The next notice reaches the inbox only; a decision still comes by e-mail.
    await publish();
    await eventually('the second notice in the inbox', async () => {
      const inbox = await as(school, 'get', '/api/notifications').expect(200);
      return (
        (inbox.body.items as { event: string }[]).filter((i) => i.event === 'notice.published')
          .length === 2
      );
    });
    const second = await as(school, 'post', '/api/participants')
      .send(chineseStudent({ givenName: '二' }))
      .expect(201);
    await as(school, 'post', `/api/participants/${second.body.id}/consents`)
      .send(consentBody())
      .expect(201);
    const again = await as(school, 'post', '/api/applications')
      .send({ delegationId: delegation.id, participantId: second.body.id })
      .expect(201);
    await t.decide(admin, again.body.id, 'reject', 'мест нет').expect(200);
    const all = await mailsTo(school.email, 3);
    expect(all.map((m) => Boolean(m.headers['list-unsubscribe']))).toEqual([false, true, false]);

    // Back on in the account; the page's own form turns it off again, by POST → 303 → GET.
    await as(school, 'patch', '/api/me').send({ noticeEmails: true }).expect(200);
    const form = await t
      .http()
      .post(url)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('confirm=yes')
      .expect(303);
    expect(form.headers.location).toBe(url);
    expect((await as(school, 'get', '/api/me').expect(200)).body.noticeEmails).toBe(false);
  });

  /** What the unsubscribe page says, in Chinese (no user to take a language from), of a bad link. */
  const INVALID_LINK = '此退订链接无效或已过期。';

  it('refuses a token it did not make, and keeps /api closed to form bodies', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const other = await t.createUser(admin, 'school_coordinator');
    await publish();
    const [notice] = await mailsTo(school.email, 1);
    const url = unsubscribeUrl(notice);
    const token = new URL(`http://x${url}`).searchParams.get('token')!;
    const forged = [
      token.replace(/^[^.]+/, other.userId),
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      'not-a-token',
      '',
    ];
    for (const bad of forged) {
      const page = await t
        .http()
        .get(`/unsubscribe?token=${encodeURIComponent(bad)}`)
        .expect(400);
      expect(page.text).toContain('<html lang="zh-CN">');
      expect(page.text).toContain(INVALID_LINK);
      expect(page.text).not.toContain('不再接收公告邮件');
      const oneClick = await t
        .http()
        .post(`/unsubscribe?token=${encodeURIComponent(bad)}`)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('List-Unsubscribe=One-Click')
        .expect(400);
      expect(oneClick.text).toContain(INVALID_LINK);
    }
    expect((await as(other, 'get', '/api/me').expect(200)).body.noticeEmails).toBe(true);
    // Not given is "unchanged"; null is no setting, and refused.
    for (const body of [
      { noticeEmails: null },
      { preferredLanguage: null },
      { noticeEmails: 'no' },
    ]) {
      const bad = await as(other, 'patch', '/api/me')
        .send(body)
        .expect(refusal('VALIDATION_FAILED'));
      expect(bad.body.errors[0].field).toBe(Object.keys(body)[0]);
    }
    await as(other, 'patch', '/api/me').send({}).expect(200);
    expect((await as(school, 'get', '/api/me').expect(200)).body.noticeEmails).toBe(true);
    const form = await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('email=a%40b.c&password=x')
      .expect(refusal('UNSUPPORTED_MEDIA_TYPE'));
    expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
