import { refusal } from '../support/refusal';
import { openDelegation, Session, TestApp } from '../support/test-app';

/** Texts that look empty: each must count as not written, wherever "written" is asked. */
const INVISIBLE = {
  'zero-width space': '\u200b',
  'byte-order mark and word joiner': '\ufeff\u2060',
  'ideographic and no-break spaces': '\u3000\u00a0',
  'zero-width joiners': '\u200c\u200d',
  'a combining mark alone': '\u0301',
};

/**
 * A translation of invisible characters is a missing translation: a notice does not
 * publish as bilingual with one, a delegation's title is refused, and the translators'
 * queue lists both.
 */
describe('invisible text is no translation', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
  });
  afterAll(() => t.close());

  const codes = (body: { errors?: { field: string; code: string }[] }) =>
    (body.errors ?? []).map((e) => [e.field, e.code]);

  const missing = async () =>
    (await t.as(admin, 'get', '/api/admin/translations/missing').expect(200)).body as {
      notices: { id: string; missing: string[]; titleRu: string | null }[];
      delegations: { id: string; missing: string[] }[];
    };

  it.each(Object.entries(INVISIBLE))(
    'a notice with its Russian text as %s is not published as bilingual and is listed',
    async (_name, blank) => {
      const created = await t
        .as(admin, 'post', '/api/admin/notices')
        .send({
          audience: 'public',
          titleZh: '通知',
          bodyZh: '内容',
          titleRu: blank,
          bodyRu: blank,
        })
        .expect(201);
      const refused = await t
        .as(admin, 'post', `/api/admin/notices/${created.body.id}/publish`)
        .expect(refusal('TRANSLATION_MISSING'));
      expect(codes(refused.body)).toEqual([
        ['titleRu', 'REQUIRED'],
        ['bodyRu', 'REQUIRED'],
      ]);
      expect((await missing()).notices).toContainEqual(
        expect.objectContaining({ id: created.body.id, missing: ['ru'], titleRu: null }),
      );
    },
  );

  it('a notice titled only in invisible characters has no title', async () => {
    const refused = await t
      .as(admin, 'post', '/api/admin/notices')
      .send({ audience: 'public', titleZh: '\u3000\u200b', titleRu: '\u200b', bodyZh: '内容' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(codes(refused.body)).toEqual([['titleZh', 'TITLE_REQUIRED']]);
  });

  it.each(Object.entries(INVISIBLE))(
    'a delegation titled in Russian as %s is refused, on creation and on edit',
    async (_name, blank) => {
      await expect(openDelegation(t, admin, { titleRu: blank })).rejects.toThrow(
        /expected 201 "Created", got 400/,
      );
      const { id } = await openDelegation(t, admin);
      const refused = await t
        .as(admin, 'patch', `/api/admin/delegations/${id}`)
        .send({ titleRu: blank })
        .expect(refusal('VALIDATION_FAILED'));
      // Spaces the DTO trims away fail its length first; the others are no title.
      expect(codes(refused.body)).toEqual([
        ['titleRu', blank.trim() === '' ? 'LENGTH' : 'REQUIRED'],
      ]);
    },
  );

  it('a delegation described in Russian as a zero-width space lacks its Russian description', async () => {
    const { id } = await openDelegation(t, admin, {
      descriptionZh: '七天的交流活动。',
      descriptionRu: '\u200b',
    });
    expect((await missing()).delegations).toContainEqual(
      expect.objectContaining({ id, missing: ['descriptionRu'] }),
    );
  });
});
