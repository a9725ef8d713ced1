import { randomUUID } from 'node:crypto';
import { chineseStudent } from '../support/people';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('notices', () => {
  let t: TestApp;
  let admin: Session;
  let school: Session;
  let otherSchool: Session;
  let partner: Session;
  let otherPartner: Session;
  let delegation: { id: string; hostId: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
    otherSchool = await t.createUser(admin, 'school_coordinator');
    delegation = await openDelegation(t, admin);
    partner = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    otherPartner = await t.createUser(admin, 'partner', { preferredLanguage: 'ru' });
    // The school takes part in the delegation: one application.
    const participant = await as(school, 'post', '/api/participants')
      .send(chineseStudent())
      .expect(201);
    await as(school, 'post', `/api/participants/${participant.body.id}/consents`)
      .send({
        kind: 'guardian',
        givenBy: '李建国',
        relation: 'father',
        givenAt: new Date().toISOString(),
        noticeVersion: '2026-01',
      })
      .expect(201);
    await as(school, 'post', '/api/applications')
      .send({ delegationId: delegation.id, participantId: participant.body.id })
      .expect(201);
  });
  afterAll(() => t.close());

  const as: TestApp['as'] = (...args) => t.as(...args);

  const both = (fields: Record<string, unknown> = {}) => ({
    titleZh: '夏令营报名开始',
    titleRu: 'Открыт набор в летний лагерь',
    bodyZh: '请各校于 **6 月 1 日**前报名。',
    bodyRu: 'Заявки принимаются до **1 июня**.',
    audience: 'public',
    ...fields,
  });

  async function published(fields: Record<string, unknown> = {}) {
    const created = await as(admin, 'post', '/api/admin/notices').send(both(fields)).expect(201);
    await as(admin, 'post', `/api/admin/notices/${created.body.id}/publish`).expect(200);
    return created.body as { id: string; slug: string };
  }

  async function visibleTo(session: Session, lang = 'zh') {
    const items: {
      id: string;
      title: string;
      translationPending: boolean;
      lang: string;
      bodyHtml: string;
    }[] = [];
    for (let page = 1; ; page++) {
      const response = await as(
        session,
        'get',
        `/api/notices?page=${page}&pageSize=100&lang=${lang}`,
      ).expect(200);
      items.push(...response.body.items);
      if (response.body.items.length < 100) return items;
    }
  }

  it('creates a draft with a slug from the title, publishes it, and shows it in the reader’s language', async () => {
    const created = await as(admin, 'post', '/api/admin/notices').send(both()).expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      slug: expect.stringMatching(/^otkryt-nabor-v-letny-lager(-\d+)?$/),
      missingLanguages: [],
      publishedAt: null,
    });
    expect((await visibleTo(school)).map((n) => n.id)).not.toContain(created.body.id);
    const publishedNotice = await as(
      admin,
      'post',
      `/api/admin/notices/${created.body.id}/publish`,
    ).expect(200);
    expect(publishedNotice.body).toMatchObject({
      status: 'published',
      publishedAt: expect.any(String),
    });

    const inRussian = (await visibleTo(school, 'ru')).find((n) => n.id === created.body.id)!;
    expect(inRussian).toMatchObject({
      lang: 'ru',
      title: 'Открыт набор в летний лагерь',
      translationPending: false,
      bodyHtml: '<p>Заявки принимаются до <strong>1 июня</strong>.</p>\n',
    });
    const inChinese = (await visibleTo(school, 'zh')).find((n) => n.id === created.body.id)!;
    expect(inChinese).toMatchObject({ lang: 'zh', title: '夏令营报名开始' });

    await as(admin, 'post', `/api/admin/notices/${created.body.id}/publish`).expect(
      refusal('ILLEGAL_TRANSITION'),
    );
    const again = await as(admin, 'post', '/api/admin/notices').send(both()).expect(201);
    expect(again.body.slug).not.toBe(created.body.slug);
  });

  it('refuses to publish a notice missing a language unless it is marked single-language', async () => {
    const zhOnly = await as(admin, 'post', '/api/admin/notices')
      .send(both({ titleRu: null, bodyRu: null }))
      .expect(201);
    expect(zhOnly.body.missingLanguages).toEqual(['ru']);
    const refused = await as(admin, 'post', `/api/admin/notices/${zhOnly.body.id}/publish`)
      .set('Accept-Language', 'ru')
      .expect(refusal('TRANSLATION_MISSING'));
    expect(refused.body).toMatchObject({
      code: 'TRANSLATION_MISSING',
      message: expect.stringContaining('ru'),
    });
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'titleRu',
      'bodyRu',
    ]);
    const read = await as(admin, 'get', `/api/admin/notices/${zhOnly.body.id}`).expect(200);
    expect(read.body.status).toBe('draft');

    await as(admin, 'patch', `/api/admin/notices/${zhOnly.body.id}`)
      .send({ singleLanguage: 'zh' })
      .expect(200);
    await as(admin, 'post', `/api/admin/notices/${zhOnly.body.id}/publish`).expect(200);
    const shown = (await visibleTo(partner, 'ru')).find((n) => n.id === zhOnly.body.id)!;
    expect(shown).toMatchObject({ lang: 'zh', title: '夏令营报名开始', translationPending: true });
    // Published, it must keep the language it promised.
    const emptied = await as(admin, 'patch', `/api/admin/notices/${zhOnly.body.id}`)
      .send({ bodyZh: '' })
      .expect(refusal('TRANSLATION_MISSING'));
    expect(emptied.body.code).toBe('TRANSLATION_MISSING');
  });

  it('shows each audience to its readers only', async () => {
    const forSchools = await published({ audience: 'schools' });
    const forPartners = await published({ audience: 'partners' });
    const forDelegation = await published({ audience: 'delegation', delegationId: delegation.id });
    const ids = async (s: Session) => (await visibleTo(s)).map((n) => n.id);
    expect(await ids(school)).toEqual(expect.arrayContaining([forSchools.id, forDelegation.id]));
    expect(await ids(school)).not.toContain(forPartners.id);
    expect(await ids(otherSchool)).toContain(forSchools.id);
    expect(await ids(otherSchool)).not.toContain(forDelegation.id);
    expect(await ids(partner)).toEqual(expect.arrayContaining([forPartners.id, forDelegation.id]));
    expect(await ids(partner)).not.toContain(forSchools.id);
    expect(await ids(otherPartner)).toContain(forPartners.id);
    expect(await ids(otherPartner)).not.toContain(forDelegation.id);
    expect(await ids(admin)).toEqual(
      expect.arrayContaining([forSchools.id, forPartners.id, forDelegation.id]),
    );
    await t.http().get('/api/notices').expect(refusal('UNAUTHORIZED'));
  });

  it('checks the audience, the slug and the titles, field by field, in the caller’s language', async () => {
    const noDelegation = await as(admin, 'post', '/api/admin/notices')
      .set('Accept-Language', 'ru')
      .send(both({ audience: 'delegation' }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(noDelegation.body.errors).toEqual([
      expect.objectContaining({ field: 'delegationId', code: 'REQUIRED' }),
    ]);
    const unknown = await as(admin, 'post', '/api/admin/notices')
      .send(both({ audience: 'delegation', delegationId: randomUUID() }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'delegationId', code: 'DELEGATION_NOT_FOUND' }),
    ]);
    const stray = await as(admin, 'post', '/api/admin/notices')
      .send(both({ delegationId: delegation.id }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(stray.body.errors).toEqual([
      expect.objectContaining({ field: 'delegationId', code: 'ONLY_FOR_DELEGATION' }),
    ]);
    const untitled = await as(admin, 'post', '/api/admin/notices')
      .send(both({ titleZh: null, titleRu: '  ' }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(untitled.body.errors).toEqual([
      expect.objectContaining({
        field: 'titleZh',
        code: 'TITLE_REQUIRED',
        message: '至少要填写一种语言的标题。',
      }),
    ]);
    const badSlug = await as(admin, 'post', '/api/admin/notices')
      .send(both({ slug: 'Не латиница' }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(badSlug.body.errors).toEqual([
      expect.objectContaining({ field: 'slug', code: 'MATCHES' }),
    ]);

    const slug = `camp-${randomUUID().slice(0, 8)}`;
    const first = await as(admin, 'post', '/api/admin/notices').send(both({ slug })).expect(201);
    expect(first.body.slug).toBe(slug);
    const taken = await as(admin, 'post', '/api/admin/notices')
      .send(both({ slug }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(taken.body.errors).toEqual([
      expect.objectContaining({ field: 'slug', code: 'SLUG_TAKEN' }),
    ]);
    await as(admin, 'post', `/api/admin/notices/${first.body.id}/publish`).expect(200);
    const locked = await as(admin, 'patch', `/api/admin/notices/${first.body.id}`)
      .send({ slug: `${slug}-new` })
      .expect(refusal('VALIDATION_FAILED'));
    expect(locked.body.errors).toEqual([
      expect.objectContaining({ field: 'slug', code: 'SLUG_LOCKED' }),
    ]);
    await as(school, 'post', '/api/admin/notices').send(both()).expect(refusal('FORBIDDEN'));
    // Required fields cannot be cleared; a text can.
    const draft = await as(admin, 'post', '/api/admin/notices').send(both()).expect(201);
    for (const field of ['slug', 'audience']) {
      const cleared = await as(admin, 'patch', `/api/admin/notices/${draft.body.id}`)
        .send({ [field]: null })
        .expect(refusal('VALIDATION_FAILED'));
      expect(cleared.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    const noRussianBody = await as(admin, 'patch', `/api/admin/notices/${draft.body.id}`)
      .send({ bodyRu: null })
      .expect(200);
    expect(noRussianBody.body).toMatchObject({ bodyRu: null, missingLanguages: ['ru'] });
  });

  it('archives: gone from the readers, and no longer editable', async () => {
    const notice = await published();
    expect((await visibleTo(school)).map((n) => n.id)).toContain(notice.id);
    await as(admin, 'post', `/api/admin/notices/${notice.id}/archive`).expect(200);
    expect((await visibleTo(school)).map((n) => n.id)).not.toContain(notice.id);
    const edit = await as(admin, 'patch', `/api/admin/notices/${notice.id}`)
      .send({ titleZh: '新标题' })
      .expect(refusal('NOTICE_ARCHIVED'));
    expect(edit.body.code).toBe('NOTICE_ARCHIVED');
    await as(admin, 'post', `/api/admin/notices/${notice.id}/archive`).expect(
      refusal('ILLEGAL_TRANSITION'),
    );
    const audit = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=notice&entityId=${notice.id}`,
    ).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'archive',
      'publish',
      'create',
    ]);
  });

  it('lists what still lacks a language: notices, single-language ones marked, and delegations', async () => {
    const lacking = await as(admin, 'post', '/api/admin/notices')
      .send(both({ bodyZh: null }))
      .expect(201);
    const single = await as(admin, 'post', '/api/admin/notices')
      .send(both({ titleZh: null, bodyZh: null, singleLanguage: 'ru' }))
      .expect(201);
    const oneSided = await openDelegation(t, admin, {
      descriptionZh: '七天的交流活动。',
      descriptionRu: '',
    });
    // Published in Russian only: its Chinese page says the translation is coming.
    await as(admin, 'post', `/api/admin/notices/${single.body.id}/publish`).expect(200);
    const page = await t.http().get(`/zh/notices/${single.body.slug}`).expect(200);
    expect(page.text).toContain('翻译中');
    const missing = await as(admin, 'get', '/api/admin/translations/missing').expect(200);
    expect(missing.body.notices).toContainEqual({
      id: lacking.body.id,
      slug: lacking.body.slug,
      status: 'draft',
      missing: ['zh'],
      singleLanguage: null,
      titleZh: expect.any(String),
      titleRu: expect.any(String),
    });
    expect(missing.body.notices).toContainEqual({
      id: single.body.id,
      slug: single.body.slug,
      status: 'published',
      missing: ['zh'],
      singleLanguage: 'ru',
      titleZh: null,
      titleRu: expect.any(String),
    });
    expect(missing.body.delegations).toContainEqual(
      expect.objectContaining({ id: oneSided.id, status: 'open', missing: ['descriptionRu'] }),
    );
    expect(missing.body.delegations.map((d: { id: string }) => d.id)).not.toContain(delegation.id);
  });
});
