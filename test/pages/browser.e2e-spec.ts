import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { openDelegation, TestApp } from '../support/test-app';
import { externalRedisUrl } from '../support/test-config';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const day = 86_400_000;

/** The public site in real headless Chromium: language choice, a link, the switch. */
describe('public pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('lands a Russian reader on /ru/, follows a delegation, and switches the same page to Chinese', async () => {
    const admin = await t.loginAdmin();
    const soon = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);
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
    expect(await page.locator('a.switch').innerText()).toBe('Русский');
    await page.screenshot({ path: join(ARTIFACTS, 'pages-3-zh-delegation.png'), fullPage: true });

    // The choice is remembered: `/` now leads to Chinese for this reader.
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/zh/');
    await context.close();
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
