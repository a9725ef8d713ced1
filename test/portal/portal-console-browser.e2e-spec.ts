import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/axe';
import {
  ARTIFACTS,
  consoleProblems,
  launchChromium,
  listening,
  pageVisits,
} from '../support/browser';
import { soon } from '../support/dates';
import { chaperone, chineseStudent } from '../support/people';
import { portalText } from '../support/portal';
import { Session, TestApp } from '../support/test-app';

/**
 * An organizer (zh-CN) in real Chromium at desktop width: creates a delegation in both
 * languages and opens it; after schools applied, approves a selection with one item that
 * cannot be approved (the confirmation says so), sees "N done, 1 skipped"; the readiness
 * check fails and links to the person; locks with an override; after the partner's
 * approval and a withdrawal, locks version 2 and reads the partner's reason on the
 * console. axe-core on every page; screenshots under test/artifacts/.
 *
 * One browser page for the whole describe: each step starts where the one before left it.
 */
describe('the organizer’s console in a browser', () => {
  let t: TestApp;
  let admin: Session;
  let browser: Browser;
  let base: string;
  let tr: ReturnType<typeof portalText>;
  let organizer: Session & { email: string; password: string };
  let host: { id: string };
  let partner: Session & { email: string; password: string };
  let school: Session & { email: string; password: string };
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let visited: ReturnType<typeof pageVisits>;

  let delegationId: string;
  let students: Awaited<ReturnType<TestApp['registered']>>[];
  let applied: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    base = await listening(t);
    admin = await t.loginAdmin();
    browser = await launchChromium();
    tr = portalText(t, 'zh');
    organizer = await t.createUser(admin, 'organizer', { preferredLanguage: 'zh' });
    host = await t.createOrganization(admin, {
      type: 'partner',
      country: 'RU',
      // First in the host list (sorted by name) however many partners other suites made.
      nameZh: 'AAA 阿穆尔州青年事务委员会',
      nameRu: 'Комитет по делам молодёжи Амурской области',
      preferredLanguage: 'ru',
    });
    partner = await t.createUser(admin, 'partner', {
      organizationId: host.id,
      preferredLanguage: 'ru',
    });
    school = await t.createUser(admin, 'school_coordinator');

    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 800 },
    });
    page = await context.newPage();
    problems = consoleProblems(page);
    visited = pageVisits('portal-console', page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  /** On the roster page: the link to the person the readiness check names. */
  const namedPerson = () =>
    page.locator(`.reasons a[href="/zh/console/participants/${students[0].id}"]`);

  it('signs the organizer in to the console', async () => {
    await page.goto(`${base}/zh/login`);
    await page.fill('#email', organizer.email);
    await page.fill('#password', organizer.password);
    await page.click('main button[type=submit]');
    await page.waitForURL('**/zh/console/');
    await visited('home');
  });

  it('creates a delegation in both languages, a missing field first, and opens it', async () => {
    await page.click('a[href="/zh/console/delegations/new"]');
    await page.waitForURL('**/console/delegations/new');
    await page.fill('#titleZh', '黑河学生赴布拉戈维申斯克科技营');
    await page.fill('#descriptionZh', '参观实验室，完成科学项目。');
    await page.fill('#descriptionRu', 'Лаборатории и общий научный проект.');
    await page.check('input[name="direction"][value="CN_TO_RU"]');
    await page.selectOption('#hostOrganizationId', host.id);
    await page.fill('#departureDate', soon(40));
    await page.fill('#returnDate', soon(45));
    await page.fill('#applicationOpensAt', `${soon(-1)}T09:00`);
    await page.fill('#applicationClosesAt', `${soon(20)}T18:00`);
    await page.fill('#studentPlaces', '2');
    await page.fill('#chaperonePlaces', '1');
    await page.fill('#minAge', '10');
    await page.fill('#maxAge', '17');
    await page.click('form.form button[type=submit]');
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.locator('.error-summary a[href="#titleRu"]').count()).toBe(1);
    await visited('delegation-errors');
    await page.fill('#titleRu', 'Научный лагерь школьников Хэйхэ в Благовещенске');
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/\/zh\/console\/delegations\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toContain(tr('console.delegationCreated'));
    delegationId = /delegations\/([0-9a-f-]{36})$/.exec(page.url())![1];
    // Only the transitions a draft allows.
    const buttons = await page.locator('form[action$="/transitions"] button').allInnerTexts();
    expect(buttons.sort()).toEqual(
      [tr('console.transition.open'), tr('console.transition.cancelled')].sort(),
    );
    await visited('delegation-draft');
    await page.click(`button:has-text("${tr('console.transition.open')}")`);
    await page.waitForURL(/delegations\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toContain(
      tr('console.transitioned', { status: tr('delegationStatus.open') }),
    );
  });

  it('shows the applications with the places taken, on a phone too', async () => {
    // Schools apply: three students for two places, a teacher; one application rejected.
    students = [
      await t.registered(school, chineseStudent({ familyName: '张', givenName: '伟' })),
      await t.registered(school, chineseStudent({ familyName: '刘', givenName: '洋' })),
      await t.registered(school, chineseStudent({ familyName: '陈', givenName: '静' })),
    ];
    const teacher = await t.registered(school, chaperone(), ['cross_border']);
    applied = [];
    for (const person of [...students, teacher]) {
      applied.push(await t.applied(school, delegationId, person.id));
    }
    await t.decide(admin, applied[2], 'reject', '名额有限').expect(200);

    await page.click(`a[href="/zh/console/delegations/${delegationId}/applications"]`);
    await page.waitForURL('**/applications');
    expect(await page.locator('main').innerText()).toContain(
      tr('console.placesTaken', {
        students: 0,
        studentPlaces: 2,
        chaperones: 0,
        chaperonePlaces: 1,
      }),
    );
    await visited('market');
    // The same page on a phone.
    const phone = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(page.url());
    await small.screenshot({
      path: join(ARTIFACTS, 'portal-console-market-phone.png'),
      fullPage: true,
    });
    await expectNoAxeViolations(small, 'console market on a phone');
    await phone.close();
  });

  it('approves a selection in bulk, skipping the one that cannot be approved', async () => {
    // The two students, the rejected one (cannot be approved), and the teacher.
    for (const id of [applied[0], applied[1], applied[2], applied[3]]) {
      await page.check(`input[name="id"][value="${id}"]`);
    }
    await page.check('input[name="decision"][value="approve"]');
    await page.click(`button:has-text("${tr('market.continue')}")`);
    await page.waitForLoadState();
    expect(await page.locator('[role=status]').innerText()).toBe(
      tr('market.canTake', { count: 3, selected: 4 }),
    );
    expect(await page.locator('.reasons').innerText()).toContain('陈静');
    await visited('decide-confirm');
    await page.click(`button:has-text("${tr('market.submit', { count: 3 })}")`);
    await page.waitForURL('**/applications/decided');
    expect(await page.locator('[role=status]').innerText()).toBe(
      tr('market.result', { done: 3, skipped: 1 }),
    );
    await visited('decided');
  });

  it('names the person a failed readiness check is about, and locks only with a reason', async () => {
    // Close; the readiness check fails (the first student's guardian consent withdrawn).
    const consentOf = students[0].consents.guardian;
    await t
      .as(school, 'delete', `/api/participants/${students[0].id}/consents/${consentOf}`)
      .expect(204);
    await page.goto(`${base}/zh/console/delegations/${delegationId}`);
    await page.click(`button:has-text("${tr('console.transition.closed')}")`);
    await page.waitForURL(/delegations\/[0-9a-f-]{36}$/);
    await page.click(`a[href="/zh/console/delegations/${delegationId}/roster"]`);
    await page.waitForURL('**/roster');
    expect(await namedPerson().count()).toBeGreaterThanOrEqual(1);
    await visited('roster-not-ready');
    // Locking without a reason is refused with the reason to give.
    await page.click(`button:has-text("${tr('console.lock')}")`);
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').innerText()).toContain(tr('console.needOverride'));
    await page.fill('[name="override.reason"]', '监护人同意书原件已由学校当面核验');
    await page.click(`button:has-text("${tr('console.lock')}")`);
    await page.waitForURL('**/roster');
    expect(await page.locator('.flash').innerText()).toContain(
      tr('console.locked', { version: 1 }),
    );
    await visited('roster-v1');
  });

  it('shows that person, with the passport behind a reason', async () => {
    await namedPerson().first().click();
    await page.waitForURL('**/console/participants/**');
    await visited('participant');
    await page.fill('#reason', '口岸核对');
    await page.click(`button:has-text("${tr('console.reveal')}")`);
    await page.waitForLoadState();
    expect(await page.locator('main').innerText()).toContain(students[0].passportNumber);
  });

  it('locks version 2 after the partner’s approval and a withdrawal, and reads the partner’s reason', async () => {
    // The partner approves version 1; a student withdraws; version 2; the partner rejects.
    const partnerSession = await t.login(partner.email, partner.password);
    const v1 = await t
      .as(partnerSession, 'get', `/api/partner/delegations/${delegationId}/roster`)
      .expect(200);
    await t
      .as(partnerSession, 'post', `/api/partner/delegations/${delegationId}/roster/approve`)
      .send({ version: 1, hash: v1.body.hash })
      .expect(200);
    await t.as(school, 'post', `/api/applications/${applied[1]}/withdraw`).expect(200);
    await page.goto(`${base}/zh/console/delegations/${delegationId}/roster`);
    await page.fill('[name="override.reason"]', '监护人同意书原件已由学校当面核验');
    await page.click(`button:has-text("${tr('console.lock')}")`);
    await page.waitForURL('**/roster');
    expect(await page.locator('.flash').innerText()).toContain(
      tr('console.locked', { version: 2 }),
    );
    await t
      .as(partnerSession, 'post', `/api/partner/delegations/${delegationId}/roster/reject`)
      .send({ version: 2, reason: 'Нужен второй сопровождающий' })
      .expect(200);
    await page.reload();
    const versions = await page.locator('table').innerText();
    expect(versions).toContain('Нужен второй сопровождающий');
    expect(versions).toContain(tr('partnerDecision.approved'));
    expect(await page.locator('main').innerText()).toContain(
      tr('console.diffTitle', { version: 2, against: 1 }),
    );
    await visited('roster-v2-rejected');
  });

  it('previews a notice in Chinese, refuses to publish it without Russian, then publishes it', async () => {
    await page.click('nav a[href="/zh/console/notices"]');
    await page.waitForURL('**/console/notices');
    await page.click('a[href="/zh/console/notices/new"]');
    await page.waitForURL('**/console/notices/new');
    await page.fill('#titleZh', '科技营报名开始');
    await page.fill('#bodyZh', '请各校于**月底前**提交报名。<script>alert(1)</script>');
    await page.check('input[name="audience"][value="public"]');
    await page.click(`button:has-text("${tr('noticeForm.preview')}")`);
    await page.waitForLoadState();
    expect(await page.locator('.prose strong').first().innerText()).toBe('月底前');
    expect(await page.locator('.prose script').count()).toBe(0);
    await visited('notice-preview');
    await page.click(`button:has-text("${tr('noticeForm.save')}")`);
    await page.waitForURL(/\/console\/notices\/[0-9a-f-]{36}$/);
    await page.click(`button:has-text("${tr('noticeForm.publish')}")`);
    await page.waitForLoadState();
    expect(await page.locator('.error-summary a[href="#titleRu"]').count()).toBe(1);
    await visited('notice-missing-ru');
    await page.fill('#titleRu', 'Открыт приём заявок в научный лагерь');
    await page.fill('#bodyRu', 'Школы подают заявки **до конца месяца**.');
    await page.click(`button:has-text("${tr('noticeForm.save')}")`);
    await page.waitForURL(/\/console\/notices\/[0-9a-f-]{36}$/);
    await page.click(`button:has-text("${tr('noticeForm.publish')}")`);
    await page.waitForURL(/\/console\/notices\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toContain(tr('noticeForm.published'));
    await visited('notice-published');
    const site = await context.newPage();
    await site.goto(`${base}/ru/notices`);
    expect(await site.locator('main').innerText()).toContain(
      'Открыт приём заявок в научный лагерь',
    );
    await site.close();
  });

  it('shows the translations, the deliveries, and the partner’s refusal on the home page', async () => {
    await page.click('nav a[href="/zh/console/translations"]');
    await page.waitForURL('**/translations');
    await visited('translations');
    await page.click('nav a[href="/zh/console/deliveries"]');
    await page.waitForURL('**/deliveries');
    await visited('deliveries');
    await page.goto(`${base}/zh/console/`);
    expect(await page.locator('main').innerText()).toContain(tr('console.count.rejectedByPartner'));
    await visited('home-after');
  });

  it('logged no console error and no CSP refusal on any of those pages', () => {
    expect(problems).toEqual([]);
  });
});
