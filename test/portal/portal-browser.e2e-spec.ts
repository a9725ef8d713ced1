import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { IMPORT_COLUMNS, IMPORT_EXAMPLES } from '../../src/participants/import/import-format';
import { Translator } from '../../src/localization/translator';
import { expectNoAxeViolations } from '../support/axe';
import { launchChromium, listening, visitor } from '../support/browser';
import { uniquePassport } from '../support/people';
import { portalText } from '../support/portal';
import { openDelegation, Session, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844 };

type Lang = 'zh' | 'ru';

/**
 * A coordinator's whole task in real headless Chromium at phone width: a Chinese school
 * with JavaScript off, a Russian one with it on. Import with errors, fix, import; add a
 * chaperone through a form with a mistake; record consents; print a consent form; apply
 * three people through the confirmation page; see them on the applications page. Every
 * page visited is checked with axe-core (WCAG 2.1 A/AA) and photographed.
 *
 * One browser page per coordinator: each step starts where the one before left it.
 */
describe('the school portal in a browser', () => {
  let t: TestApp;
  let admin: Session;
  let browser: Browser;
  let base: string;
  let translator: Translator;

  beforeAll(async () => {
    t = await TestApp.start();
    base = await listening(t);
    translator = t.app.get(Translator);
    admin = await t.loginAdmin();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const [lang, javaScript] of [
    ['zh', false],
    ['ru', true],
  ] as const) {
    describe(`a ${lang === 'zh' ? 'Chinese' : 'Russian'} coordinator, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
      let tr: ReturnType<typeof portalText>;
      let user: Session & { email: string; password: string };
      let delegation: { id: string };
      let context: BrowserContext;
      /** axe runs in a page with script; a page without it is checked as a copy of its HTML. */
      let checker: BrowserContext | undefined;
      let page: Page;
      const problems: string[] = [];
      const watch = (message: ConsoleMessage) => {
        // A form shown again with its errors is a 422 document, which Chromium logs too.
        if (/responded with a status of 422/.test(message.text())) return;
        if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
          problems.push(message.text());
        }
      };
      const visit = visitor(`portal-${lang}`);
      /** A screenshot, axe (through a copy without script), and the page in `shownIn`. */
      const visited = async (
        name: string,
        media: 'screen' | 'print' = 'screen',
        shownIn: Lang = lang,
      ) => {
        await visit(page, name, (target, label) => checkAxe(target, checker, label, watch, media));
        expect(await page.getAttribute('html', 'lang')).toBe(shownIn === 'zh' ? 'zh-CN' : 'ru');
      };

      let people: (ImportPerson & { passport: string })[];
      let chaperoneUrl: string;

      beforeAll(async () => {
        tr = portalText(t, lang);
        user = await t.createUser(admin, 'school_coordinator', {
          preferredLanguage: lang,
          organizationId: (
            await t.createOrganization(admin, {
              country: lang === 'zh' ? 'CN' : 'RU',
              preferredLanguage: lang,
            })
          ).id,
        });
        delegation = await openDelegation(t, admin, {
          titleZh: '黑河学生赴布拉戈维申斯克冬令营',
          titleRu: 'Зимний лагерь школьников в Благовещенске',
        });
        context = await browser.newContext({
          locale: lang === 'zh' ? 'zh-CN' : 'ru-RU',
          viewport: PHONE,
          javaScriptEnabled: javaScript,
          acceptDownloads: true,
        });
        checker = javaScript ? undefined : await browser.newContext({ viewport: PHONE });
        page = await context.newPage();
        page.on('console', watch);
        page.on('pageerror', (error) => problems.push(String(error)));
      });
      afterAll(async () => {
        await context?.close();
        await checker?.close();
      });

      it('signs in and comes back to the address asked for', async () => {
        await page.goto(`${base}/${lang}/school/`);
        expect(new URL(page.url()).pathname).toBe(`/${lang}/login`);
        await visited('login');
        await page.fill('#email', user.email);
        await page.fill('#password', user.password);
        await page.click('main button[type=submit]');
        await page.waitForURL(`**/${lang}/school/`);
        expect(await page.locator('h1').innerText()).toBe(tr('home.title'));
        // Open delegations (ours among them unless other suites' fill the ten shown).
        const home = await page.locator('main').innerText();
        expect(home).toContain(tr('home.open'));
        expect(home).toContain(tr('delegations.apply'));
        await visited('home');
      });

      it('imports the template of the page’s language: errors by row and column, then the fixed file', async () => {
        // The template of the page's language, filled in with two bad rows.
        await page.click(`nav a[href="/${lang}/school/import"]`);
        await page.waitForURL(`**/${lang}/school/import`);
        await visited('import');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`a[href="/${lang}/school/import/template"]`),
        ]);
        const template = readFileSync(await download.path());
        people = importPeople(lang);
        const badFile = await filledTemplate(template, lang, people, { broken: true });
        await page.setInputFiles('#file', { name: 'people.xlsx', mimeType: XLSX, buffer: badFile });
        await page.click('form[enctype] button[type=submit]');
        await page.waitForLoadState();
        expect(await page.title()).toMatch(lang === 'zh' ? /^错误：/ : /^Ошибка: /);
        const summary = page.locator('.error-summary');
        expect(await page.locator('.error-summary:focus').count()).toBe(1);
        expect(await summary.innerText()).toContain(
          tr('import.rowsFailed', { errors: 2, rows: 2 }),
        );
        const table = await page.locator('table').innerText();
        // Row numbers as the spreadsheet shows them (header is row 1), columns by their headers.
        const birth = IMPORT_COLUMNS.find((c) => c.field === 'birthDate')![lang];
        const gender = IMPORT_COLUMNS.find((c) => c.field === 'gender')![lang];
        expect(table).toMatch(new RegExp(`3\\s+${escape(birth)}`));
        expect(table).toMatch(new RegExp(`5\\s+${escape(gender)}`));
        if (lang === 'zh') expect(table).toMatch(/日期|性别/);
        else expect(table).toMatch(/дат|пол/i);
        await visited('import-errors');

        const goodFile = await filledTemplate(template, lang, people, { broken: false });
        await page.setInputFiles('#file', {
          name: 'people.xlsx',
          mimeType: XLSX,
          buffer: goodFile,
        });
        await page.click('form[enctype] button[type=submit]');
        await page.waitForURL(`**/${lang}/school/import`);
        expect(await page.locator('.flash').innerText()).toContain(
          tr('import.checked', { count: 4 }),
        );
        await visited('import-ready');
        await page.click(`button:has-text("${tr('import.confirm', { count: 4 })}")`);
        await page.waitForURL(`**/${lang}/school/people`);
        expect(await page.locator('.flash').innerText()).toContain(
          tr('import.imported', { count: 4 }),
        );
        const list = await page.locator('main').innerText();
        for (const person of people) expect(list).toContain(person.familyName);
        await visited('people');
      });

      it('adds a chaperone through the form: the mistake marked, linked from the summary, fixed', async () => {
        // First without a given name.
        await page.goto(`${base}/${lang}/school/people/new`);
        await page.check('input[name="kind"][value="chaperone"]');
        await page.check(`input[name="nationality"][value="${lang === 'zh' ? 'CN' : 'RU'}"]`);
        await page.fill('#familyName', lang === 'zh' ? '王' : 'Иванова');
        await page.check('input[name="gender"][value="female"]');
        await page.fill('#birthDate', '1985-04-12');
        await page.fill('#birthPlace', lang === 'zh' ? '黑河' : 'Благовещенск');
        await page.fill('#passportNumber', lang === 'zh' ? uniquePassport() : uniquePassport('7'));
        await page.fill('#passportExpiry', '2034-01-01');
        await page.click('form.form button[type=submit]');
        await page.waitForLoadState();
        expect(await page.title()).toMatch(lang === 'zh' ? /^错误：/ : /^Ошибка: /);
        expect(await page.locator('.error-summary:focus').count()).toBe(1);
        const link = page.locator('.error-summary a[href="#givenName"]');
        expect(await link.count()).toBe(1);
        expect(await page.getAttribute('#givenName', 'aria-invalid')).toBe('true');
        const describedBy = (await page.getAttribute('#givenName', 'aria-describedby')) ?? '';
        const messageId = describedBy.split(' ').find((id) => id.endsWith('-error'))!;
        // The field's message (after its hidden "Error:") is what the summary links with.
        const message = (await page.locator(`#${messageId}`).innerText()).split('\n').pop()!;
        expect(message.length).toBeGreaterThan(2);
        expect(await link.innerText()).toContain(message);
        // What was typed is still there.
        expect(await page.inputValue('#familyName')).toBe(lang === 'zh' ? '王' : 'Иванова');
        await visited('person-errors');
        await link.click();
        await page.fill('#givenName', lang === 'zh' ? '芳' : 'Мария');
        await page.click('form.form button[type=submit]');
        await page.waitForURL(/\/school\/people\/[0-9a-f-]{36}$/);
        expect(await page.locator('.flash').innerText()).toContain(tr('person.created'));
        expect(await page.locator('main').innerText()).toContain(
          lang === 'zh' ? 'WANG FANG' : 'IVANOVA MARIIA',
        );
        await visited('chaperone');
        chaperoneUrl = page.url();
        await recordConsent(page, 'cross_border', tr);
      });

      it('records consents for two students and prints one’s consent form with the texts in force', async () => {
        const [first, second] = people;
        for (const person of [first, second]) {
          await page.goto(
            `${base}/${lang}/school/people?q=${encodeURIComponent(person.givenName)}`,
          );
          await page.click(`main table a:has-text("${person.familyName}")`);
          await page.waitForURL(/\/school\/people\/[0-9a-f-]{36}$/);
          await recordConsent(page, 'guardian', tr);
          await recordConsent(page, 'cross_border', tr);
        }
        await visited('person-consents');
        await page.click(`a[href$="/consent-form"]`);
        await page.waitForURL(/\/consent-form$/);
        const sheet = await page.locator('.consent-sheet').innerText();
        // The texts in force, as records: each one's heading and paragraphs, and its version.
        const family = second.nationality === 'CN' ? 'zh' : 'ru';
        const texts = (await t.as(admin, 'get', '/api/consent-texts').expect(200)).body as {
          kind: string;
          version: string;
          current: boolean;
          zh: string;
          ru: string;
        }[];
        for (const text of texts.filter((x) => x.current)) {
          for (const paragraph of text[family].split(/\n\s*\n/)) {
            expect(sheet).toContain(paragraph.trim());
          }
          expect(sheet).toContain(text.version);
        }
        expect(sheet).toContain(second.familyName);
        expect(sheet).toContain(translator.t(family, 'consent.intro'));
        await page.emulateMedia({ media: 'print' });
        await visited('consent-form-print', 'print');
        await page.emulateMedia({ media: 'screen' });
      });

      it('applies three people through the confirmation page, the one without consents not offered', async () => {
        const third = people[2];
        await page.goto(chaperoneUrl);
        // The chaperone and two students with consents.
        await page.click(`nav a[href="/${lang}/school/delegations"]`);
        await page.waitForURL(`**/${lang}/school/delegations`);
        await visited('delegations');
        // Other suites' delegations may fill the list's first page on a shared database.
        const listed = page.locator(`main a[href="/${lang}/school/delegations/${delegation.id}"]`);
        if (await listed.count()) await listed.click();
        else await page.goto(`${base}/${lang}/school/delegations/${delegation.id}`);
        await page.waitForURL(`**/${lang}/school/delegations/${delegation.id}`);
        await visited('delegation');
        await page.click(`a[href="/${lang}/school/delegations/${delegation.id}/apply"]`);
        await page.waitForURL(`**/apply`);
        const offered = page.locator('input[name="participantId"]');
        expect(await offered.count()).toBe(3);
        expect(await page.locator('.reasons').innerText()).toContain(third.familyName);
        await visited('apply');
        for (let i = 0; i < 3; i += 1) await offered.nth(i).check();
        await page.fill('#motivation', lang === 'zh' ? '希望参加交流' : 'Хотим участвовать');
        await page.click('form.form button[type=submit]');
        await page.waitForLoadState();
        expect(await page.locator('[role=status]').innerText()).toBe(
          tr('apply.canApply', { count: 3, selected: 3 }),
        );
        await visited('apply-confirm');
        await page.click(`button:has-text("${tr('apply.submit', { count: 3 })}")`);
        await page.waitForURL(`**/applied`);
        expect(await page.locator('[role=status]').innerText()).toBe(
          tr('apply.resultSummary', { submitted: 3, refused: 0 }),
        );
        await visited('applied');
        await page.click(`a[href="/${lang}/school/applications"]`);
        await page.waitForURL(`**/${lang}/school/applications`);
        const applications = await page.locator('main').innerText();
        expect(
          applications.split(tr('applicationStatus.submitted')).length - 1,
        ).toBeGreaterThanOrEqual(3);
        await visited('applications');
      });

      it('keeps the page when the language is switched', async () => {
        await page.click('a.switch');
        await page.waitForURL(`**/${lang === 'zh' ? 'ru' : 'zh'}/school/applications`);
        await visited('applications-switched', 'screen', lang === 'zh' ? 'ru' : 'zh');
      });

      it('logged no console error and no CSP refusal on any of those pages', () => {
        expect(problems).toEqual([]);
      });
    });
  }
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface ImportPerson {
  familyName: string;
  givenName: string;
  nationality: 'CN' | 'RU';
}

