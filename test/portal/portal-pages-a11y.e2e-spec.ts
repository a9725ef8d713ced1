import { Browser, BrowserContext } from 'playwright-core';
import { PortalRoutes } from '../../src/portal/portal-routes';
import { eventually } from '../support/isolated-database';
import { publishNotice } from '../support/notices';
import { chineseStudent } from '../support/people';
import { consoleProblems, launchChromium, listening, visitor } from '../support/browser';
import { bilingualNotice, openDelegation, TestApp } from '../support/test-app';

type Who = 'anonymous' | 'school' | 'partner' | 'organizer';

/** Downloads (files, charts) and the 404 catch-alls are no pages to check. */
const NOT_PAGES = /\*|\/template$|\/export$|\/workbook$|\/charts\//;

/**
 * Every page the portal registers, in Chinese and in Russian, in real Chromium at phone
 * width, as the role it is for: 200, no console errors, and no WCAG 2.1 A/AA violation
 * axe-core can find; a screenshot of each under test/artifacts/. The list comes from the
 * router itself, so a page added later is checked without editing this test.
 */
describe('every portal page in both languages, with axe-core', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const ids: Record<string, string> = {};
  const users = {} as Record<Exclude<Who, 'anonymous'>, { email: string; password: string }>;

  beforeAll(async () => {
    t = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    base = await listening(t);
    const admin = await t.loginAdmin();
    const school = await t.createUser(admin, 'school_coordinator');
    const organizer = await t.createUser(admin, 'organizer');
    const delegation = await openDelegation(t, admin);
    const partner = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    Object.assign(users, { school, partner, organizer });
    const person = await t.registered(school, chineseStudent());
    ids.person = person.id;
    ids.delegation = delegation.id;
    ids.application = await t.applied(school, delegation.id, person.id);
    const other = await t.registered(school, chineseStudent({ familyName: '刘', givenName: '洋' }));
    await t.approvedAndClosed(admin, school, delegation.id, [other]);
    await t.lockWithOverride(admin, delegation.id, 'test: one student');
    ids.notice = (await publishNotice(t, admin, bilingualNotice('partners'))).id;
    ids.host = delegation.hostId;
    ids.user = partner.userId;
    await eventually('the partner’s message', async () => {
      const inbox = await t.as(partner, 'get', '/api/notifications').expect(200);
      return (inbox.body.items as unknown[]).length > 0;
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const idFor = (path: string) => {
    if (path.includes('/people') || path.includes('/participants')) return ids.person;
    if (path.includes('/delegations')) return ids.delegation;
    if (path.includes('/applications')) return ids.application;
    if (path.includes('/notices')) return ids.notice;
    if (path.includes('/organizations')) return ids.host;
    return ids.user;
  };

  const who = (audience: string, path: string): Who => {
    if (audience === 'anyone') return 'anonymous';
    if (audience === 'school_coordinator') return 'school';
    if (audience === 'partner' || audience === 'organizer') return audience;
    // Any signed-in user's pages (account, messages): the partner, who has a message.
    return path.startsWith('/notifications') ? 'partner' : 'school';
  };

  it('finds no violations on any page', async () => {
    const pages = t.app
      .get(PortalRoutes)
      .list()
      .filter((route) => route.method === 'GET' && !NOT_PAGES.test(route.path));
    expect(pages.length).toBeGreaterThan(35);
    const contexts = new Map<Who, BrowserContext>();
    const contextOf = async (role: Who) => {
      let context = contexts.get(role);
      if (!context) {
        context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        if (role !== 'anonymous') {
          const page = await context.newPage();
          await page.goto(`${base}/zh/login`);
          await page.fill('#email', users[role].email);
          await page.fill('#password', users[role].password);
          await page.click('main button[type=submit]');
          await page.waitForURL(/\/(school|partner|console)\/$/);
          await page.close();
        }
        contexts.set(role, context);
      }
      return context;
    };
    const visit = visitor('portal-every');
    const problems: string[] = [];
    try {
      for (const route of pages) {
        const role = who(route.audience, route.path);
        const context = await contextOf(role);
        for (const lang of ['zh', 'ru'] as const) {
          const url = `/${lang}${route.path.replace(/:id/g, idFor(route.path))}`;
          const page = await context.newPage();
          const seen = consoleProblems(page);
          const response = await page.goto(`${base}${url}`);
          expect([url, response?.status()]).toEqual([url, 200]);
          expect([url, await page.getAttribute('html', 'lang')]).toEqual([
            url,
            lang === 'zh' ? 'zh-CN' : 'ru',
          ]);
          const slug = `${lang}${route.path.replace(/:id/g, 'id').replace(/[^a-z0-9]+/gi, '-')}`;
          await visit(page, slug.replace(/-$/, ''));
          problems.push(...seen.map((p) => `${url}: ${p}`));
          await page.close();
        }
      }
    } finally {
      for (const context of contexts.values()) await context.close();
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
