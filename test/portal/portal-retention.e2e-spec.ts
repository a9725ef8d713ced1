import { isolatedDatabase } from '../support/isolated-database';
import { chineseStudent, russianStudent } from '../support/people';
import { decodeEntities, errorSummary, flashes, formValues, PortalAgent } from '../support/portal';
import { openDelegation, Session, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/**
 * The data lifecycle in the browser, JavaScript off: a school gives a person their copy
 * and erases them on request; an organizer sees what the policy would erase, holds and
 * releases, runs a pass, and publishes a consent text. Forms post and redirect; refusals
 * come back as the GOV.UK error summary in the page's language.
 */
describe('the data lifecycle in the portal', () => {
  let drop: () => Promise<void>;
  let t: TestApp;
  let admin: Session;
  let school: PortalAgent;
  let console: PortalAgent;
  let coordinator: Session & { email: string; password: string };

  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    t = await TestApp.start(isolated.overrides);
    admin = await t.loginAdmin();
    coordinator = await t.createUser(admin, 'school_coordinator');
    const organizer = await t.createUser(admin, 'organizer');
    school = await PortalAgent.signIn(t, coordinator);
    console = await PortalAgent.signIn(t, organizer, 'ru');
  });

  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it("gives a person's copy as a document in the family's language, and as JSON", async () => {
    const person = await t.registered(coordinator, russianStudent());
    const page = decodeEntities(
      (await school.get(`/zh/school/people/${person.id}`).expect(200)).text,
    );
    expect(page).toContain('个人信息的保存与删除');
    expect(page).toContain(`/zh/school/people/${person.id}/data?format=json`);
    // A Russian family's copy is linked in Russian first, whatever the coordinator reads.
    expect(page).toMatch(
      new RegExp(`href="/ru/school/people/${person.id}/data" hreflang="ru">个人信息副本`),
    );

    const document = await school.get(`/ru/school/people/${person.id}/data`).expect(200);
    expect(document.headers['content-type']).toMatch(/^text\/html/);
    expect(document.headers['cache-control']).toBe('no-store');
    expect(document.text).toContain('<html lang="ru">');
    expect(document.text).toContain('Копия персональных данных');
    expect(document.text).toContain(person.passportNumber);
    expect(document.text).toContain(`href="/ru/school/people/${person.id}"`);
    const zh = await school.get(`/zh/school/people/${person.id}/data`).expect(200);
    expect(zh.text).toContain('<html lang="zh-CN">');

    const json = await school.get(`/zh/school/people/${person.id}/data?format=json`).expect(200);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="personal-data-/);
    expect(JSON.parse(json.text).person.passportNumber).toBe(person.passportNumber);
  });

  it('erases on request behind a confirmation, and says why when it cannot', async () => {
    const delegation = await openDelegation(t, admin);
    const applying = await t.registered(coordinator, chineseStudent());
    await t.applied(coordinator, delegation.id, applying.id);
    await school.get(`/zh/school/people/${applying.id}/erase`).expect(200);
    const refused = await school.post(`/zh/school/people/${applying.id}/erase`).expect(422);
    expect(errorSummary(refused.text)).toEqual([expect.stringContaining('还有未结束的报名')]);

    const leaving = await t.registered(
      coordinator,
      chineseStudent({ familyName: '周', givenName: '杰' }),
    );
    const confirm = decodeEntities(
      (await school.get(`/zh/school/people/${leaving.id}/erase`).expect(200)).text,
    );
    expect(confirm).toContain('护照号码和有效期');
    const before = decodeEntities(
      (await school.get(`/zh/school/people/${leaving.id}`).expect(200)).text,
    );
    expect(before).toContain(
      `${leaving.passportNumber.slice(0, 2)}*****${leaving.passportNumber.slice(-2)}`,
    );
    // One button and nothing to fill in: the form posts only its token.
    expect(formValues(confirm, `/zh/school/people/${leaving.id}/erase`)).toEqual({});
    const done = await school.post(`/zh/school/people/${leaving.id}/erase`).expect(303);
    const after = await school.follow(done);
    expect(flashes(after.text)).toEqual(['个人信息已删除。']);
    const text = decodeEntities(after.text);
    expect(text).toContain('个人信息已删除：');
    const masked = `${leaving.passportNumber.slice(0, 2)}*****${leaving.passportNumber.slice(-2)}`;
    expect(text).not.toContain(masked);
    expect(text).not.toContain(`/zh/school/people/${leaving.id}/edit`);
    const list = decodeEntities((await school.get('/zh/school/people').expect(200)).text);
    expect(list).not.toContain(`/zh/school/people/${leaving.id}"`);
  });

  it('shows the organizer the policy at work, and takes holds and a pass from forms', async () => {
    const page = decodeEntities((await console.get('/ru/console/retention').expect(200)).text);
    expect(page).toContain('Сроки хранения данных');
    expect(page).toContain('Персональные данные удаляются через 12 мес.');

    const bad = await console.post('/ru/console/retention/holds', {
      subjectType: 'participant',
      subjectId: 'not-an-id',
      reason: '',
    });
    expect(bad.status).toBe(422);
    const summary = errorSummary(bad.text);
    expect(summary).toHaveLength(2);
    expect(bad.text).toMatch(/id="subjectId"[^>]*aria-invalid="true"/);

    const person = await t.registered(coordinator, chineseStudent());
    const held = await console
      .post('/ru/console/retention/holds', {
        subjectType: 'participant',
        subjectId: person.id,
        reason: 'Страховой случай',
      })
      .expect(303);
    const withHold = decodeEntities((await console.follow(held)).text);
    expect(flashes(withHold)).toEqual(['Данные поставлены на хранение.']);
    expect(withHold).toContain('Страховой случай');
    const release = /action="(\/ru\/console\/retention\/holds\/[0-9a-f-]+\/release)"/.exec(
      withHold,
    )![1];
    await console.post(release).expect(303);
    expect(
      decodeEntities((await console.get('/ru/console/retention').expect(200)).text),
    ).not.toContain('Страховой случай');

    const ran = await console.post('/ru/console/retention/run').expect(303);
    const afterRun = await console.follow(ran);
    expect(flashes(afterRun.text)).toEqual(['Выполнено: удалены данные 0 чел.']);
    expect(decodeEntities(afterRun.text)).toContain('вручную');
  });

  it('publishes a consent text from a form, refusing a bad one field by field', async () => {
    const bad = await console.post('/ru/console/consent-texts', {
      kind: 'guardian',
      version: '',
      validFrom: '2027-13-01',
      zh: '短',
      ru: '',
    });
    expect(bad.status).toBe(422);
    expect(errorSummary(bad.text).length).toBeGreaterThanOrEqual(4);
    const published = await console
      .post('/ru/console/consent-texts', {
        kind: 'guardian',
        version: '2027-05',
        validFrom: '2027-05-01',
        zh: '一、监护人同意书（2027 年 5 月版）\n\n本人同意其参加交流活动。',
        ru: '1. Согласие законного представителя (май 2027)\n\nЯ согласен на участие в обмене.',
        requiresRenewal: 'true',
      })
      .expect(303);
    const list = decodeEntities((await console.follow(published)).text);
    expect(flashes(list)).toEqual(['Версия 2027-05 опубликована.']);
    expect(list).toContain('Я согласен на участие в обмене.');
    expect(list).toContain('нужно новое согласие');
    const texts = await t.as(admin, 'get', '/api/consent-texts').expect(200);
    expect(texts.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ version: '2027-05', requiresRenewal: true, current: false }),
      ]),
    );
  });
});
