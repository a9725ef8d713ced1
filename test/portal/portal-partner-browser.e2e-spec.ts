import { Browser } from 'playwright-core';
import { consoleProblems, launchChromium, listening, pageVisits } from '../support/browser';
import { chaperone, chineseStudent } from '../support/people';
import { portalText } from '../support/portal';
import { openDelegation, Session, TestApp } from '../support/test-app';

/**
 * The Russian partner in real Chromium, at desktop and phone widths: lands on its page,
 * reads the roster (Cyrillic first, masked passports, the hash), approves version 1; after
 * a withdrawal and version 2, sees exactly that change highlighted and sends it back with
 * a reason. axe-core on every page; screenshots under test/artifacts/.
 */
describe('the partner’s pages in a browser', () => {
  let t: TestApp;
  let admin: Session;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await TestApp.start();
    base = await listening(t);
    admin = await t.loginAdmin();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('approves version 1 and sends back version 2 with the change highlighted', async () => {
    const tr = portalText(t, 'ru');
    const school = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin, {
      titleRu: 'Делегация школьников Хэйхэ на фестиваль льда',
    });
    const partner = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    const people = [
      await t.registered(school, chineseStudent({ familyName: '张', givenName: '伟' })),
      await t.registered(school, chineseStudent({ familyName: '刘', givenName: '洋' })),
      await t.registered(school, chaperone(), ['cross_border']),
    ];
    const applications = await t.approvedAndClosed(admin, school, delegation.id, people);
    const v1 = await t.lockWithOverride(
      admin,
      delegation.id,
      'test: one chaperone for two students',
    );

    const context = await browser.newContext({
      locale: 'ru-RU',
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const problems = consoleProblems(page);
    const visited = pageVisits('portal-partner', page);
    try {
      await page.goto(`${base}/`);
      await page.goto(`${base}/ru/login`);
      await page.fill('#email', partner.email);
      await page.fill('#password', partner.password);
      await page.click('main button[type=submit]');
      await page.waitForURL('**/ru/partner/');
      expect(await page.getAttribute('html', 'lang')).toBe('ru');
      expect(await page.locator('main').innerText()).toContain(
        tr('partner.badgeAwaiting', { version: 1 }),
      );
      await visited('home');

      await page.click(`a[href="/ru/partner/delegations/${delegation.id}/roster"]`);
      await page.waitForURL('**/roster');
      const table = await page.locator('table').innerText();
      // Cyrillic first, Latin under it; passports masked.
      expect(table).toMatch(/Чжан Вэй\s+ZHANG WEI/);
      expect(table).not.toContain(people[0].passportNumber);
      expect(table).toContain(`${people[0].passportNumber.slice(0, 2)}*****`);
      expect(await page.locator('main').innerText()).toContain(
        (v1.body.hash as string).slice(0, 12),
      );
      await visited('roster-v1');
      // On a phone too.
      const phone = await browser.newContext({
        locale: 'ru-RU',
        viewport: { width: 390, height: 844 },
        storageState: await context.storageState(),
      });
      const small = await phone.newPage();
      await small.goto(page.url());
      await visited('roster-v1-phone', small);
      await phone.close();

      // Without the box ticked: the summary, focused, links to it.
      await page.click(`button:has-text("${tr('roster.approve', { version: 1 })}")`);
      await page.waitForLoadState();
      expect(await page.locator('.error-summary:focus').count()).toBe(1);
      expect(await page.locator('.error-summary a[href="#checked"]').count()).toBe(1);
      await visited('approve-errors');
      await page.check('#checked');
      await page.click(`button:has-text("${tr('roster.approve', { version: 1 })}")`);
      await page.waitForURL('**/roster');
      expect(await page.locator('.flash').innerText()).toContain(
        tr('roster.approved', { version: 1 }),
      );
      await visited('approved');
      const confirmed = await t
        .as(admin, 'get', `/api/admin/delegations/${delegation.id}`)
        .expect(200);
      expect(confirmed.body.status).toBe('confirmed');

      // A school withdraws a student; the organizer locks version 2.
      await t.as(school, 'post', `/api/applications/${applications[1]}/withdraw`).expect(200);
      await t.lockWithOverride(admin, delegation.id, 'test: after a withdrawal');
      await page.goto(`${base}/ru/partner/`);
      expect(await page.locator('main').innerText()).toContain(
        tr('partner.badgeChanged', { version: 2 }),
      );
      await page.click(`a[href="/ru/partner/delegations/${delegation.id}/roster"]`);
      await page.waitForURL('**/roster');
      const changes = page.locator('ul.changes');
      expect(await changes.count()).toBe(1);
      expect(await changes.innerText()).toContain('Лю Ян');
      expect(await page.locator('ul.changes del').count()).toBe(1);
      await visited('roster-v2');
      await page.fill('#reason', 'Нужен второй сопровождающий');
      await page.click(`button:has-text("${tr('roster.reject')}")`);
      await page.waitForURL('**/roster');
      expect(await page.locator('.flash').innerText()).toContain(
        tr('roster.rejected', { version: 2 }),
      );
      expect(await page.locator('main').innerText()).toContain('Нужен второй сопровождающий');
      await visited('rejected');

      await page.click('nav a[href="/ru/partner/webhooks"]');
      await page.waitForURL('**/webhooks');
      await visited('webhooks');
      await page.click('nav a[href="/ru/partner/notices"]');
      await page.waitForURL('**/notices');
      await visited('notices');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
