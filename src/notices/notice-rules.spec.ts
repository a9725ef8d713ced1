import {
  assertNoticeTransition,
  audiencesFor,
  missingLanguages,
  NoticeTexts,
  slugify,
  textFor,
  untranslatedLanguages,
} from './notice-rules';

const both: NoticeTexts = {
  titleZh: '夏令营报名开始',
  titleRu: 'Открыт набор в летний лагерь',
  bodyZh: '正文',
  bodyRu: 'Текст',
  singleLanguage: null,
};

describe('notice rules', () => {
  it('needs both languages unless marked single-language, and then only that one', () => {
    expect(missingLanguages(both)).toEqual([]);
    expect(missingLanguages({ ...both, bodyRu: '  ' })).toEqual(['ru']);
    expect(missingLanguages({ ...both, titleZh: null, bodyRu: null })).toEqual(['zh', 'ru']);
    expect(
      missingLanguages({ ...both, titleRu: null, bodyRu: null, singleLanguage: 'zh' }),
    ).toEqual([]);
    expect(missingLanguages({ ...both, titleZh: null, singleLanguage: 'zh' })).toEqual(['zh']);
  });

  it.each([
    ['zero-width spaces', { titleRu: '\u200b', bodyRu: '\u200b' }],
    ['a byte-order mark and a word joiner', { titleRu: '\ufeff', bodyRu: '\u2060' }],
    ['ideographic spaces in the body', { bodyRu: '\u3000\u3000' }],
    ['a combining mark alone as the title', { titleRu: '\u0301' }],
  ])('counts a language written in invisible characters (%s) as missing', (_name, texts) => {
    const notice = { ...both, ...texts };
    expect(missingLanguages(notice)).toEqual(['ru']);
    expect(untranslatedLanguages(notice)).toEqual(['ru']);
    expect(textFor(notice, 'ru')).toMatchObject({ lang: 'zh', translationPending: true });
  });

  it('shows the other language, marked pending, where one is missing', () => {
    const zhOnly = { ...both, titleRu: null, bodyRu: null, singleLanguage: 'zh' as const };
    expect(textFor(zhOnly, 'ru')).toEqual({
      lang: 'zh',
      title: '夏令营报名开始',
      body: '正文',
      translationPending: true,
    });
    expect(textFor(zhOnly, 'zh')).toMatchObject({ lang: 'zh', translationPending: false });
    expect(textFor(both, 'ru')).toMatchObject({
      lang: 'ru',
      title: 'Открыт набор в летний лагерь',
      translationPending: false,
    });
  });

  it('walks draft → published → archived, and archives a draft', () => {
    expect(() => assertNoticeTransition('draft', 'published')).not.toThrow();
    expect(() => assertNoticeTransition('published', 'archived')).not.toThrow();
    expect(() => assertNoticeTransition('draft', 'archived')).not.toThrow();
    for (const [from, to] of [
      ['published', 'published'],
      ['archived', 'published'],
      ['archived', 'archived'],
      ['published', 'draft'],
    ] as const) {
      expect(() => assertNoticeTransition(from, to)).toThrow(
        expect.objectContaining({ code: 'ILLEGAL_TRANSITION', status: 409 }),
      );
    }
  });

  it('gives each role its audiences', () => {
    expect(audiencesFor('organizer')).toEqual(['public', 'schools', 'partners', 'delegation']);
    expect(audiencesFor('school_coordinator')).toEqual(['public', 'schools', 'delegation']);
    expect(audiencesFor('partner')).toEqual(['public', 'partners', 'delegation']);
  });

  it.each([
    ['Otkryt nabor v letniy lager', 'otkryt-nabor-v-letniy-lager'],
    ['  Xia Ling Ying -- 2026!  ', 'xia-ling-ying-2026'],
    ['Ščerbakova Ëlka', 'scerbakova-elka'],
    ['a'.repeat(70), 'a'.repeat(60)],
    ['---', ''],
  ])('slugifies %s as %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});
