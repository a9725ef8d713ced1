import { DataSource } from 'typeorm';
import { Translator } from '../../src/localization/translator';
import { PORTAL_CSP } from '../../src/portal/portal.plugin';

const translator = new Translator();
const errorsZh = (code: string) => translator.t('zh', `errors.${code}`);
const errorsRu = (code: string) => translator.t('ru', `errors.${code}`);
import { csv, apiRow, FIELDS } from '../support/import-files';
import { errorSummary, flashes, PortalAgent, refusalPage } from '../support/portal';
import { chineseStudent } from '../support/people';
import { refusal } from '../support/refusal';
import { Session, TestApp } from '../support/test-app';

/** Sessions and the safety of forms: login, logout, expiry, CSRF, Origin, headers. */
describe('portal sessions and forms', () => {
  let t: TestApp;
  let admin: Session;
  let school: Session & { email: string; password: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
  });
  afterAll(() => t.close());

  const sessionRow = (id: string) =>
    t.app
      .get(DataSource)
      .query<{ revokedAt: unknown; kind: string }[]>(
        'SELECT revokedAt, kind FROM auth_sessions WHERE id = ?',
        [id],
      );

  it('sends the anonymous to the login page and back, and lands a user on their home', async () => {
    const agent = new PortalAgent(t);
    const away = await agent.get('/zh/school/people?q=%E6%9D%8E').expect(303);
    expect(away.headers.location).toBe(
      `/zh/login?next=${encodeURIComponent('/zh/school/people?q=%E6%9D%8E')}`,
    );
    const login = await agent.get(away.headers.location).expect(200);
    expect(login.text).toContain('name="next" value="/zh/school/people?q&#x3D;%E6%9D%8E"');

    // A wrong password: the form again, 422, in Chinese, the e-mail kept.
    const wrong = await agent
      .post('/zh/login', {
        email: school.email,
        password: 'not-the-password',
        next: '/zh/school/people',
      })
      .expect(422);
    expect(wrong.text).toMatch(/<title>错误：/);
    expect(errorSummary(wrong.text)).toEqual([errorsZh('INVALID_CREDENTIALS')]);
    expect(wrong.text).toContain(`value="${school.email}"`);

    const signedIn = await agent
      .post('/zh/login', {
        email: school.email,
        password: school.password,
        next: '/zh/school/people',
      })
      .expect(303);
    expect(signedIn.headers.location).toBe('/zh/school/people');
    const cookie = signedIn.headers['set-cookie'] as unknown as string[];
    expect(cookie.join('\n')).toMatch(/^yb_session=[^;]+;.*HttpOnly/im);
    expect(cookie.join('\n')).toMatch(/SameSite=Lax/i);
    expect(cookie.join('\n')).not.toMatch(/Secure/i);
    await agent.get('/zh/school/people').expect(200);

    // A next that leaves the site is ignored: the role's home instead.
    for (const next of [
      '//evil.example/',
      'https://evil.example/',
      '/zh//evil.example',
      '/\\evil',
    ]) {
      const other = new PortalAgent(t);
      await other.get('/ru/login').expect(200);
      const response = await other
        .post('/ru/login', { email: school.email, password: school.password, next })
        .expect(303);
      expect([next, response.headers.location]).toEqual([next, '/zh/school/']);
    }
    // `/` takes a signed-in user to their home in their own language.
    const root = await agent.get('/').expect(302);
    expect(root.headers.location).toBe('/zh/school/');
  });

  it('writes the cookie only when the session changes, not on every page', async () => {
    const agent = await PortalAgent.signIn(t, school);
    // The first page gives the new session its CSRF secret: a new cookie.
    const first = await agent.get('/zh/school/').expect(200);
    expect(first.headers['set-cookie']).toBeDefined();
    for (const path of ['/zh/school/people', '/zh/school/', '/ru/account']) {
      const again = await agent.get(path).expect(200);
      expect([path, again.headers['set-cookie']]).toEqual([path, undefined]);
    }
  });

  it('logs out: the session row is revoked and the old cookie opens nothing', async () => {
    const agent = await PortalAgent.signIn(t, school);
    const home = await agent.get('/zh/school/').expect(200);
    const stolen = agent.cookieHeader;
    const out = await agent.post('/zh/logout').expect(303);
    expect(out.headers.location).toBe('/zh/login');
    const login = await agent.follow(out);
    expect(flashes(login.text)).toEqual([expect.stringContaining('退出')]);
    // The cookie as it was before logout, replayed by someone who copied it.
    const replay = await t.http().get('/zh/school/').set('cookie', stolen).expect(303);
    expect(replay.headers.location).toMatch(/^\/zh\/login/);
    const rows = await t.app
      .get(DataSource)
      .query<{ id: string }[]>(
        "SELECT id FROM auth_sessions WHERE kind = 'browser' AND revokedAt IS NOT NULL",
      );
    expect(rows.length).toBeGreaterThan(0);
    expect(home.text).toContain('action="/zh/logout"');
  });

  it('ends browser sessions when the user is disabled, gets a new password or a new role', async () => {
    const partnerOrg = await t.createOrganization(admin, { type: 'partner', country: 'RU' });
    for (const change of [
      { disabled: true },
      { password: 'a-new-long-password' },
      { role: 'partner', organizationId: partnerOrg.id },
    ]) {
      const user = await t.createUser(admin, 'school_coordinator');
      const agent = await PortalAgent.signIn(t, user);
      await agent.get('/zh/school/').expect(200);
      await t.as(admin, 'patch', `/api/admin/users/${user.userId}`).send(change).expect(200);
      const after = await agent.get('/zh/school/').expect(303);
      expect([change, after.headers.location]).toEqual([
        change,
        '/zh/login?next=%2Fzh%2Fschool%2F',
      ]);
    }
  });

  it('changes the password on the account page: other sessions end, this one goes on', async () => {
    const user = await t.createUser(admin, 'school_coordinator');
    const here = await PortalAgent.signIn(t, user);
    const elsewhere = await PortalAgent.signIn(t, user);
    await here.get('/zh/account').expect(200);
    const wrong = await here
      .post('/zh/account/password', { currentPassword: 'wrong-password-0', newPassword: 'x' })
      .expect(422);
    expect(errorSummary(wrong.text).length).toBeGreaterThanOrEqual(1);
    expect(wrong.text).toContain('aria-invalid="true"');
    const changed = await here
      .post('/zh/account/password', {
        currentPassword: user.password,
        newPassword: 'a-brand-new-password-1',
      })
      .expect(303);
    const page = await here.follow(changed);
    expect(page.status).toBe(200);
    expect(flashes(page.text)).toHaveLength(1);
    await elsewhere.get('/zh/school/').expect(303);
    // The API's tokens of the old password are gone too.
    await t.as(user, 'get', '/api/me').expect(refusal('UNAUTHORIZED'));
    await t.login(user.email, 'a-brand-new-password-1');
  });

  it('expires a session idle too long or past its lifetime', async () => {
    const db = t.app.get(DataSource);
    const ago = (ms: number) => new Date(Date.now() - ms);
    for (const [what, set] of [
      ['idle', { lastSeenAt: ago(61 * 60_000) }],
      ['lifetime', { createdAt: ago(12 * 3_600_000 + 1000), lastSeenAt: new Date() }],
    ] as const) {
      // A user of its own: the only browser session of that account is this one.
      const user = await t.createUser(admin, 'school_coordinator');
      const agent = await PortalAgent.signIn(t, user);
      await agent.get('/zh/school/').expect(200);
      const [row] = await db.query<{ id: string }[]>(
        "SELECT id FROM auth_sessions WHERE kind = 'browser' AND userId = ? AND revokedAt IS NULL ORDER BY createdAt DESC",
        [user.userId],
      );
      const columns = Object.keys(set);
      await db
        .createQueryBuilder()
        .update('auth_sessions')
        .set(set)
        .where('id = :id', { id: row.id })
        .execute();
      const after = await agent.get('/zh/school/').expect(303);
      expect([what, columns, after.headers.location]).toEqual([
        what,
        columns,
        '/zh/login?next=%2Fzh%2Fschool%2F',
      ]);
      const [ended] = await sessionRow(row.id);
      expect(ended.revokedAt).not.toBeNull();
    }
  });

  it('refuses a POST without the token, with another session’s token, or from another site', async () => {
    const agent = await PortalAgent.signIn(t, school);
    await agent.get('/zh/notifications').expect(200);
    const other = await PortalAgent.signIn(t, school);
    await other.get('/ru/notifications').expect(200);

    const missing = await agent.post('/zh/notifications/read-all', {}, { csrf: null }).expect(403);
    expect(missing.text).toContain(errorsZh('CSRF_TOKEN_INVALID'));
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    const foreign = await agent
      .post('/zh/notifications/read-all', {}, { csrf: other.csrf })
      .expect(403);
    expect(foreign.text).toContain(errorsZh('CSRF_TOKEN_INVALID'));
    const forged = await agent
      .post('/zh/notifications/read-all', {}, { csrf: `${agent.csrf.slice(0, -2)}xx` })
      .expect(403);
    expect(forged.text).toContain(errorsZh('CSRF_TOKEN_INVALID'));

    // Another site's page posting with the user's cookie: the answer is in the path's language.
    const crossRu = await agent
      .post('/ru/notifications/read-all', {}, { origin: 'https://evil.example' })
      .expect(403);
    expect(crossRu.text).toContain(errorsRu('CROSS_SITE_REQUEST'));
    expect(crossRu.text).toMatch(/<html lang="ru"/);
    const crossZh = await agent
      .post('/zh/notifications/read-all', {}, { origin: 'null' })
      .expect(403);
    expect(crossZh.text).toContain(errorsZh('CROSS_SITE_REQUEST'));
    // No Origin at all: only a browser's own same-origin word lets it through.
    await agent
      .post('/zh/notifications/read-all', {}, { origin: null })
      .expect(refusalPage('CROSS_SITE_REQUEST'));
    await agent
      .post('/zh/notifications/read-all', {}, { origin: null })
      .set('sec-fetch-site', 'cross-site')
      .expect(refusalPage('CROSS_SITE_REQUEST'));
    await agent
      .post('/zh/notifications/read-all', {}, { origin: null })
      .set('sec-fetch-site', 'same-origin')
      .expect(303);
    // Before signing in too: the login form is not a way around it.
    const anonymous = new PortalAgent(t);
    await anonymous.get('/zh/login').expect(200);
    await anonymous
      .post('/zh/login', { email: school.email, password: school.password }, { csrf: null })
      .expect(refusalPage('CSRF_TOKEN_INVALID'));
    await anonymous
      .post(
        '/zh/login',
        { email: school.email, password: school.password },
        { origin: 'https://evil.example' },
      )
      .expect(refusalPage('CROSS_SITE_REQUEST'));
  });

  it('sends every page no-store with the strict CSP, and the stylesheet as an immutable asset', async () => {
    const agent = await PortalAgent.signIn(t, school);
    for (const path of [
      '/zh/login',
      '/zh/school/',
      '/zh/school/people',
      '/ru/account',
      '/zh/school/people/00000000-0000-4000-8000-000000000000',
    ]) {
      // The login page as the signed-out see it; the others signed in.
      const response =
        path === '/zh/login' ? await new PortalAgent(t).get(path) : await agent.get(path);
      expect([path, response.headers['cache-control']]).toEqual([path, 'no-store']);
      expect([path, response.headers['content-security-policy']]).toEqual([path, PORTAL_CSP]);
      expect(response.headers['x-frame-options']).toBe('DENY');
      const sheet = /<link rel="stylesheet" href="([^"]+)"/.exec(response.text)?.[1];
      expect(sheet).toMatch(/^\/assets\/portal-[0-9a-f]+\.css$/);
      // No script of any kind, no web fonts, nothing loaded from or posted to another
      // origin (a notice may still link to another site).
      expect(response.text).not.toMatch(
        /<script|@font-face|\b(?:src|action)="(?:https?:)?\/\/|<link[^>]+href="(?:https?:)?\/\//i,
      );
    }
    expect(PORTAL_CSP).toContain("default-src 'none'");
    expect(PORTAL_CSP).not.toContain('script-src');
    const home = await agent.get('/zh/school/');
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.text)![1];
    const css = await t.http().get(href).expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toMatch(/immutable/);
    expect(css.text).not.toMatch(/@font-face|url\(\s*['"]?https?:/i);
    // Browsers that ask for /favicon.ico get the same icon.
    const favicon = await t.http().get('/favicon.ico').expect(301);
    expect(favicon.headers.location).toMatch(/^\/assets\/icon-[0-9a-f]+\.svg$/);
    await t
      .http()
      .get(favicon.headers.location)
      .expect(200)
      .expect('content-type', 'image/svg+xml');
  });

  it('keeps /api to JSON: a form body there is 415, and no cookie is read', async () => {
    await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(`email=${encodeURIComponent(school.email)}&password=${school.password}`)
      .expect(refusal('UNSUPPORTED_MEDIA_TYPE'));
    const agent = await PortalAgent.signIn(t, school);
    await t.http().get('/api/me').set('cookie', agent.cookieHeader).expect(refusal('UNAUTHORIZED'));
  });

  it('keeps the import’s checked file for its own session only, and saves nothing until confirmed', async () => {
    const agent = await PortalAgent.signIn(t, school);
    const other = await PortalAgent.signIn(t, school);
    await agent.get('/zh/school/import').expect(200);
    await other.get('/zh/school/import').expect(200);
    const before = await t.as(school, 'get', '/api/participants').expect(200);
    const file = csv([
      [...FIELDS],
      apiRow({ familyName: '赵', givenName: '一' }),
      apiRow({ familyName: '赵', givenName: '二' }),
    ]);
    const checked = await agent
      .upload('/zh/school/import', { name: 'people.csv', data: file })
      .expect(303);
    const ready = await agent.follow(checked);
    expect(flashes(ready.text)).toHaveLength(1);
    const draftId = /name="draftId" value="([^"]+)"/.exec(ready.text)![1];
    expect((await t.as(school, 'get', '/api/participants').expect(200)).body.total).toBe(
      before.body.total,
    );

    // The same user in another browser cannot use this session's file, even knowing its id.
    const elsewhere = await other.post('/zh/school/import/confirm', { draftId }).expect(422);
    expect(errorSummary(elsewhere.text)).toEqual([errorsZh('IMPORT_DRAFT_EXPIRED')]);
    expect(elsewhere.text).toContain(errorsZh('IMPORT_DRAFT_EXPIRED'));
    expect((await t.as(school, 'get', '/api/participants').expect(200)).body.total).toBe(
      before.body.total,
    );

    const imported = await agent.post('/zh/school/import/confirm', { draftId }).expect(303);
    expect(imported.headers.location).toBe('/zh/school/people');
    const people = await agent.follow(imported);
    expect(flashes(people.text)).toEqual([expect.stringContaining('2')]);
    expect((await t.as(school, 'get', '/api/participants').expect(200)).body.total).toBe(
      before.body.total + 2,
    );
    // Used once: a second confirm of the same file imports nothing.
    const again = await agent.post('/zh/school/import/confirm', { draftId }).expect(422);
    expect(errorSummary(again.text)).toEqual([errorsZh('IMPORT_DRAFT_EXPIRED')]);
    expect((await t.as(school, 'get', '/api/participants').expect(200)).body.total).toBe(
      before.body.total + 2,
    );
  });

  it('marks a person form’s errors for the fields, with the service’s refusals in the summary', async () => {
    const agent = await PortalAgent.signIn(t, school, 'ru');
    await agent.get('/ru/school/people/new').expect(200);
    const student = chineseStudent();
    const invalid = await agent
      .post('/ru/school/people/new', {
        kind: 'student',
        nationality: 'CN',
        familyName: '李',
        givenName: '',
        gender: 'female',
        birthDate: '2011-02-30',
        birthPlace: 'Хэйхэ',
        'guardian.name': '李建国',
        'guardian.phone': '+86 139 0000 0000',
        'guardian.relation': 'отец',
      })
      .expect(422);
    expect(invalid.text).toMatch(/<title>Ошибка: /);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(invalid.text)![0];
    expect(summary).toContain('href="#givenName"');
    expect(summary).toContain('href="#birthDate"');
    expect(invalid.text).toMatch(
      /id="givenName"[^>]*aria-describedby="[^"]*givenName-error[^"]*"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="givenName"/,
    );
    expect(invalid.text).toContain('id="givenName-error"');
    // What was typed is kept, in the summary's language.
    expect(invalid.text).toContain('value="Хэйхэ"');
    expect(invalid.text).not.toMatch(/[\u4e00-\u9fff]{2,}[^<]*<\/a>/); // the summary is not in Chinese

    const created = await agent
      .post('/ru/school/people/new', {
        kind: 'student',
        nationality: 'CN',
        familyName: '李',
        givenName: '雨轩',
        gender: 'female',
        birthDate: student.birthDate,
        birthPlace: 'Хэйхэ',
        passportNumber: student.passportNumber,
        passportExpiry: '2031-01-01',
        'guardian.name': '李建国',
        'guardian.phone': '+86 139 0000 0000',
        'guardian.relation': 'отец',
      })
      .expect(303);
    const id = /\/ru\/school\/people\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
    // The same passport again: the service's refusal, worded from the error texts, in the summary.
    const duplicate = await agent
      .post('/ru/school/people/new', {
        kind: 'student',
        nationality: 'CN',
        familyName: '王',
        givenName: '芳',
        gender: 'female',
        birthDate: student.birthDate,
        birthPlace: 'Хэйхэ',
        passportNumber: student.passportNumber,
        'guardian.name': '王',
        'guardian.phone': '+86 139 0000 0001',
        'guardian.relation': 'мать',
      })
      .expect(422);
    expect(errorSummary(duplicate.text).join(' ')).toContain(
      translator.t('ru', 'validation.DUPLICATE_PASSPORT'),
    );
    expect(duplicate.text).not.toContain(student.passportNumber);
    const person = await agent.get(`/ru/school/people/${id}`).expect(200);
    expect(person.text).not.toContain(student.passportNumber);
    expect(person.text).toContain(
      `${student.passportNumber.slice(0, 2)}*****${student.passportNumber.slice(-2)}`,
    );
  });
});

describe('portal sessions over HTTPS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ PUBLIC_URL: 'https://yb.example' });
  });
  afterAll(() => t.close());

  it('sets a __Host- cookie, Secure, for this host and path only', async () => {
    const admin = await t.loginAdmin();
    const user = await t.createUser(admin, 'school_coordinator');
    const agent = new PortalAgent(t, 'https://yb.example');
    const login = await agent.get('/ru/login').expect(200);
    const first = (login.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(first).toMatch(/^__Host-yb_session=/);
    const signedIn = await agent
      .post('/ru/login', { email: user.email, password: user.password })
      .expect(303);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(cookie).toMatch(/^__Host-yb_session=[^;]+;/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/(^|\n)yb_session=/);
    await agent.get('/zh/school/').expect(200);
    // The listening address is not this site's origin: its pages cannot post here.
    await agent
      .post('/zh/notifications/read-all', {}, { origin: 'http://yb.example' })
      .expect(refusalPage('CROSS_SITE_REQUEST'));
  });
});
