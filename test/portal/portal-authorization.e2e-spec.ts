import { PortalRoutes } from '../../src/portal/portal-routes';
import { eventually } from '../support/isolated-database';
import { bilingualNotice, openDelegation, Session, TestApp } from '../support/test-app';
import { publishNotice } from '../support/notices';
import { chineseStudent } from '../support/people';
import { PortalAgent } from '../support/portal';

type Who = 'anonymous' | 'schoolA' | 'schoolB' | 'partner' | 'partnerB' | 'organizer';
/** `ok`: the page or its redirect (200, 303, or the form again with 422); `login`: 303 there. */
type Outcome = 'ok' | 'login' | 'home' | 403 | 404;
type Expectation = Record<Who, Outcome>;

const school = (schoolB: Outcome = 'ok'): Expectation => ({
  anonymous: 'login',
  schoolA: 'ok',
  schoolB,
  partner: 403,
  partnerB: 403,
  organizer: 403,
});
/** A route about a record of school A: school B gets the 404 page, as for no record. */
const schoolOwned = school(404);
const signedIn = (others: Outcome = 'ok'): Expectation => ({
  anonymous: 'login',
  schoolA: 'ok',
  schoolB: others,
  partner: others,
  partnerB: others,
  organizer: others,
});
const everyone = (outcome: Outcome): Expectation => ({
  anonymous: outcome,
  schoolA: outcome,
  schoolB: outcome,
  partner: outcome,
  partnerB: outcome,
  organizer: outcome,
});
const only = (who: 'partner' | 'organizer'): Expectation => ({
  anonymous: 'login',
  schoolA: 403,
  schoolB: 403,
  partner: who === 'partner' ? 'ok' : 403,
  partnerB: who === 'partner' ? 'ok' : 403,
  organizer: who === 'organizer' ? 'ok' : 403,
});
/** A partner route about the host's delegation or its own webhook: the other partner gets 404. */
const partnerOwned: Expectation = { ...only('partner'), partnerB: 404 };

/**
 * Every portal route, as each kind of caller gets it. A route added without a line here
 * fails the first test, so no page can skip the question of who may see it.
 */
