import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { externalDatabaseUrl, externalRedisUrl } from '../support/test-config';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { publishNotice } from '../support/notices';
import { chaperone } from '../support/people';

const day = 86_400_000;

describe('public pages', () => {
  let t: TestApp;
  let admin: Session;
  let delegation: { id: string };
  let closingDay: string;
  let nextDay: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    const closes = new Date(Date.now() + 30 * day);
    closingDay = closes.toISOString().slice(0, 10);
    nextDay = new Date(closes.getTime() + day).toISOString().slice(0, 10);
    delegation = await openDelegation(t, admin, {
      titleZh: '黑河学生赴布拉戈维申斯克夏令营 <b>2027</b>',
      titleRu: 'Летний лагерь школьников Хэйхэ в Благовещенске',
      descriptionZh: '七天的交流活动。\n\n参观阿穆尔州博物馆。',
      descriptionRu: 'Семь дней программы.\n\nЭкскурсия в Амурский областной музей.',
      applicationClosesAt: `${closingDay}T15:30:00Z`,
    });
  });
  afterAll(() => t.close());

  const page = (url: string, headers: Record<string, string> = {}) => {
    const request = t.http().get(url).set('Accept-Encoding', 'identity');
    for (const [name, value] of Object.entries(headers)) void request.set(name, value);
    return request;
  };

  const notice = (fields: Record<string, unknown>) => publishNotice(t, admin, fields);

  /** The site's own 404 page in the path's language, not some other answer with a 404. */
  const notFoundPage =
    (lang: 'zh' | 'ru') =>
    (response: Response): void => {
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.text).toContain(lang === 'zh' ? '<html lang="zh-CN">' : '<html lang="ru">');
      expect(response.text).toContain(
        lang === 'zh' ? '<h1>页面不存在</h1>' : '<h1>Страница не найдена</h1>',
      );
    };

  it('sends / to a language: the cookie first, then Accept-Language, else Chinese', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, '/zh/'],
      [{ 'Accept-Language': 'ru-RU,ru;q=0.9,en;q=0.8' }, '/ru/'],
      [{ 'Accept-Language': 'en-US,zh-TW;q=0.5' }, '/zh/'],
      [{ 'Accept-Language': 'en-US' }, '/zh/'],
      [{ 'Accept-Language': 'zh-CN', Cookie: 'lang=ru' }, '/ru/'],
      [{ 'Accept-Language': 'ru', Cookie: 'theme=dark; lang=zh' }, '/zh/'],
    ];
    for (const [headers, location] of cases) {
      const response = await page('/', headers).expect(302);
      expect([headers, response.headers.location]).toEqual([headers, location]);
      expect(response.headers.vary).toContain('Accept-Language');
    }
    expect((await page('/ru').expect(301)).headers.location).toBe('/ru/');
  });

  it('gives every page its language, title, alternates and a switch that keeps the page', async () => {
    const published = await notice({
      titleZh: '报名须知',
      titleRu: 'Правила подачи заявок',
      bodyZh: '正文',
      bodyRu: 'Текст',
    });
    const paths = [
      '/',
      '/delegations',
      `/delegations/${delegation.id}`,
      '/notices',
      `/notices/${published.slug}`,
    ];
    for (const path of paths) {
      for (const [lang, htmlLang, other, otherLang, title] of [
        ['zh', 'zh-CN', 'ru', 'ru', /<title>[^<]+ · 中俄青少年交流<\/title>/],
        [
          'ru',
          'ru',
          'zh',
          'zh-CN',
          /<title>[^<]+ · Российско-китайские молодёжные обмены<\/title>/,
        ],
      ] as const) {
        const response = await page(`/${lang}${path}`).expect(200);
        const html = response.text;
        expect(html.startsWith('<!doctype html>')).toBe(true);
        expect(html).toContain(`<html lang="${htmlLang}">`);
        expect(html).toMatch(title);
        // Absolute, under the listening address when PUBLIC_URL is not set.
        const origin = t.config.publicUrl;
        expect(html).toContain(
          `<link rel="alternate" hreflang="zh-CN" href="${origin}/zh${path}">`,
        );
        expect(html).toContain(`<link rel="alternate" hreflang="ru" href="${origin}/ru${path}">`);
        expect(html).toContain(
          `<a class="switch" href="/${other}${path}" hreflang="${otherLang}" lang="${otherLang}"`,
        );
        expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      }
    }
  });

  it('names the language switch by the text it shows, then a hint in the page’s language (WCAG 2.5.3)', async () => {
    const text = (markup: string) =>
      markup
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    for (const [lang, shown, hint] of [
      ['zh', 'Русский', '切换到俄语'],
      ['ru', '中文', 'переключить на китайский'],
    ] as const) {
      const html = (await page(`/${lang}/notices`).expect(200)).text;
      const link = /<a class="switch"([^>]*)>(.*?)<\/a>/s.exec(html);
      expect(link).not.toBeNull();
      const [, attributes, content] = link!;
      expect(attributes).not.toContain('aria-labelledby');
      // An aria-label would be the name instead of the content: speech and voice control
      // then disagree with the screen unless it starts with what is shown.
      const name = /\saria-label="([^"]*)"/.exec(attributes)?.[1] ?? text(content);
      const visible = text(content.replace(/<span class="visually-hidden"[^>]*>.*?<\/span>/gs, ''));
      expect(visible).toBe(shown);
      expect(name.slice(0, visible.length)).toBe(visible);
      expect(name).toContain(hint);
    }
  });

  it('shows a delegation with its dates, places left and every time in both cities', async () => {
    const zh = (await page(`/zh/delegations/${delegation.id}`).expect(200)).text;
    expect(zh).toContain('<h1>黑河学生赴布拉戈维申斯克夏令营 &lt;b&gt;2027&lt;/b&gt;</h1>');
    expect(zh).toContain('<dd>学生 10 名 · 带队人员 2 名</dd>');
    expect((await page(`/ru/delegations/${delegation.id}`)).text).toContain(
      '<dd>учащимся — 10, сопровождающим — 2</dd>',
    );
    expect(zh).toContain(
      `黑河时间 <time datetime="${closingDay}T23:30:00+08:00" title="Asia/Shanghai">${closingDay} 23:30 UTC+08:00</time>`,
    );
    expect(zh).toContain(
      `布拉戈维申斯克时间 <time datetime="${nextDay}T00:30:00+09:00" title="Asia/Yakutsk">${nextDay} 00:30 UTC+09:00</time>`,
    );
    expect(zh).toContain('<p>参观阿穆尔州博物馆。</p>');
    expect(zh).toContain('阿穆尔州青年事务委员会');
    const ru = (await page(`/ru/delegations/${delegation.id}`).expect(200)).text;
    expect(ru).toContain('<h1>Летний лагерь школьников Хэйхэ в Благовещенске</h1>');
    expect(ru).toContain(
      `время Хэйхэ <time datetime="${closingDay}T23:30:00+08:00" title="Asia/Shanghai">${closingDay} 23:30 UTC+08:00</time>`,
    );
    expect(ru).toContain(
      `время Благовещенска <time datetime="${nextDay}T00:30:00+09:00" title="Asia/Yakutsk">${nextDay} 00:30 UTC+09:00</time>`,
    );
    expect(ru).toContain('Идёт приём заявок');
    const list = (await page('/ru/delegations').expect(200)).text;
    // Under the page's h1: one level down, as on the home page under its h2 sections.
    expect(list).toContain(
      `<h2 class="card-title"><a href="/ru/delegations/${delegation.id}">Летний лагерь школьников Хэйхэ в Благовещенске</a></h2>`,
    );
  });

  it('answers unknown, draft and non-public addresses with the 404 page in that language', async () => {
    const draft = await t
      .http()
      .post('/api/admin/notices')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        audience: 'public',
        titleZh: '草稿',
        titleRu: 'Черновик',
        bodyZh: '正文',
        bodyRu: 'Текст',
      })
      .expect(201);
    const forSchools = await notice({
      audience: 'schools',
      titleZh: '学校',
      titleRu: 'Школам',
      bodyZh: '正文',
      bodyRu: 'Текст',
    });
    const created = await t
      .http()
      .post('/api/admin/delegations')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        titleZh: '草稿代表团',
        titleRu: 'Черновик',
        direction: 'CN_TO_RU',
        hostOrganizationId: (await t.createOrganization(admin, { type: 'partner', country: 'RU' }))
          .id,
        departureDate: '2027-07-10',
        returnDate: '2027-07-16',
        applicationOpensAt: '2027-05-01T00:00:00Z',
        applicationClosesAt: '2027-06-01T00:00:00Z',
        studentPlaces: 5,
        chaperonePlaces: 1,
        minAge: 10,
        maxAge: 17,
        studentsPerChaperone: 8,
      })
      .expect(201);
    for (const path of [
      `/delegations/${randomUUID()}`,
      '/delegations/not-an-id',
      `/delegations/${created.body.id}`,
      `/notices/${draft.body.slug}`,
      `/notices/${forSchools.slug}`,
      '/notices/nothing-here',
      '/nowhere/at/all',
    ]) {
      await page(`/zh${path}`).expect(notFoundPage('zh'));
      const ru = await page(`/ru${path}`).expect(notFoundPage('ru'));
      expect(ru.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers 304 to a matching If-None-Match, with short caching for pages and long for the stylesheet', async () => {
    const first = await page('/zh/delegations', { Cookie: 'lang=zh' }).expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers.etag).toMatch(/^"[\w-]{27}"$/);
    const again = await page('/zh/delegations', {
      Cookie: 'lang=zh',
      'If-None-Match': first.headers.etag,
    }).expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    await page('/zh/delegations', {
      Cookie: 'lang=zh',
      'If-None-Match': `W/${first.headers.etag}, "other"`,
    }).expect(304);
    await page('/zh/delegations', { Cookie: 'lang=zh', 'If-None-Match': '"stale"' }).expect(200);
    // A page that also remembers the reader's language is for that reader only.
    const remembered = await page('/ru/delegations', { Cookie: 'lang=zh' }).expect(200);
    expect(remembered.headers['set-cookie']).toEqual([
      'lang=ru; Path=/; Max-Age=31536000; SameSite=Lax',
    ]);
    expect(remembered.headers['cache-control']).toBe('private, max-age=60');

    const css = await page('/assets/site.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=86400');
    await page('/assets/site.css', { 'If-None-Match': css.headers.etag }).expect(304);
  });

  it('compresses with brotli and gzip as the client asks, each page well under 30 KB', async () => {
    const plain = (await page('/zh/delegations').expect(200)).text;
    // supertest decodes br and gzip itself: the text must come back the same, and the
    // length on the wire is the compressed one.
    const encoded = (url: string, encoding: string) =>
      t.http().get(url).set('Accept-Encoding', encoding);
    const br = await encoded('/zh/delegations', 'gzip, deflate, br').expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(br.text).toBe(plain);
    expect(Number(br.headers['content-length'])).toBeLessThan(Buffer.byteLength(plain) / 2);
    const gzip = await encoded('/zh/delegations', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toBe(plain);
    expect(
      (await encoded('/zh/delegations', 'br;q=0, gzip').expect(200)).headers['content-encoding'],
    ).toBe('gzip');
    for (const url of [
      '/zh/',
      '/ru/delegations',
      `/ru/delegations/${delegation.id}`,
      '/zh/notices',
      '/assets/site.css',
    ]) {
      const response = await encoded(url, 'br').expect(200);
      expect([
        url,
        response.headers['content-encoding'],
        Number(response.headers['content-length']) < 30 * 1024,
      ]).toEqual([url, 'br', true]);
    }
  });

  it('shows a notice title as text and its Markdown only through the sanitizer', async () => {
    const hostile = await notice({
      titleZh: '<script>alert(1)</script>',
      titleRu: '<img src=x onerror=alert(1)>',
      bodyZh:
        '<script>alert(2)</script>\n\n[点这里](javascript:alert(3)) <a href="javascript:alert(4)">a</a>\n\n**加粗**',
      bodyRu: '[ссылка](https://example.org/) и <iframe src="https://evil.example"></iframe>',
    });
    const zh = (await page(`/zh/notices/${hostile.slug}`).expect(200)).text;
    expect(zh).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(zh).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; · 中俄青少年交流</title>');
    expect(zh).toContain('<strong>加粗</strong>');
    // Written-out markup shows as text; no element carries a script or a handler.
    expect(zh).toContain('&lt;a href="javascript:alert(4)"&gt;a&lt;/a&gt;');
    expect(zh).not.toMatch(/<script|<iframe|<[^>]*(javascript:|\son\w+=)[^>]*>/i);
    const ru = (await page(`/ru/notices/${hostile.slug}`).expect(200)).text;
    expect(ru).toContain('<h1>&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</h1>');
    expect(ru).toContain(
      '<a href="https://example.org/" rel="noopener noreferrer nofollow">ссылка</a>',
    );
    expect(ru).toContain('&lt;iframe');
    expect(ru).not.toMatch(/<iframe|<img|<[^>]*(javascript:|\son\w+=)[^>]*>/i);
    const list = (await page('/zh/notices').expect(200)).text;
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).not.toContain('<script>');
  });

  it('shows a notice missing the page’s language in the other one, labelled and with its lang', async () => {
    const zhOnly = await notice({
      titleZh: '冬令营通知',
      bodyZh: '一月出发。',
      singleLanguage: 'zh',
    });
    const ru = (await page(`/ru/notices/${zhOnly.slug}`).expect(200)).text;
    expect(ru).toContain('<html lang="ru">');
    expect(ru).toContain('<article lang="zh-CN">');
    expect(ru).toContain('<p class="pending" lang="ru">перевод готовится</p>');
    expect(ru).toContain('<h1>冬令营通知</h1>');
    const ruOnly = await notice({
      titleRu: 'Зимний лагерь',
      bodyRu: 'Выезд в январе.',
      singleLanguage: 'ru',
    });
    const zh = (await page(`/zh/notices/${ruOnly.slug}`).expect(200)).text;
    expect(zh).toContain('<article lang="ru">');
    expect(zh).toContain('<p class="pending" lang="zh-CN">翻译中</p>');
    const home = (await page('/ru/').expect(200)).text;
    expect(home).toContain(
      `<a href="/ru/notices/${zhOnly.slug}" lang="zh-CN">冬令营通知</a> <span class="pending" lang="ru">перевод готовится</span>`,
    );
    const full = (await page(`/zh/notices/${zhOnly.slug}`).expect(200)).text;
    expect(full).not.toContain('翻译中');
  });

  it('writes absolute alternates when the public origin is configured', async () => {
    const configured = await TestApp.start({ PUBLIC_URL: 'https://yb.example' });
    try {
      const html = (
        await configured.http().get('/zh/notices').set('Accept-Encoding', 'identity').expect(200)
      ).text;
      expect(html).toContain(
        '<link rel="alternate" hreflang="ru" href="https://yb.example/ru/notices">',
      );
      expect(html).toContain('<a class="switch" href="/ru/notices"');
    } finally {
      await configured.close();
    }
  });

  it('answers only addresses written as the site writes them, HEAD included', async () => {
    await page(`/zh/delegations/${delegation.id.toUpperCase()}`).expect(notFoundPage('zh'));
    const item = await notice({
      titleZh: '地址',
      titleRu: 'Адрес',
      bodyZh: '正文',
      bodyRu: 'Текст',
    });
    await page(`/ru/notices/${item.slug.toUpperCase()}`).expect(notFoundPage('ru'));
    await page(`/ru/notices/${item.slug}%20`).expect(notFoundPage('ru'));
    await page(`/ru/notices/${'a'.repeat(300)}`).expect(notFoundPage('ru'));
    const head = await t.http().head(`/ru/notices/${item.slug}`).expect(200);
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head.text ?? '').toBe('');
  });

  it('sends pages with a policy that allows no script and no framing, and an x-default on the home page', async () => {
    const home = await page('/ru/').expect(200);
    expect(home.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(home.headers['x-frame-options']).toBe('DENY');
    expect(home.text).toContain(
      `<link rel="alternate" hreflang="x-default" href="${t.config.publicUrl}/">`,
    );
    // Swagger UI keeps its own policy.
    const docs = await t.http().get('/api/docs').redirects(1);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('takes an archived notice off the site and shows places taken by a decision', async () => {
    const item = await notice({
      titleZh: '将归档',
      titleRu: 'В архив',
      bodyZh: '正文',
      bodyRu: 'Текст',
    });
    await page(`/ru/notices/${item.slug}`).expect(200);
    await t
      .http()
      .post(`/api/admin/notices/${item.id}/archive`)
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    await page(`/ru/notices/${item.slug}`).expect(notFoundPage('ru'));
    expect((await page('/ru/notices').expect(200)).text).not.toContain('В архив');

    const school = await t.createUser(admin, 'school_coordinator');
    const participant = await t
      .as(school, 'post', '/api/participants')
      .send(chaperone())
      .expect(201);
    const application = await t.applied(school, delegation.id, participant.body.id);
    const before = (await page(`/zh/delegations/${delegation.id}`).expect(200)).text;
    expect(before).toContain('带队人员 2 名');
    await t.decide(admin, application, 'approve').expect(200);
    expect((await page(`/zh/delegations/${delegation.id}`).expect(200)).text).toContain(
      '带队人员 1 名',
    );
  });

  it('renders again once a delegation or notice changed', async () => {
    const before = (await page(`/ru/delegations/${delegation.id}`).expect(200)).text;
    expect(before).toContain('Летний лагерь школьников Хэйхэ в Благовещенске');
    await t
      .http()
      .patch(`/api/admin/delegations/${delegation.id}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ titleRu: 'Летний лагерь 2027' })
      .expect(200);
    expect((await page(`/ru/delegations/${delegation.id}`).expect(200)).text).toContain(
      '<h1>Летний лагерь 2027</h1>',
    );
    const item = await notice({
      titleZh: '旧标题',
      titleRu: 'Старый заголовок',
      bodyZh: '正文',
      bodyRu: 'Текст',
    });
    expect((await page('/ru/notices').expect(200)).text).toContain('Старый заголовок');
    await t
      .http()
      .patch(`/api/admin/notices/${item.id}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ titleRu: 'Новый заголовок' })
      .expect(200);
    expect((await page('/ru/notices').expect(200)).text).toContain('Новый заголовок');
  });

  const sharedRedis = externalRedisUrl && externalDatabaseUrl;
  (sharedRedis ? it : it.skip)('tells other processes through Redis to render again', async () => {
    // A second process on the same database and Redis, as in production.
    const other = await TestApp.start({ REDIS_PREFIX: t.config.redisPrefix });
    try {
      const url = `/zh/delegations/${delegation.id}`;
      await page(url).expect(200);
      await other.http().get(url).expect(200);
      await t
        .http()
        .patch(`/api/admin/delegations/${delegation.id}`)
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ titleZh: '第二个进程也要知道' })
        .expect(200);
      let seen = '';
      for (let i = 0; i < 50 && !seen.includes('第二个进程也要知道'); i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = (await other.http().get(url).set('Accept-Encoding', 'identity').expect(200)).text;
      }
      expect(seen).toContain('<h1>第二个进程也要知道</h1>');
    } finally {
      await other.close();
    }
  });
});
