import { isolatedDatabase } from '../support/isolated-database';
import { chineseStudent, consentBody } from '../support/people';
import { PortalAgent, decodeEntities } from '../support/portal';
import { refusal } from '../support/refusal';
import { openDelegation, Session, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const today = () => new Date().toISOString().slice(0, 10);
const GUARDIAN_2027 = {
  kind: 'guardian',
  version: '2027-01',
  zh: '一、监护人同意书（2027 年版）\n\n本人同意其参加交流活动，并知悉新的安全规定。\n\n本同意可随时撤回。',
  ru: '1. Согласие законного представителя (редакция 2027)\n\nЯ согласен на участие и ознакомлен с новыми правилами безопасности.\n\nСогласие можно отозвать.',
};

/**
 * The consent a guardian signs is a versioned text in both languages: a recorded consent
 * names a version that exists; the form and the copy of the data show the exact text; a
 * new version asks schools to renew, and blocks only when marked as requiring it.
 */
describe('consent texts as records', () => {
  let drop: () => Promise<void>;
  let t: TestApp;
  let admin: Session;
  let school: Session & { email: string; password: string };
  let person: { id: string };

  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    t = await TestApp.start(isolated.overrides);
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
    person = await t.registered(school, chineseStudent());
  });

  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('starts with the texts of 2026-01 in both languages', async () => {
    const texts = await t.as(school, 'get', '/api/consent-texts').expect(200);
    expect(texts.body).toHaveLength(2);
    expect(texts.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'guardian', version: '2026-01', current: true }),
        expect.objectContaining({ kind: 'cross_border', version: '2026-01', current: true }),
      ]),
    );
    for (const text of texts.body as { zh: string; ru: string }[]) {
      expect(text.zh).toMatch(/同意书/);
      expect(text.ru).toMatch(/[Сс]оглас/);
    }
  });

  it('refuses a consent naming a version that does not exist, in the caller’s language', async () => {
    const refused = await t
      .as(school, 'post', `/api/participants/${person.id}/consents`)
      .set('accept-language', 'ru')
      .send({ ...consentBody('guardian'), noticeVersion: '1999-01' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        field: 'noticeVersion',
        code: 'CONSENT_TEXT_UNKNOWN',
        message: expect.stringContaining('версии'),
      }),
    ]);
    // A version of the other kind does not count either.
    await t
      .as(admin, 'post', '/api/admin/consent-texts')
      .send({ ...GUARDIAN_2027, version: '2026-09', validFrom: '2026-09-01' })
      .expect(201);
    await t
      .as(school, 'post', `/api/participants/${person.id}/consents`)
      .send({ ...consentBody('cross_border'), noticeVersion: '2026-09' })
      .expect(refusal('VALIDATION_FAILED'));
  });

  it('is published by organizers only, once per version, never dated before the last', async () => {
    await t
      .as(school, 'post', '/api/admin/consent-texts')
      .send({ ...GUARDIAN_2027, validFrom: today() })
      .expect(refusal('FORBIDDEN'));
    const early = await t
      .as(admin, 'post', '/api/admin/consent-texts')
      .send({ ...GUARDIAN_2027, validFrom: '2026-08-01' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(early.body.errors[0]).toMatchObject({
      field: 'validFrom',
      code: 'CONSENT_TEXT_NOT_LATEST',
    });
    const bad = await t
      .as(admin, 'post', '/api/admin/consent-texts')
      .send({ ...GUARDIAN_2027, version: 'a b', validFrom: today(), zh: 'short' })
      .expect(refusal('VALIDATION_FAILED'));
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'version',
      'zh',
    ]);
    await t
      .as(admin, 'post', '/api/admin/consent-texts')
      .send({ ...GUARDIAN_2027, validFrom: today() })
      .expect(201);
    const again = await t
      .as(admin, 'post', '/api/admin/consent-texts')
      .send({ ...GUARDIAN_2027, validFrom: today() })
      .expect(refusal('VALIDATION_FAILED'));
    expect(again.body.errors[0]).toMatchObject({ field: 'version', code: 'CONSENT_TEXT_EXISTS' });
    const audit = await t
      .as(admin, 'get', '/api/admin/audit?entityType=consent_text&action=publish')
      .expect(200);
    expect(audit.body.total).toBe(2);
  });

  it('asks the school to renew an older consent, without blocking', async () => {
    const detail = await t.as(school, 'get', `/api/participants/${person.id}`).expect(200);
    expect(detail.body.standingConsents.sort()).toEqual(['cross_border', 'guardian']);
    const portal = await PortalAgent.signIn(t, school);
    const home = decodeEntities((await portal.get('/zh/school/').expect(200)).text);
    expect(home).toContain('同意书文本已更新，需重新签署：1 人');
  });

  it('prints the text in force and records its version', async () => {
    const portal = await PortalAgent.signIn(t, school);
    const form = decodeEntities(
      (await portal.get(`/zh/school/people/${person.id}/consent-form`).expect(200)).text,
    );
    expect(form).toContain('本人同意其参加交流活动，并知悉新的安全规定。');
    expect(form).toContain('2027-01');
    const page = decodeEntities(
      (await portal.get(`/zh/school/people/${person.id}`).expect(200)).text,
    );
    expect(page).toMatch(/name="noticeVersion"[^>]*value="2027-01"/);
  });

  it('stops counting older consents once a text requiring renewal is in force', async () => {
    const delegation = await openDelegation(t, admin);
    await t.approvedAndClosed(admin, school, delegation.id, [person]);
    const before = await t
      .as(admin, 'get', `/api/admin/delegations/${delegation.id}/roster/readiness`)
      .expect(200);
    const codes = (body: { checks: { code: string }[] }) => body.checks.map((c) => c.code);
    expect(codes(before.body)).not.toContain('CROSS_BORDER_CONSENT_MISSING');

    await t
      .as(admin, 'post', '/api/admin/consent-texts')
      .send({
        kind: 'cross_border',
        version: '2027-02',
        zh: '二、个人信息跨境提供同意书（2027 年版）\n\n新的接收方名单。',
        ru: '2. Согласие на трансграничную передачу (редакция 2027)\n\nНовый список получателей.',
        validFrom: today(),
        requiresRenewal: true,
      })
      .expect(201);
    const detail = await t.as(school, 'get', `/api/participants/${person.id}`).expect(200);
    expect(detail.body.standingConsents).toEqual(['guardian']);
    const blocked = await t
      .as(admin, 'get', `/api/admin/delegations/${delegation.id}/roster/readiness`)
      .expect(200);
    expect(codes(blocked.body)).toContain('CROSS_BORDER_CONSENT_MISSING');

    await t
      .as(school, 'post', `/api/participants/${person.id}/consents`)
      .send({ ...consentBody('cross_border'), noticeVersion: '2027-02' })
      .expect(201);
    const renewed = await t
      .as(admin, 'get', `/api/admin/delegations/${delegation.id}/roster/readiness`)
      .expect(200);
    expect(codes(renewed.body)).not.toContain('CROSS_BORDER_CONSENT_MISSING');
  });

  it('gives the exact text each consent agreed to in the copy of the data', async () => {
    const copy = await t
      .as(school, 'get', `/api/participants/${person.id}/data-export`)
      .expect(200);
    const byVersion = Object.fromEntries(
      (copy.body.consents as { kind: string; noticeVersion: string; text: { ru: string } }[]).map(
        (c) => [`${c.kind}:${c.noticeVersion}`, c.text.ru],
      ),
    );
    expect(Object.keys(byVersion).sort()).toEqual([
      'cross_border:2026-01',
      'cross_border:2027-02',
      'guardian:2026-01',
    ]);
    expect(byVersion['cross_border:2027-02']).toContain('Новый список получателей.');
    expect(byVersion['guardian:2026-01']).not.toContain('2027');
  });
});
