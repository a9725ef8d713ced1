import { DataSource } from 'typeorm';
import { Translator } from '../../src/localization/translator';
import { chineseStudent } from '../support/people';
import { errorSummary, flashes, formValues, PortalAgent } from '../support/portal';
import { openDelegation, Session, TestApp } from '../support/test-app';

/** The console's forms that the browser walk does not cover: people, reveal, a stale batch. */
describe('the organizer’s console', () => {
  let t: TestApp;
  let admin: Session;
  let organizer: PortalAgent;
  let tr: (key: string, params?: Record<string, unknown>) => string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    const translator = t.app.get(Translator);
    tr = (key, params) => translator.t('zh', `portal.${key}`, params);
    organizer = await PortalAgent.signIn(t, await t.createUser(admin, 'organizer'));
  });
  afterAll(() => t.close());

  it('adds an organization and a user, who signs in; disabling ends the session; a new password works', async () => {
    await organizer.get('/zh/console/organizations').expect(200);
    const invalid = await organizer
      .post('/zh/console/organizations', { type: 'school', nameZh: '' })
      .expect(422);
    expect(invalid.text).toContain('href="#nameZh"');
    const org = await organizer
      .post('/zh/console/organizations', {
        type: 'school',
        country: 'CN',
        nameZh: '黑河市爱辉区实验小学',
        nameRu: 'Экспериментальная школа района Айгунь',
        city: '黑河',
        preferredLanguage: 'zh',
      })
      .expect(303);
    const orgPage = await organizer.follow(org);
    expect(flashes(orgPage.text)).toEqual([tr('orgs.created')]);
    const orgId = /\/console\/organizations\/([0-9a-f-]{36})$/.exec(
      String(org.headers.location),
    )![1];

    const email = `teacher-${Date.now()}@school.example`;
    const added = await organizer
      .post(`/zh/console/organizations/${orgId}/users`, {
        email,
        password: 'a-first-password-1',
        role: 'school_coordinator',
        preferredLanguage: 'zh',
      })
      .expect(303);
    const listed = await organizer.follow(added);
    expect(listed.text).toContain(email);
    const userId = /\/console\/users\/([0-9a-f-]{36})"/.exec(listed.text)![1];

    const teacher = await PortalAgent.signIn(t, { email, password: 'a-first-password-1' });
    await teacher.get('/zh/school/').expect(200);
    await organizer.post(`/zh/console/users/${userId}`, { _action: 'disable' }).expect(303);
    await teacher.get('/zh/school/').expect(303);
    await organizer.post(`/zh/console/users/${userId}`, { _action: 'enable' }).expect(303);
    const short = await organizer
      .post(`/zh/console/users/${userId}`, { _action: 'password', password: 'short' })
      .expect(422);
    expect(errorSummary(short.text)).toHaveLength(1);
    await organizer
      .post(`/zh/console/users/${userId}`, { _action: 'password', password: 'a-second-password-2' })
      .expect(303);
    await PortalAgent.signIn(t, { email, password: 'a-second-password-2' });
    // Another role needs an organization of its type: refused here, said on the page.
    const role = await organizer
      .post(`/zh/console/users/${userId}`, { _action: 'role', role: 'partner' })
      .expect(422);
    expect(errorSummary(role.text)).toHaveLength(1);
  });

  it('adds a travel regime, and refuses one whose numbers are no numbers', async () => {
    await organizer.get('/zh/console/regimes').expect(200);
    const bad = await organizer
      .post('/zh/console/regimes', { name: '测试', minGroupSize: 'five', maxGroupSize: '20' })
      .expect(422);
    expect(bad.text).toContain('href="#minGroupSize"');
    const added = await organizer
      .post('/zh/console/regimes', {
        name: '中俄团体旅游免签（测试）',
        minGroupSize: '5',
        maxGroupSize: '50',
        maxStayDays: '21',
        passportMarginMonths: '6',
      })
      .expect(303);
    const list = await organizer.follow(added);
    expect(flashes(list.text)).toEqual([tr('regimes.created')]);
    expect(list.text).toContain('中俄团体旅游免签（测试）');
  });

  it('reveals a passport only with a reason, once, and the audit log shows it with the reason', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const person = await t.registered(school, chineseStudent());
    const path = `/zh/console/participants/${person.id}`;
    const page = await organizer.get(path).expect(200);
    expect(page.text).not.toContain(person.passportNumber);
    const db = t.app.get(DataSource);
    const reveals = async () =>
      Number(
        (
          await db.query<{ n: number }[]>(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'reveal' AND entityId = ?",
            [person.id],
          )
        )[0].n,
      );
    const refused = await organizer.post(`${path}/reveal`, { reason: ' ' }).expect(422);
    expect(refused.text).toContain('href="#reason"');
    expect(refused.text).not.toContain(person.passportNumber);
    expect(await reveals()).toBe(0);
    const shown = await organizer.post(`${path}/reveal`, { reason: '口岸核对' }).expect(200);
    expect(shown.text).toContain(person.passportNumber);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(await reveals()).toBe(1);
    // Not kept: the page again shows the masked number.
    expect((await organizer.get(path).expect(200)).text).not.toContain(person.passportNumber);
    const log = await organizer
      .get(`/zh/console/audit?action=reveal&entityId=${person.id}`)
      .expect(200);
    expect(log.text).toContain('口岸核对');
    expect(log.text).not.toContain(person.passportNumber);
    // A filter that is no filter: said on the form, nothing listed, no error page.
    const bad = await organizer.get('/zh/console/audit?action=nonsense').expect(200);
    expect(bad.text).toContain('href="#action"');
  });

  it('flags a minor without consent, a passport expiring too early, and a change since approval', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin);
    const plain = await t.registered(school, chineseStudent({ familyName: '甲', givenName: '一' }));
    const unconsented = await t.registered(
      school,
      chineseStudent({ familyName: '乙', givenName: '二' }),
    );
    const expiring = await t.registered(
      school,
      chineseStudent({ familyName: '丙', givenName: '三' }),
    );
    const changed = await t.registered(
      school,
      chineseStudent({ familyName: '丁', givenName: '四' }),
    );
    const applied: Record<string, string> = {};
    for (const [name, person] of Object.entries({ plain, unconsented, expiring, changed })) {
      applied[name] = await t.applied(school, delegation.id, person.id);
    }
    await t
      .as(
        school,
        'delete',
        `/api/participants/${unconsented.id}/consents/${unconsented.consents.guardian}`,
      )
      .expect(204);
    const departure = new Date(Date.now() + 60 * 86_400_000);
    await t
      .as(school, 'patch', `/api/participants/${expiring.id}`)
      .send({
        passportExpiry: new Date(departure.getTime() + 10 * 86_400_000).toISOString().slice(0, 10),
      })
      .expect(200);
    await t
      .as(admin, 'post', `/api/admin/applications/${applied.changed}/decision`)
      .send({ decision: 'approve' })
      .expect(200);
    await t
      .as(school, 'patch', `/api/participants/${changed.id}`)
      .send({ birthPlace: '黑河市爱辉区' })
      .expect(200);
    const market = await organizer
      .get(`/zh/console/delegations/${delegation.id}/applications`)
      .expect(200);
    const rowOf = (family: string) =>
      new RegExp(`<tr>(?:(?!</tr>)[\\s\\S])*?${family}(?:(?!</tr>)[\\s\\S])*?</tr>`).exec(
        market.text,
      )![0];
    const flagsOf = (family: string) =>
      [...rowOf(family).matchAll(/<span class="badge badge--action">([^<]+)<\/span>/g)].map(
        (m) => m[1],
      );
    expect(flagsOf('甲')).toEqual([]);
    expect(flagsOf('乙')).toEqual([tr('market.flag.consent')]);
    expect(flagsOf('丙')).toEqual([tr('market.flag.passport')]);
    expect(flagsOf('丁')).toEqual([tr('market.flag.changed')]);
    // The status filter keeps to its status.
    const approved = await organizer
      .get(`/zh/console/delegations/${delegation.id}/applications?status=approved`)
      .expect(200);
    expect(approved.text).toContain('丁');
    expect(approved.text).not.toContain('甲一');
    // The school filter offers the schools that applied, and keeps to the one chosen.
    const other = await t.createUser(admin, 'school_coordinator');
    await t.applied(
      other,
      delegation.id,
      (await t.registered(other, chineseStudent({ familyName: '戊', givenName: '五' }))).id,
    );
    const all = await organizer
      .get(`/zh/console/delegations/${delegation.id}/applications`)
      .expect(200);
    expect(all.text).toContain(`<option value="${school.organizationId}"`);
    expect(all.text).toContain(`<option value="${other.organizationId}"`);
    const one = await organizer
      .get(`/zh/console/delegations/${delegation.id}/applications?schoolId=${other.organizationId}`)
      .expect(200);
    expect(one.text).toContain('戊五');
    expect(one.text).not.toContain('甲一');
  });

  it('does nothing when a place was taken after the confirmation, and says so', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin, { studentPlaces: 1 });
    const first = await t.applied(
      school,
      delegation.id,
      (await t.registered(school, chineseStudent())).id,
    );
    const second = await t.applied(
      school,
      delegation.id,
      (await t.registered(school, chineseStudent())).id,
    );
    const base = `/zh/console/delegations/${delegation.id}/applications`;
    await organizer.get(base).expect(200);
    const confirm = await organizer
      .post(`${base}/confirm`, { id: [first], decision: 'approve' })
      .expect(200);
    expect(confirm.text).toContain(tr('market.canTake', { count: 1, selected: 1 }));
    // Meanwhile another organizer approves the other one: the only place is gone.
    await t
      .as(admin, 'post', `/api/admin/applications/${second}/decision`)
      .send({ decision: 'approve' })
      .expect(200);
    const fields = formValues(confirm.text, `${base}/decide`);
    const decided = await organizer.follow(
      await organizer.post(`${base}/decide`, fields).expect(303),
    );
    expect(decided.text).toContain(tr('market.result', { done: 0, skipped: 1 }));
    const after = await t.as(admin, 'get', `/api/applications/${first}`).expect(200);
    expect(after.body.status).toBe('submitted');
  });
});