const EXPECTED: Record<string, Expectation> = {
  'GET /login': { ...everyone('home'), anonymous: 'ok' },
  'POST /login': everyone('ok'),
  'GET /account': signedIn(),
  'POST /account': signedIn(),
  'POST /account/password': signedIn(),
  'GET /notifications': signedIn(),
  'POST /notifications/read-all': signedIn(),
  // School A's message: nobody else's to mark.
  'POST /notifications/:id/read': signedIn(404),
  'GET /school/': school(),
  'GET /school/people': school(),
  'GET /school/people/new': school(),
  'POST /school/people/new': school(),
  'GET /school/people/:id': schoolOwned,
  'GET /school/people/:id/edit': schoolOwned,
  'POST /school/people/:id/edit': schoolOwned,
  'POST /school/people/:id/cyrillic': schoolOwned,
  'POST /school/people/:id/consents': schoolOwned,
  'POST /school/people/:id/consents/:consentId/withdraw': schoolOwned,
  'GET /school/people/:id/consent-form': schoolOwned,
  'GET /school/people/:id/data': schoolOwned,
  'GET /school/people/:id/erase': schoolOwned,
  'POST /school/people/:id/erase': schoolOwned,
  'GET /school/import': school(),
  'GET /school/import/template': school(),
  'POST /school/import': school(),
  'POST /school/import/confirm': school(),
  'POST /school/import/cancel': school(),
  // Delegations are open to every school: each sees its own people on them.
  'GET /school/delegations': school(),
  'GET /school/delegations/:id': school(),
  'GET /school/delegations/:id/apply': school(),
  'POST /school/delegations/:id/apply': school(),
  'POST /school/delegations/:id/apply/confirm': school(),
  'GET /school/delegations/:id/applied': school(),
  'GET /school/applications': school(),
  'GET /school/applications/:id/withdraw': schoolOwned,
  'POST /school/applications/:id/withdraw': schoolOwned,
  'GET /partner/': only('partner'),
  'GET /partner/notices': only('partner'),
  'GET /partner/delegations/:id/roster': partnerOwned,
  'POST /partner/delegations/:id/roster/approve': partnerOwned,
  'POST /partner/delegations/:id/roster/reject': partnerOwned,
  'GET /partner/delegations/:id/roster/export': partnerOwned,
  'GET /partner/webhooks': only('partner'),
  'POST /partner/webhooks': only('partner'),
  'POST /partner/webhooks/:id/enable': partnerOwned,
  'POST /partner/webhooks/:id/delete': partnerOwned,
  'GET /console/': only('organizer'),
  'GET /console/delegations': only('organizer'),
  'GET /console/delegations/new': only('organizer'),
  'POST /console/delegations/new': only('organizer'),
  'GET /console/delegations/:id/edit': only('organizer'),
  'POST /console/delegations/:id/edit': only('organizer'),
  'GET /console/delegations/:id': only('organizer'),
  'POST /console/delegations/:id/transitions': only('organizer'),
  'GET /console/delegations/:id/applications': only('organizer'),
  'POST /console/delegations/:id/applications/confirm': only('organizer'),
  'POST /console/delegations/:id/applications/decide': only('organizer'),
  'GET /console/delegations/:id/applications/decided': only('organizer'),
  'GET /console/delegations/:id/roster': only('organizer'),
  'POST /console/delegations/:id/roster/lock': only('organizer'),
  'GET /console/delegations/:id/roster/export': only('organizer'),
  'GET /console/participants/:id': only('organizer'),
  'POST /console/participants/:id/reveal': only('organizer'),
  'GET /console/participants/:id/data': only('organizer'),
  'GET /console/participants/:id/erase': only('organizer'),
  // Refused (the person has an application in the running): the page again, with why.
  'POST /console/participants/:id/erase': only('organizer'),
  'GET /console/retention': only('organizer'),
  'POST /console/retention/run': only('organizer'),
  'POST /console/retention/holds': only('organizer'),
  // A hold that does not exist: organizers get the 404 page, everyone else 403.
  'POST /console/retention/holds/:id/release': { ...only('organizer'), organizer: 404 },
  'GET /console/statistics': only('organizer'),
  'GET /console/statistics/workbook': only('organizer'),
  'GET /console/statistics/charts/:chart': { ...only('organizer'), organizer: 404 },
  'GET /console/consent-texts': only('organizer'),
  'POST /console/consent-texts': only('organizer'),
  'GET /console/translations': only('organizer'),
  'GET /console/deliveries': only('organizer'),
  'GET /console/notices': only('organizer'),
  'GET /console/notices/new': only('organizer'),
  'POST /console/notices/new': only('organizer'),
  'GET /console/notices/:id': only('organizer'),
  'POST /console/notices/:id': only('organizer'),
  'POST /console/notices/:id/publish': only('organizer'),
  'POST /console/notices/:id/archive': only('organizer'),
  'GET /console/organizations': only('organizer'),
  'POST /console/organizations': only('organizer'),
  'GET /console/organizations/:id': only('organizer'),
  'POST /console/organizations/:id/users': only('organizer'),
  'POST /console/users/:id': only('organizer'),
  'GET /console/regimes': only('organizer'),
  'POST /console/regimes': only('organizer'),
  'GET /console/audit': only('organizer'),
  // A delivery that does not exist: organizers get the 404 page, everyone else 403.
  'POST /console/deliveries/:id/retry': { ...only('organizer'), organizer: 404 },
  // Addresses no page answers, under each section: the 404 page for everyone signed in.
  'GET /school/*': signedIn(404),
  'GET /partner/*': signedIn(404),
  'GET /console/*': signedIn(404),
  // Last: it ends the session it is sent with, and goes to the login page.
  'POST /logout': everyone('login'),
};
const ONCE = new Set(['POST /logout', 'POST /partner/webhooks/:id/delete']);
for (const key of Object.keys(EXPECTED)) {
  if (key.includes('/*')) EXPECTED[key] = { ...EXPECTED[key], schoolA: 404 };
}