/** Four students of the school's country, each with a passport no other test uses. */
function importPeople(lang: Lang): (ImportPerson & { passport: string })[] {
  const names =
    lang === 'zh'
      ? [
          ['张', '伟'],
          ['刘', '洋'],
          ['陈', '静'],
          ['杨', '帆'],
        ]
      : [
          ['Смирнов', 'Артём'],
          ['Кузнецова', 'Дарья'],
          ['Попов', 'Кирилл'],
          ['Соколова', 'Алиса'],
        ];
  return names.map(([familyName, givenName]) => ({
    familyName,
    givenName,
    nationality: lang === 'zh' ? 'CN' : 'RU',
    passport: lang === 'zh' ? uniquePassport() : uniquePassport('7'),
  }));
}

/**
 * The downloaded template, its example row replaced by these people, as a teacher fills it
 * in; `broken` puts a date that is no date in row 3 and a gender no one has in row 5.
 */
async function filledTemplate(
  template: Buffer,
  lang: Lang,
  people: (ImportPerson & { passport: string })[],
  { broken }: { broken: boolean },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const example = IMPORT_EXAMPLES[lang];
  sheet.spliceRows(2, 1);
  people.forEach((person, index) => {
    const values: Record<string, string> = {
      ...example,
      familyName: person.familyName,
      givenName: person.givenName,
      passportNumber: person.passport,
      latinFamily: '',
      latinGiven: '',
    };
    if (broken && index === 1) values.birthDate = lang === 'zh' ? '2011年13月40日' : '40.13.2011';
    if (broken && index === 3) values.gender = '?';
    sheet.getRow(index + 2).values = IMPORT_COLUMNS.map((column) => values[column.field] ?? '');
  });
  const file = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(join(tmpdir(), `portal-import-${lang}-${broken ? 'bad' : 'good'}.xlsx`), file);
  return file;
}

