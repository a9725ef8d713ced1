import { Translator } from '../../src/localization/translator';
import { eventually } from '../support/isolated-database';
import { publishNotice } from '../support/notices';
import { apiRow, csv, FIELDS } from '../support/import-files';
import { chaperone, chineseStudent } from '../support/people';
import { decodeEntities, errorSummary, flashes, formValues, PortalAgent } from '../support/portal';
import { bilingualNotice, openDelegation, Session, TestApp } from '../support/test-app';

/**
 * A school's work through the portal's forms, as a browser without script does it: every
 * POST answers 303, and the page after it says what happened (a flash) in its language.
 */
describe('the school portal’s forms', () => {
  let t: TestApp;
  let admin: Session;
  let user: Session & { email: string; password: string };
  let agent: PortalAgent;
  let tr: (key: string, params?: Record<string, unknown>) => string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    user = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' });
    agent = await PortalAgent.signIn(t, user, 'ru');
    const translator = t.app.get(Translator);
    tr = (key, params) => translator.t('ru', `portal.${key}`, params);
  });
  afterAll(() => t.close());

  /** Posts a form of the page just fetched; expects 303, returns the page it leads to. */
  async function submit(from: string, action: string, fields: Record<string, string | string[]>) {
    await agent.get(from).expect(200);
    const response = await agent.post(action, fields);
    expect([action, response.status, errorSummary(response.text)]).toEqual([action, 303, []]);
    const next = await agent.follow(response);
    expect(next.status).toBe(200);
    return next;
  }

  it('adds, edits and corrects a person, records and withdraws consents, each with its message', async () => {
    const student = chineseStudent();
    const added = await submit('/ru/school/people/new', '/ru/school/people/new', {
      kind: 'student',
      nationality: 'CN',
      familyName: student.familyName,
      givenName: student.givenName,
      gender: student.gender,
      birthDate: student.birthDate,
      birthPlace: student.birthPlace,
      passportNumber: student.passportNumber,
      passportExpiry: student.passportExpiry,
      'guardian.name': student.guardian.name,
      'guardian.phone': student.guardian.phone,
      'guardian.relation': 'отец',
    });
    const id = /\/ru\/school\/people\/([0-9a-f-]{36})\/edit/.exec(added.text)![1];
    expect(flashes(added.text)).toEqual([tr('person.created')]);
    // The names made from the characters, and how.
    expect(added.text).toContain('LI YUXUAN');
    expect(added.text).toContain('Ли Юйсюань');
    expect(added.text).toContain(tr('cyrillicSource.hanzi'));

    // The edit form as the page fills it in, one field changed.
    const editPath = `/ru/school/people/${id}/edit`;
    const editForm = formValues((await agent.get(editPath).expect(200)).text, editPath);
    expect(editForm).toMatchObject({ 'latin.family': 'LI', birthPlace: student.birthPlace });
    expect(editForm.passportNumber).toBe('');
    const edited = await submit(editPath, editPath, {
      ...editForm,
      birthPlace: 'Хэйхэ, Хэйлунцзян',
    });
    expect(flashes(edited.text)).toEqual([tr('person.saved')]);
    expect(edited.text).toContain('Хэйхэ, Хэйлунцзян');
    const api = await t.as(user, 'get', `/api/participants/${id}`).expect(200);
    expect(api.body.version).toBe(2);
    expect(api.body.passportNumber).toMatch(/\*/);
    // Saved again unchanged: nothing changes, no new version (no "changed since approval").
    const unchanged = formValues((await agent.get(editPath).expect(200)).text, editPath);
    await submit(editPath, editPath, unchanged);
    expect((await t.as(user, 'get', `/api/participants/${id}`).expect(200)).body.version).toBe(2);

    const corrected = await submit(`/ru/school/people/${id}`, `/ru/school/people/${id}/cyrillic`, {
      'cyrillic.family': 'Ли',
      'cyrillic.given': 'Юйсюань-Мария',
    });
    expect(flashes(corrected.text)).toEqual([tr('person.cyrillicSaved')]);
    expect(corrected.text).toContain('Ли Юйсюань-Мария');
    expect(corrected.text).toContain(tr('cyrillicSource.manual'));
    const reset = await submit(`/ru/school/people/${id}`, `/ru/school/people/${id}/cyrillic`, {
      _action: 'reset',
    });
    expect(flashes(reset.text)).toEqual([tr('person.cyrillicReset')]);
    expect(reset.text).toContain('Ли Юйсюань');

    const recorded = await submit(`/ru/school/people/${id}`, `/ru/school/people/${id}/consents`, {
      kind: 'guardian',
      givenBy: student.guardian.name,
      relation: 'отец',
      givenAt: new Date().toISOString().slice(0, 10),
      noticeVersion: '2026-01',
    });
    expect(flashes(recorded.text)).toEqual([tr('consent.recorded')]);
    const consents = (await t.as(user, 'get', `/api/participants/${id}`).expect(200)).body
      .consents as { id: string; kind: string; noticeVersion: string }[];
    expect(consents).toEqual([
      expect.objectContaining({ kind: 'guardian', noticeVersion: '2026-01' }),
    ]);
    const withdrawAction = `/ru/school/people/${id}/consents/${consents[0].id}/withdraw`;
    expect(recorded.text).toContain(`action="${withdrawAction}"`);
    const withdrawn = await submit(`/ru/school/people/${id}`, withdrawAction, {});
    expect(flashes(withdrawn.text)).toEqual([tr('consent.withdrawn')]);
    // Sent again (a reload after the redirect was lost): the same answer, nothing changes.
    const again = await submit(`/ru/school/people/${id}`, withdrawAction, {});
    expect(flashes(again.text)).toEqual([tr('consent.withdrawn')]);
  });

  it('applies through the confirmation page and withdraws an application', async () => {
    const delegation = await openDelegation(t, admin);
    const ready = await t.registered(user, chineseStudent());
    const adult = await t.registered(user, chaperone(), ['cross_border']);
    const noConsent = await t.registered(user, chineseStudent({ givenName: '小红' }), []);

    const form = await agent.get(`/ru/school/delegations/${delegation.id}/apply`).expect(200);
    expect(form.text).toContain(`value="${ready.id}"`);
    expect(form.text).toContain(`value="${adult.id}"`);
    // Not offered: shown with the reason instead.
    expect(form.text).not.toContain(`value="${noConsent.id}"`);
    expect(form.text).toContain('小红');

    // Nobody ticked: the form again, the summary linking to the first box.
    const none = await agent.post(`/ru/school/delegations/${delegation.id}/apply`, {}).expect(422);
    expect(none.text).toContain('href="#participantId"');

    const confirm = await agent
      .post(`/ru/school/delegations/${delegation.id}/apply`, {
        participantId: [ready.id, adult.id, noConsent.id],
        motivation: 'Хотим участвовать',
      })
      .expect(200);
    expect(confirm.text).toContain(tr('apply.canApply', { count: 2, selected: 3 }));
    // Nothing submitted yet.
    expect((await t.as(user, 'get', '/api/applications').expect(200)).body.total).toBe(0);

    const result = await submit(
      `/ru/school/delegations/${delegation.id}/apply`,
      `/ru/school/delegations/${delegation.id}/apply/confirm`,
      { participantId: [ready.id, adult.id], motivation: 'Хотим участвовать' },
    );
    expect(result.text).toContain(tr('apply.resultSummary', { submitted: 2, refused: 0 }));
    const list = await t.as(user, 'get', '/api/applications').expect(200);
    expect(list.body.items.map((a: { participantId: string }) => a.participantId).sort()).toEqual(
      [ready.id, adult.id].sort(),
    );
    expect(list.body.items[0].motivation).toBe('Хотим участвовать');

    // The same submission again (the back button): each refused, and the page says why.
    const twice = await submit(
      `/ru/school/delegations/${delegation.id}/apply`,
      `/ru/school/delegations/${delegation.id}/apply/confirm`,
      { participantId: [ready.id], motivation: '' },
    );
    expect(twice.text).toContain(tr('apply.resultSummary', { submitted: 0, refused: 1 }));

    const applicationId = (list.body.items as { id: string; participantId: string }[]).find(
      (a) => a.participantId === ready.id,
    )!.id;
    const withdrawn = await submit(
      `/ru/school/applications/${applicationId}/withdraw`,
      `/ru/school/applications/${applicationId}/withdraw`,
      {},
    );
    expect(flashes(withdrawn.text)).toEqual([tr('applications.withdrawn')]);
    const after = await t.as(user, 'get', `/api/applications/${applicationId}`).expect(200);
    expect(after.body.status).toBe('withdrawn');
    // Withdrawing twice: the confirmation page with the service's refusal in its summary.
    await agent.get(`/ru/school/applications/${applicationId}/withdraw`).expect(200);
    const refused = await agent
      .post(`/ru/school/applications/${applicationId}/withdraw`, {})
      .expect(422);
    expect(errorSummary(refused.text)).toHaveLength(1);
  });

  it('shows a big school’s people on the apply page 50 at a time, those who can apply first, searchable', async () => {
    const big = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' });
    const bigAgent = await PortalAgent.signIn(t, big, 'ru');
    const delegation = await openDelegation(t, admin);
    const given = (i: number) =>
      '一二三四五六七八九十'[i % 10] + '甲乙丙丁戊己庚辛壬癸'[Math.floor(i / 10) % 10];
    // 55 without consents (who cannot apply yet), then two who can.
    const rows = Array.from({ length: 55 }, (_, i) =>
      apiRow({ familyName: '周', givenName: given(i) }),
    );
    await bigAgent.get('/ru/school/import').expect(200);
    const checked = await bigAgent
      .upload('/ru/school/import', { name: 'people.csv', data: csv([[...FIELDS], ...rows]) })
      .expect(303);
    const ready = await bigAgent.follow(checked);
    const draftId = /name="draftId" value="([^"]+)"/.exec(ready.text)![1];
    await bigAgent.post('/ru/school/import/confirm', { draftId }).expect(303);
    const able = [
      await t.registered(big, chineseStudent({ familyName: '吴', givenName: '可' })),
      await t.registered(big, chineseStudent({ familyName: '吴', givenName: '行' })),
    ];

    const path = `/ru/school/delegations/${delegation.id}/apply`;
    const first = await bigAgent.get(path).expect(200);
    expect(first.text).toContain(tr('apply.counts', { eligible: 2, ineligible: 55 }));
    expect(
      [...first.text.matchAll(/name="participantId" value="([^"]+)"/g)].map((m) => m[1]).sort(),
    ).toEqual(able.map((p) => p.id).sort());
    const reasons = (html: string) =>
      (/<ul class="reasons">([\s\S]*?)<\/ul>/.exec(html)?.[1].match(/<li>/g) ?? []).length;
    expect(reasons(first.text)).toBe(48);
    expect(decodeEntities(first.text)).toContain(`href="${path}?page=2"`);
    const second = await bigAgent.get(`${path}?page=2`).expect(200);
    expect(second.text).not.toContain('name="participantId" value=');
    expect(reasons(second.text)).toBe(7);
    // The form of page 2 posts back to page 2, so a refusal shows the same page again.
    expect(decodeEntities(second.text)).toContain(`action="${path}?page=2"`);

    const found = await bigAgent.get(`${path}?q=${encodeURIComponent('WU KE')}`).expect(200);
    expect(
      [...found.text.matchAll(/name="participantId" value="([^"]+)"/g)].map((m) => m[1]),
    ).toEqual([able[0].id]);
    expect(found.text).toContain(tr('apply.counts', { eligible: 1, ineligible: 0 }));
    expect(found.text).not.toContain('rel="next"');
  });

  it('saves the account’s language (the message in the new one) and marks messages read', async () => {
    await publishNotice(t, admin, bilingualNotice('schools'));
    const message = await eventually('the message', async () => {
      const inbox = await t.as(user, 'get', '/api/notifications').expect(200);
      return (inbox.body.items as { id: string }[])[0]?.id;
    });
    const read = await submit('/ru/notifications', `/ru/notifications/${message}/read`, {});
    expect(flashes(read.text)).toEqual([tr('notifications.markedRead')]);
    const all = await submit('/ru/notifications', '/ru/notifications/read-all', {});
    expect(flashes(all.text)).toEqual([tr('notifications.allRead', { count: 0 })]);

    await agent.get('/ru/school/import').expect(200);
    const cancelled = await submit('/ru/school/import', '/ru/school/import/cancel', {});
    expect(flashes(cancelled.text)).toEqual([tr('import.cancelled')]);

    await agent.get('/ru/account').expect(200);
    const saved = await agent
      .post('/ru/account', { preferredLanguage: 'zh', noticeEmails: 'true' })
      .expect(303);
    expect(saved.headers.location).toBe('/zh/account');
    const chinese = await agent.follow(saved);
    expect(flashes(chinese.text)).toEqual([t.app.get(Translator).t('zh', 'portal.account.saved')]);
    const me = await t.as(user, 'get', '/api/me').expect(200);
    expect(me.body).toMatchObject({ preferredLanguage: 'zh', noticeEmails: true });
    // The box unticked sends nothing: that is "off".
    await agent.post('/zh/account', { preferredLanguage: 'ru' }).expect(303);
    expect((await t.as(user, 'get', '/api/me').expect(200)).body.noticeEmails).toBe(false);
  });
});