describe('portal authorization matrix', () => {
  let t: TestApp;
  let admin: Session;
  const ids: Record<string, string> = {};
  const agents = {} as Record<Exclude<Who, 'anonymous'>, PortalAgent>;

  beforeAll(async () => {
    t = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    admin = await t.loginAdmin();
    const a = await t.createUser(admin, 'school_coordinator');
    const b = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' });
    const organizer = await t.createUser(admin, 'organizer');
    const delegation = await openDelegation(t, admin);
    // The host's partner, and a partner of another organization.
    const partner = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    const partnerB = await t.createUser(admin, 'partner', { preferredLanguage: 'ru' });
    ids.host = delegation.hostId;
    ids.user = partnerB.userId;
    const person = await t.registered(a, chineseStudent());
    ids.person = person.id;
    ids.consent = person.consents.guardian;
    ids.delegation = delegation.id;
    ids.application = await t.applied(a, delegation.id, person.id);
    // A second person approved and locked on the roster, so the partner's pages have one.
    const onRoster = await t.registered(a, chineseStudent());
    const approved = await t.applied(a, delegation.id, onRoster.id);
    await t
      .as(admin, 'post', `/api/admin/applications/${approved}/decision`)
      .send({ decision: 'approve' })
      .expect(200);
    await t
      .as(admin, 'post', `/api/admin/delegations/${delegation.id}/transitions`)
      .send({ to: 'closed' })
      .expect(200);
    await t
      .as(admin, 'post', `/api/admin/delegations/${delegation.id}/roster/lock`)
      .send({ override: { reason: 'test: one student, no chaperone' } })
      .expect(201);
    const hook = await t
      .as(partner, 'post', '/api/webhooks')
      .send({ url: 'http://127.0.0.1:9/hook', events: ['roster.locked'] })
      .expect(201);
    ids.webhook = hook.body.id as string;
    ids.notice = (await publishNotice(t, admin, bilingualNotice('schools'))).id;
    ids.notification = await eventually('school A’s message', async () => {
      const inbox = await t.as(a, 'get', '/api/notifications').expect(200);
      return (inbox.body.items as { id: string }[])[0]?.id;
    });
    agents.schoolA = await PortalAgent.signIn(t, a);
    agents.schoolB = await PortalAgent.signIn(t, b, 'ru');
    agents.partner = await PortalAgent.signIn(t, partner, 'ru');
    agents.partnerB = await PortalAgent.signIn(t, partnerB, 'ru');
    agents.organizer = await PortalAgent.signIn(t, organizer);
  });
  afterAll(() => t.close());

  const idFor = (path: string) => {
    if (path.startsWith('/school/people')) return ids.person;
    if (path.startsWith('/school/delegations') || path.startsWith('/partner/delegations')) {
      return ids.delegation;
    }
    if (path.startsWith('/school/applications')) return ids.application;
    if (path.startsWith('/partner/webhooks')) return ids.webhook;
    if (path.startsWith('/console/delegations')) return ids.delegation;
    if (path.startsWith('/console/participants')) return ids.person;
    if (path.startsWith('/console/notices')) return ids.notice;
    if (path.startsWith('/console/organizations')) return ids.host;
    if (path.startsWith('/console/users')) return ids.user;
    if (path.startsWith('/console/deliveries')) return '00000000-0000-4000-8000-000000000000';
    return ids.notification;
  };
  const urlOf = (path: string) =>
    path
      .replace(':consentId', ids.consent)
      .replace(':id', idFor(path))
      .replace('*', 'no-such-page');

  it('has an expectation for every portal route, and every caller gets it', async () => {
    const registered = t.app
      .get(PortalRoutes)
      .list()
      .map((route) => `${route.method} ${route.path}`);
    expect(registered.filter((route) => !EXPECTED[route])).toEqual([]);
    expect(Object.keys(EXPECTED).filter((route) => !registered.includes(route))).toEqual([]);

    const mismatches: string[] = [];
    // School A last: its own posts may withdraw what the others were refused.
    const order: Who[] = ['anonymous', 'schoolB', 'partnerB', 'organizer', 'schoolA', 'partner'];
    for (const who of order) {
      for (const [route, expected] of Object.entries(EXPECTED)) {
        const [method, path] = route.split(' ');
        for (const lang of ['zh', 'ru'] as const) {
          // What cannot happen twice (a logout, a removal) is tried once, in Russian.
          if (ONCE.has(route) && lang === 'zh') continue;
          const url = `/${lang}${urlOf(path)}`;
          const agent = who === 'anonymous' ? new PortalAgent(t) : agents[who];
          if (who === 'anonymous' && method === 'POST') await agent.get(`/${lang}/login`);
          else if (method === 'POST') await agent.get(`/${lang}/account`);
          const response = method === 'GET' ? await agent.get(url) : await agent.post(url, {});
          const got = outcomeOf(response.status, String(response.headers.location ?? ''), lang);
          const want = expected[who];
          if (got !== want)
            mismatches.push(
              `${who} ${method} ${url}: ${got} (${response.status}), expected ${want}`,
            );
          // The refusal pages speak the path's language and name nothing of the record.
          if (got === 404 || got === 403) {
            expect(response.text).toContain(`<html lang="${lang === 'zh' ? 'zh-CN' : 'ru'}"`);
            expect(response.text).not.toMatch(/雨轩|李建国/);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets school B apply with school A’s person no more than with an id that names nobody', async () => {
    const other = await PortalAgent.signIn(
      t,
      await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' }),
      'ru',
    );
    const seen: string[][] = [];
    for (const participantId of [ids.person, '00000000-0000-4000-8000-000000000000']) {
      const pages: string[] = [];
      for (const step of ['apply', 'apply/confirm']) {
        await other.get(`/ru/school/delegations/${ids.delegation}/apply`).expect(200);
        const response = await other.post(`/ru/school/delegations/${ids.delegation}/${step}`, {
          participantId,
        });
        const next = response.status === 303 ? await other.follow(response) : response;
        pages.push(
          `${response.status} ${next.status} ` +
            next.text
              .replaceAll(participantId, 'ID')
              .replace(/name="_csrf" value="[^"]+"/g, 'TOKEN'),
        );
      }
      seen.push(pages);
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0].join('')).not.toContain('雨轩');
    const list = await t
      .as(admin, 'get', `/api/applications?delegationId=${ids.delegation}`)
      .expect(200);
    expect(list.body.total).toBe(2);
  });
});

function outcomeOf(status: number, location: string, lang: string): string | number {
  if (status === 303 && location.startsWith(`/${lang}/login?next=`)) return 'login';
  if (status === 303 && location === `/${lang}/login`) return 'login';
  if (status === 303 && /^\/(zh|ru)\/(school|partner|console)\/$/.test(location)) return 'home';
  if (status === 200 || status === 303 || status === 422) return 'ok';
  if (status === 403 || status === 404) return status;
  return `status ${status}`;
}