/** Records a consent on the person page it is on, with what the form fills in already. */
async function recordConsent(
  page: Page,
  kind: 'guardian' | 'cross_border',
  tr: (key: string) => string,
): Promise<void> {
  await page.check(`input[name="kind"][value="${kind}"]`);
  if (!(await page.inputValue('#givenBy'))) await page.fill('#givenBy', 'Ван Фан');
  if (!(await page.inputValue('#relation'))) await page.fill('#relation', 'self');
  await page.click(`form[action$="/consents"] button[type=submit]`);
  await page.waitForURL(/\/school\/people\/[0-9a-f-]{36}$/);
  expect(await page.locator('.flash').innerText()).toContain(tr('consent.recorded'));
}

/**
 * axe on the page as it is. Without script on the page, axe cannot run there: the same
 * HTML is served again, under the same address (so its stylesheet loads), in a context
 * with script, and checked there.
 */
async function checkAxe(
  page: Page,
  checker: BrowserContext | undefined,
  label: string,
  watch: (message: ConsoleMessage) => void,
  media: 'screen' | 'print',
): Promise<void> {
  if (!checker) return expectNoAxeViolations(page, label);
  const html = await page.content();
  const copy = await checker.newPage();
  copy.on('console', watch);
  const url = page.url().split('#')[0];
  await copy.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await copy.emulateMedia({ media });
  await copy.goto(url);
  try {
    await expectNoAxeViolations(copy, label);
  } finally {
    await copy.close();
  }
}
