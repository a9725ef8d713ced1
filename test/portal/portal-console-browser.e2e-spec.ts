import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Translator } from '../../src/localization/translator';
import { expectNoAxeViolations } from '../support/axe';
import { ARTIFACTS, consoleProblems, launchChromium, listening, visitor } from '../support/browser';
import { chaperone, chineseStudent } from '../support/people';
import { Session, TestApp } from '../support/test-app';

const day = 86_400_000;
const soon = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);

/**
 * An organizer (zh-CN) in real Chromium at desktop width: creates a delegation in both
 * languages and opens it; after schools applied, approves a selection with one item that
 * cannot be approved (the confirmation says so), sees "N done, 1 skipped"; the readiness
 * check fails and links to the person; locks with an override; after the partner's
 * approval and a withdrawal, locks version 2 and reads the partner's reason on the
 * console. axe-core on every page; screenshots under test/artifacts/.
 */
describe('the organizer’s console in a browser', () => {
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

  it('creates, opens, decides in bulk, locks with an override and reads the partner’s reason', async () => {
    const translator = t.app.get(Translator);
    const tr = (key: string, params?: Record<string, unknown>) =>
      translator.t('zh', `portal.${key}`, params);
    const organizer = await t.createUser(admin, 'organizer', { preferredLanguage: 'zh' });
    const host = await t.createOrganization(admin, {
      type: 'partner',
      country: 'RU',
      // First in the host list (sorted by name) however many partners other suites made.
      nameZh: 'AAA 阿穆尔州青年事务委员会',
      nameRu: 'Комитет по делам молодёжи Амурской области',
      preferredLanguage: 'ru',
    });
    const partner = await t.createUser(admin, 'partner', {
      organizationId: host.id,
      preferredLanguage: 'ru',
    });
    const school = await t.createUser(admin, 'school_coordinator');

    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const problems = consoleProblems(page);
    const visit = visitor('portal-console');
    const visited = (name: string, target: Page = page) => visit(target, name);
    try {
      await page.goto(`${base}/zh/login`);
      await page.fill('#email', organizer.email);
      await page.fill('#password', organizer.password);
      await page.click('main button[type=submit]');
      await page.waitForURL('**/zh/console/');
      await visited('home');

      // A new delegation, both languages side by side; a missing field first.
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
      const delegationId = /delegations\/([0-9a-f-]{36})$/.exec(page.url())![1];
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

      // Schools apply: three students for two places, a teacher; one application rejected.
      const students = [
        await t.registered(school, chineseStudent({ familyName: '张', givenName: '伟' })),
        await t.registered(school, chineseStudent({ familyName: '刘', givenName: '洋' })),
        await t.registered(school, chineseStudent({ familyName: '陈', givenName: '静' })),
      ];
      const teacher = await t.registered(school, chaperone(), ['cross_border']);
      const applied: string[] = [];
      for (const person of [...students, teacher]) {
        applied.push(await t.applied(school, delegationId, person.id));
      }
      await t
        .as(admin, 'post', `/api/admin/applications/${applied[2]}/decision`)
        .send({ decision: 'reject', note: '名额有限' })
        .expect(200);

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
      const link = page.locator(`.reasons a[href="/zh/console/participants/${students[0].id}"]`);
      expect(await link.count()).toBeGreaterThanOrEqual(1);
      await visited('roster-not-ready');
      // Locking without a reason is refused with the reason to give.
      await page.click(`button:has-text("${tr('console.lock')}")`);
      await page.waitForLoadState();
      expect(await page.locator('.error-summary').innerText()).toContain(
        tr('console.needOverride'),
      );
      await page.fill('[name="override.reason"]', '监护人同意书原件已由学校当面核验');
      await page.click(`button:has-text("${tr('console.lock')}")`);
      await page.waitForURL('**/roster');
      expect(await page.locator('.flash').innerText()).toContain(
        tr('console.locked', { version: 1 }),
      );
      await visited('roster-v1');

      // The person the check named, with the passport behind a reason.
      await link.first().click();
      await page.waitForURL('**/console/participants/**');
      await visited('participant');
      await page.fill('#reason', '口岸核对');
      await page.click(`button:has-text("${tr('console.reveal')}")`);
      await page.waitForLoadState();
      expect(await page.locator('main').innerText()).toContain(students[0].passportNumber);

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

      // A notice in Chinese first: the preview, then publishing refused for the Russian.
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

      await page.click('nav a[href="/zh/console/translations"]');
      await page.waitForURL('**/translations');
      await visited('translations');
      await page.click('nav a[href="/zh/console/deliveries"]');
      await page.waitForURL('**/deliveries');
      await visited('deliveries');
      await page.goto(`${base}/zh/console/`);
      expect(await page.locator('main').innerText()).toContain(
        tr('console.count.rejectedByPartner'),
      );
      await visited('home-after');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
