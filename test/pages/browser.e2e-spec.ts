import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { expectNoAxeViolations } from '../support/axe';
import { ARTIFACTS, launchChromium, listening } from '../support/browser';
import { soon } from '../support/dates';
import { openDelegation, TestApp } from '../support/test-app';
import { externalRedisUrl } from '../support/test-config';
import { publishNotice } from '../support/notices';

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
};

/** The public site in real headless Chromium: language choice, a link, the switch, WCAG. */
describe('public pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await TestApp.start();
    base = await listening(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('lands a Russian reader on /ru/, follows a delegation, and switches the same page to Chinese', async () => {
    const admin = await t.loginAdmin();
    // Departing in two days: first among the upcoming ones on the home page.
    const delegation = await openDelegation(t, admin, {
      titleZh: '黑河青少年冰雪节交流团',
      titleRu: 'Делегация школьников Хэйхэ на фестиваль льда',
      departureDate: soon(2),
      returnDate: soon(6),
      applicationClosesAt: `${soon(1)}T15:30:00Z`,
    });
    const context = await browser.newContext({
      locale: 'ru-RU',
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();

    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/ru/');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.title()).toBe('Главная · Российско-китайские молодёжные обмены');
    await page.screenshot({ path: join(ARTIFACTS, 'pages-1-ru-home.png'), fullPage: true });

    await page.click(`a[href="/ru/delegations/${delegation.id}"]`);
    await page.waitForURL(`**/ru/delegations/${delegation.id}`);
    expect(await page.locator('h1').innerText()).toBe(
      'Делегация школьников Хэйхэ на фестиваль льда',
    );
    const russian = await page.locator('main').innerText();
    expect(russian).toContain('Идёт приём заявок');
    expect(russian).toContain(`время Хэйхэ ${soon(1)} 23:30`);
    expect(russian).toContain(`время Благовещенска ${soon(2)} 00:30`);
    await page.screenshot({ path: join(ARTIFACTS, 'pages-2-ru-delegation.png'), fullPage: true });

    await page.click('a.switch');
    await page.waitForURL(`**/zh/delegations/${delegation.id}`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('h1').innerText()).toBe('黑河青少年冰雪节交流团');
    const chinese = await page.locator('main').innerText();
    expect(chinese).toContain('正在报名');
    expect(chinese).toContain(`黑河时间 ${soon(1)} 23:30`);
    expect(chinese).toContain(`布拉戈维申斯克时间 ${soon(2)} 00:30`);
    // Shown in Russian; heard with a hint in Chinese after it; leading to this same page.
    const toRussian = page.getByRole('link', { name: 'Русский 切换到俄语', exact: true });
    expect(await toRussian.getAttribute('href')).toBe(`/ru/delegations/${delegation.id}`);
    await page.screenshot({ path: join(ARTIFACTS, 'pages-3-zh-delegation.png'), fullPage: true });

    // The choice is remembered: `/` now leads to Chinese for this reader.
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/zh/');
    await context.close();
  });

  it('meets WCAG 2.1 AA on every public page in both languages, phone and desktop', async () => {
    const admin = await t.loginAdmin();
    const delegation = await openDelegation(t, admin, {
      titleZh: '黑河学生赴布拉戈维申斯克夏令营',
      titleRu: 'Летний лагерь школьников Хэйхэ в Благовещенске',
      descriptionZh: '七天的交流活动。\n\n参观阿穆尔州博物馆。',
      descriptionRu: 'Семь дней программы.\n\nЭкскурсия в Амурский областной музей.',
    });
    const bilingual = await publishNotice(t, admin, {
      titleZh: '报名须知',
      titleRu: 'Правила подачи заявок',
      bodyZh: '**报名截止**前请提交护照复印件。\n\n[阿穆尔州](https://example.org/)',
      bodyRu:
        'До **окончания приёма** пришлите копию паспорта.\n\n[Амурская область](https://example.org/)',
    });
    // Each shown on the other language's pages with the "translation pending" label.
    const zhOnly = await publishNotice(t, admin, {
      titleZh: '冬令营通知',
      bodyZh: '一月出发。',
      singleLanguage: 'zh',
    });
    const ruOnly = await publishNotice(t, admin, {
      titleRu: 'Зимний лагерь',
      bodyRu: 'Выезд в январе.',
      singleLanguage: 'ru',
    });
    const pendingIn = { zh: ruOnly.slug, ru: zhOnly.slug };
    const pages = (lang: 'zh' | 'ru') => ({
      home: [`/${lang}/`, 200],
      delegations: [`/${lang}/delegations`, 200],
      delegation: [`/${lang}/delegations/${delegation.id}`, 200],
      notices: [`/${lang}/notices`, 200],
      notice: [`/${lang}/notices/${bilingual.slug}`, 200],
      'notice-pending': [`/${lang}/notices/${pendingIn[lang]}`, 200],
      'not-found': [`/${lang}/nowhere`, 404],
    });

    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const lang of ['zh', 'ru'] as const) {
        for (const [name, [path, status]] of Object.entries(pages(lang))) {
          const label = `${lang} ${name} (${device})`;
          const response = await page.goto(`${base}${path}`);
          expect([label, response?.status()]).toEqual([label, status]);
          await page.screenshot({
            path: join(ARTIFACTS, `pages-a11y-${lang}-${name}-${device}.png`),
            fullPage: true,
          });
          await expectNoAxeViolations(page, label);
        }
        // What the check went over: a list with the notice labelled "translation pending".
        await page.goto(`${base}/${lang}/notices`);
        const card = `.card-title:has(a[href="/${lang}/notices/${pendingIn[lang]}"])`;
        expect(await page.locator(`${card} .pending`).count()).toBe(1);
      }
      await context.close();
    }
  });

  // Bull Board exists only when the queue is Bull (REDIS_URL).
  (externalRedisUrl ? it : it.skip)(
    'shows an organizer the notification queue on Bull Board',
    async () => {
      const admin = await t.loginAdmin();
      const context = await browser.newContext();
      const page = await context.newPage();
      const denied = await page.goto(`${base}/admin/queues`);
      expect(denied?.status()).toBe(401);
      // The board's cookie, set through the API with the organizer's bearer token.
      const session = await context.request.post(`${base}/api/admin/queues/session`, {
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
      expect(session.status()).toBe(204);
      await page.goto(`${base}/admin/queues`);
      await page.getByText('notifications', { exact: false }).first().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'queues-board.png'), fullPage: true });
      await context.close();
    },
  );
});
