import { DataSource } from 'typeorm';
import { Translator } from '../../src/localization/translator';
import { chaperone, chineseStudent } from '../support/people';
import {
  decodeEntities,
  errorSummary,
  flashes,
  formValues,
  PortalAgent,
  portalText,
  refusalPage,
} from '../support/portal';
import { openDelegation, Session, TestApp } from '../support/test-app';

/**
 * The partner's pages: its delegations with badges, the roster with the hash and what
 * changed since its approval, approving exactly that version, sending one back with a
 * reason, the group list download (recorded), and its webhooks.
 */
describe('the partner’s pages', () => {
  let t: TestApp;
  let admin: Session;
  let school: Session & { email: string; password: string };
  let partner: PortalAgent;
  let delegation: { id: string; hostId: string };
  let people: { id: string; passportNumber: string }[];
  let applications: string[];
  let tr: ReturnType<typeof portalText>;

  beforeAll(async () => {
    t = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    tr = portalText(t, 'ru');
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
    delegation = await openDelegation(t, admin);
    const user = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    people = [
      await t.registered(school, chineseStudent({ familyName: '张', givenName: '伟' })),
      await t.registered(school, chineseStudent({ familyName: '刘', givenName: '洋' })),
      await t.registered(school, chaperone(), ['cross_border']),
    ];
    applications = await t.approvedAndClosed(admin, school, delegation.id, people);
    partner = await PortalAgent.signIn(t, user, 'ru');
  });
  afterAll(() => t.close());

  const rosterPath = () => `/ru/partner/delegations/${delegation.id}/roster`;

  it('says a roster is not locked yet, then shows version 1 with its hash and masked passports', async () => {
    const before = await partner.get(rosterPath()).expect(200);
    expect(before.text).toContain(tr('roster.notLocked'));
    const home = await partner.get('/ru/partner/').expect(200);
    expect(home.text).toContain(`href="${rosterPath()}"`);
    expect(home.text).not.toContain(tr('partner.badgeAwaiting', { version: 1 }));

    const v1 = await t.lockWithOverride(
      admin,
      delegation.id,
      'test: the chaperone ratio is checked elsewhere',
    );
    const page = await partner.get(rosterPath()).expect(200);
    const hash = v1.body.hash as string;
    // The short hash shown, the full one on request (the approve form carries it too).
    expect(page.text).toContain(`<span class="mono">${hash.slice(0, 12)}…</span>`);
    expect(page.text).not.toContain(`<span class="mono">${hash}</span>`);
    expect((await partner.get(`${rosterPath()}?hash=full`).expect(200)).text).toContain(
      `<span class="mono">${hash}</span>`,
    );
    // Cyrillic first, then Latin; passports masked, never in full.
    expect(page.text).toMatch(
      /<span lang="ru">Чжан Вэй<\/span><br><span class="latin" lang="en">ZHANG WEI<\/span>/,
    );
    for (const person of people) {
      expect(page.text).not.toContain(person.passportNumber);
      expect(page.text).toContain(
        `${person.passportNumber.slice(0, 2)}*****${person.passportNumber.slice(-2)}`,
      );
    }
    expect(page.text).toContain(tr('roster.firstVersionHint'));
    expect(page.text).toContain(tr('roster.checked', { count: 3 }));
    const badge = await partner.get('/ru/partner/').expect(200);
    expect(badge.text).toContain(tr('partner.badgeAwaiting', { version: 1 }));
  });

  it('approves only with the box ticked and the current version, then the delegation is confirmed', async () => {
    const page = await partner.get(rosterPath()).expect(200);
    const action = `${rosterPath()}/approve`;
    const fields = formValues(page.text, action);
    expect(fields).toMatchObject({ version: '1' });

    const unticked = await partner.post(action, fields).expect(422);
    expect(unticked.text).toMatch(/<title>Ошибка: /);
    expect(unticked.text).toContain('href="#checked"');
    expect(errorSummary(unticked.text)).toEqual([
      expect.stringContaining(tr('roster.checkedRequired')),
    ]);

    // A version or hash that is not the current one: refused, the page shows the current one.
    const stale = await partner
      .post(action, { ...fields, checked: 'yes', hash: 'a'.repeat(64) })
      .expect(422);
    expect(errorSummary(stale.text).join(' ')).toContain(
      t.app.get(Translator).t('ru', 'errors.ROSTER_VERSION_MISMATCH', { version: 1 }),
    );

    const approved = await partner.post(action, { ...fields, checked: 'yes' }).expect(303);
    const after = await partner.follow(approved);
    expect(flashes(after.text)).toEqual([tr('roster.approved', { version: 1 })]);
    expect(after.text).not.toContain(`action="${action}"`);
    const trip = await t.as(admin, 'get', `/api/admin/delegations/${delegation.id}`).expect(200);
    expect(trip.body.status).toBe('confirmed');
  });

  it('highlights exactly what changed since the approval, and sends version 2 back with a reason', async () => {
    // A student withdraws; the organizer locks version 2.
    await t.as(school, 'post', `/api/applications/${applications[1]}/withdraw`).expect(200);
    await t.lockWithOverride(admin, delegation.id, 'test: after a withdrawal');
    const home = await partner.get('/ru/partner/').expect(200);
    expect(home.text).toContain(tr('partner.badgeChanged', { version: 2 }));

    const page = await partner.get(rosterPath()).expect(200);
    expect(page.text).toContain(tr('roster.changesSince', { version: 1 }));
    const removed = /<ul class="changes">([\s\S]*?)<\/ul>/.exec(
      page.text.slice(page.text.indexOf(tr('roster.removed'))),
    )![1];
    expect(removed).toContain('Лю Ян');
    expect(page.text).not.toContain(tr('roster.added') + '</h3>');
    expect(page.text).toContain(tr('roster.checked', { count: 2 }));

    const action = `${rosterPath()}/reject`;
    const fields = formValues(page.text, action);
    const empty = await partner.post(action, { ...fields, reason: ' ' }).expect(422);
    expect(empty.text).toContain('href="#reason"');
    expect(empty.text).toMatch(/id="reason"[^>]*aria-invalid="true"/);
    const rejected = await partner
      .post(action, { ...fields, reason: 'Нужен второй сопровождающий' })
      .expect(303);
    const after = await partner.follow(rejected);
    expect(flashes(after.text)).toEqual([tr('roster.rejected', { version: 2 })]);
    expect(after.text).toContain('Нужен второй сопровождающий');
    const versions = await t
      .as(admin, 'get', `/api/admin/delegations/${delegation.id}/roster/versions`)
      .expect(200);
    expect(versions.body[0] ?? versions.body.at(-1)).toBeDefined();
    expect(
      (
        versions.body as { version: number; partnerDecision: string; rejectionReason: string }[]
      ).find((v) => v.version === 2),
    ).toMatchObject({
      partnerDecision: 'rejected',
      rejectionReason: 'Нужен второй сопровождающий',
    });
  });

  it('downloads the group list with full passports, says so, and records it', async () => {
    const page = await partner.get(rosterPath()).expect(200);
    expect(page.text).toContain(tr('roster.downloadWarning'));
    const href = /href="([^"]*roster\/export\?format=csv[^"]*)"/.exec(
      decodeEntities(page.text),
    )![1];
    const file = await partner.get(href).expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.text).toContain(people[0].passportNumber);
    expect(file.text).not.toContain(people[1].passportNumber);
    const audit = await t.app
      .get(DataSource)
      .query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export' AND entityId = ?",
        [delegation.id],
      );
    expect(Number(audit[0].n)).toBeGreaterThanOrEqual(1);
    // Not a format or language there is: the 404 page, no file.
    await partner.get(`${rosterPath()}/export?format=pdf`).expect(refusalPage('NOT_FOUND', 'ru'));
  });

  it('adds a webhook and shows its secret once, re-enables and removes it', async () => {
    await partner.get('/ru/partner/webhooks').expect(200);
    const none = await partner.post('/ru/partner/webhooks', { url: '' }).expect(422);
    expect(none.text).toContain('href="#url"');
    expect(none.text).toContain('href="#events"');
    const added = await partner
      .post('/ru/partner/webhooks', {
        url: 'http://127.0.0.1:9/hook',
        events: ['roster.locked', 'roster.approved'],
      })
      .expect(303);
    const shown = await partner.follow(added);
    expect(flashes(shown.text)).toEqual([tr('webhooks.created')]);
    const secret = /<dt>[^<]*<\/dt><dd><span class="mono">([^<]+)<\/span>/.exec(
      shown.text.slice(shown.text.indexOf(tr('webhooks.secretTitle'))),
    )![1];
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const again = await partner.get('/ru/partner/webhooks').expect(200);
    expect(again.text).not.toContain(secret);
    expect(again.text).toContain('roster.locked, roster.approved');
    const id = /\/ru\/partner\/webhooks\/([0-9a-f-]{36})\/delete/.exec(again.text)![1];
    const [row] = await t.app
      .get(DataSource)
      .query<{ secretEncrypted: string }[]>('SELECT * FROM webhook_endpoints WHERE id = ?', [id]);
    expect(JSON.stringify(row)).not.toContain(secret);

    // As a receiver answering 410 Gone leaves it.
    await t.app
      .get(DataSource)
      .createQueryBuilder()
      .update('webhook_endpoints')
      .set({ disabledAt: new Date(), disabledReason: 'gone' })
      .where('id = :id', { id })
      .execute();
    const disabled = await partner.get('/ru/partner/webhooks').expect(200);
    expect(disabled.text).toContain(`/ru/partner/webhooks/${id}/enable`);
    const enabled = await partner.post(`/ru/partner/webhooks/${id}/enable`, {}).expect(303);
    expect(flashes((await partner.follow(enabled)).text)).toEqual([tr('webhooks.enabled')]);
    const removed = await partner.post(`/ru/partner/webhooks/${id}/delete`, {}).expect(303);
    const list = await partner.follow(removed);
    expect(flashes(list.text)).toEqual([tr('webhooks.deleted')]);
    expect(list.text).not.toContain(id);
  });
});
