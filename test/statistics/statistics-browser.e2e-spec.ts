import { HTML_LANG } from '../../src/localization/language';
import { Browser, Page } from 'playwright-core';
import { consoleProblems, launchChromium, listening, pageVisits } from '../support/browser';
import { isolatedDatabase } from '../support/isolated-database';
import { seedPastYears } from '../support/statistics-data';
import { Session, TestApp } from '../support/test-app';

/**
 * The committee's report in real Chromium, in Chinese and in Russian: every chart loaded
 * (an image of our own origin) with its table beside it, the period changed by year and by
 * days with a refused period shown in the error summary, the A4 print layout, and the public
 * year page; axe-core on every page, screenshots under test/artifacts/.
 */
describe('the statistics report in a browser', () => {
  let t: TestApp;
  let admin: Session;
  const organizers = {} as Record<'zh' | 'ru', Session & { email: string; password: string }>;
  let browser: Browser;
  let base: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    // A database of its own: the figures checked are of everything in it.
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    t = await TestApp.start(isolated.overrides);
    base = await listening(t);
    admin = await t.loginAdmin();
    await seedPastYears(t, admin);
    for (const lang of ['zh', 'ru'] as const) {
      organizers[lang] = await t.createUser(admin, 'organizer', { preferredLanguage: lang });
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await drop?.();
  });

  async function signedIn(lang: 'zh' | 'ru'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      locale: lang === 'zh' ? 'zh-CN' : 'ru-RU',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const problems = consoleProblems(page);
    await page.goto(`${base}/${lang}/login`);
    await page.fill('#email', organizers[lang].email);
    await page.fill('#password', organizers[lang].password);
    await page.click('main button[type=submit]');
    await page.waitForURL(`**/${lang}/console/`);
    return { page, problems };
  }

  /** Every chart image has loaded and is drawn: none is broken. */
  async function chartsLoaded(page: Page): Promise<number> {
    await page.waitForLoadState('networkidle');
    const images = page.locator('figure.chart img');
    const n = await images.count();
    for (let i = 0; i < n; i++) {
      await images.nth(i).scrollIntoViewIfNeeded();
      const width = await images.nth(i).evaluate(
        (img) =>
          new Promise<number>((resolve) => {
            const el = img as unknown as {
              complete: boolean;
              naturalWidth: number;
              onload: () => void;
              onerror: () => void;
            };
            if (el.complete) return resolve(el.naturalWidth);
            el.onload = () => resolve(el.naturalWidth);
            el.onerror = () => resolve(0);
          }),
      );
      expect(width).toBe(640);
    }
    return n;
  }

  it.each(['zh', 'ru'] as const)(
    'shows the report in %s, every chart beside its table',
    async (lang) => {
      const { page, problems } = await signedIn(lang);
      const visited = pageVisits(`statistics-${lang}`, page);
      await page.click(`nav a[href="/${lang}/console/statistics"]`);
      await page.waitForURL(`**/${lang}/console/statistics`);
      expect(await page.getAttribute('html', 'lang')).toBe(HTML_LANG[lang]);

      await page.selectOption('#year', '2025');
      await page.click('form:has(#year) button[type=submit]');
      await page.waitForURL('**/console/statistics?year=2025');
      expect(await chartsLoaded(page)).toBe(11);
      // The overview's figure of people who travelled, and a chart's table: 6 people in 2025.
      const overview = page.locator('#table-overview + .table-wrap');
      await expect(
        overview
          .locator('tr', { hasText: lang === 'zh' ? '出行人数' : 'Участники поездок' })
          .locator('td')
          .innerText(),
      ).resolves.toBe('6');
      const sections = page.locator('section.report-section:has(figure.chart)');
      expect(await sections.count()).toBe(11);
      for (let i = 0; i < 11; i++) {
        await expect(sections.nth(i).locator('table').count()).resolves.toBeGreaterThan(0);
      }
      await visited('year-2025');

      await page.fill('#from', '2024-07-01');
      await page.fill('#to', '2025-03-31');
      await page.click('form:has(#from) button[type=submit]');
      await page.waitForURL('**/console/statistics?from=2024-07-01&to=2025-03-31');
      await expect(page.locator('.lead').innerText()).resolves.toContain('2024-07-01');
      expect(await chartsLoaded(page)).toBe(11);
      await visited('range');

      // Ends before it starts: the error summary, focused, links to the field.
      await page.fill('#from', '2025-05-02');
      await page.fill('#to', '2025-05-01');
      await page.click('form:has(#from) button[type=submit]');
      await page.waitForSelector('.error-summary');
      await expect(page.locator('.error-summary a[href="#to"]').count()).resolves.toBe(1);
      expect(await page.getAttribute('#to', 'aria-invalid')).toBe('true');
      await visited('refused-period');

      await page.goto(`${base}/${lang}/console/statistics?year=2024`);
      await page.emulateMedia({ media: 'print' });
      await chartsLoaded(page);
      await visited('print');
      await page.emulateMedia({ media: 'screen' });
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');

      await page.goto(`${base}/${lang}/year/2025`);
      await expect(page.locator('h1').innerText()).resolves.toContain('2025');
      await visited('public-2025');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});
