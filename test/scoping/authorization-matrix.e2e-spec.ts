import { eventually } from '../support/isolated-database';
import { consentBody, chaperone, chineseStudent } from '../support/people';
import { bilingualNotice, openDelegation, Session, TestApp } from '../support/test-app';

const ACTORS = [
  'anonymous',
  'organizer',
  'coordinatorA',
  'coordinatorB',
  'hostPartner',
  'otherPartner',
] as const;
type Actor = (typeof ACTORS)[number];
type Method = 'get' | 'post' | 'patch' | 'delete';

/**
 * What an actor gets: an exact status, or `passes` (through authentication, role and
 * scope: neither 401, 403 nor 404, and never a 5xx) for calls whose outcome depends on
 * state or on the body. Every mutation by an actor who passes is sent a body that fails
 * validation, so the matrix writes nothing.
 */
type Outcome = number | 'passes';

interface RouteSpec {
  params?: Record<string, string>;
  /** A valid body, sent to actors who must be refused (their refusal comes first). */
  body?: object;
  query?: string;
  expect: Record<Exclude<Actor, 'anonymous'>, Outcome> & { anonymous?: Outcome };
}

/** Everyone but organizers: 403. */
const organizersOnly = (organizer: Outcome = 'passes') => ({
  organizer,
  coordinatorA: 403,
  coordinatorB: 403,
  hostPartner: 403,
  otherPartner: 403,
});
/** School A's own data: its coordinator and organizers pass, school B gets 404, partners 403. */
const schoolA = (organizer: Outcome = 'passes', coordinatorA: Outcome = 'passes') => ({
  organizer,
  coordinatorA,
  coordinatorB: 404,
  hostPartner: 403,
  otherPartner: 403,
});
/** Only school coordinators (their own school). */
const coordinatorsOnly = (coordinatorB: Outcome = 404) => ({
  organizer: 403,
  coordinatorA: 'passes' as Outcome,
  coordinatorB,
  hostPartner: 403,
  otherPartner: 403,
});
const everyone = (outcome: Outcome = 'passes') => ({
  organizer: outcome,
  coordinatorA: outcome,
  coordinatorB: outcome,
  hostPartner: outcome,
  otherPartner: outcome,
});
/** The host partner of the delegation; another partner 404; everyone else 403. */
const hostPartnerOnly = () => ({
  organizer: 403,
  coordinatorA: 403,
  coordinatorB: 403,
  hostPartner: 'passes' as Outcome,
  otherPartner: 404,
});

/**
 * Every route of the API description × six callers, on objects of school A in a delegation
 * hosted by one partner: the expected answer of each. A route without an entry fails.
 */
describe('authorization matrix', () => {
  let t: TestApp;
  const sessions: Partial<Record<Actor, Session>> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.loginAdmin();
    sessions.organizer = admin;
    sessions.coordinatorA = await t.createUser(admin, 'school_coordinator');
    sessions.coordinatorB = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin);
    sessions.hostPartner = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    sessions.otherPartner = await t.createUser(admin, 'partner');
    const a = sessions.coordinatorA;
    const as = (s: Session, method: Method, url: string) =>
      t.http()[method](url).auth(s.accessToken, { type: 'bearer' });

    const people = [];
    for (const body of [chaperone(), chineseStudent()]) {
      const created = await as(a, 'post', '/api/participants').send(body).expect(201);
      const consent = await as(a, 'post', `/api/participants/${created.body.id}/consents`)
        .send(consentBody())
        .expect(201);
      const application = await as(a, 'post', '/api/applications')
        .send({ delegationId: delegation.id, participantId: created.body.id })
        .expect(201);
      people.push({
        id: created.body.id,
        consent: consent.body.id,
        application: application.body.id,
      });
    }
    await as(admin, 'post', `/api/admin/applications/${people[0].application}/decision`)
      .send({ decision: 'approve' })
      .expect(200);
    await as(admin, 'post', `/api/admin/delegations/${delegation.id}/transitions`)
      .send({ to: 'closed' })
      .expect(200);
    await as(admin, 'post', `/api/admin/delegations/${delegation.id}/roster/lock`)
      .send({ override: { reason: 'matrix test: a group of one' } })
      .expect(201);
    const notice = await as(admin, 'post', '/api/admin/notices')
      .send(bilingualNotice('schools'))
      .expect(201);
    await as(admin, 'post', `/api/admin/notices/${notice.body.id}/publish`).expect(200);
    const message = await eventually('school A’s message', async () => {
      const inbox = await as(a, 'get', '/api/notifications').expect(200);
      return (inbox.body.items as { id: string }[])[0];
    });
    const deliveries = await as(admin, 'get', '/api/admin/notifications').expect(200);
    const webhook = await as(sessions.hostPartner, 'post', '/api/webhooks')
      .send({ url: 'https://93.184.215.14/hooks', events: ['roster.locked'] })
      .expect(201);
    // Its own endpoint: the row for DELETE removes the first before enable is tried.
    const enabledWebhook = await as(sessions.hostPartner, 'post', '/api/webhooks')
      .send({ url: 'https://93.184.215.14/hooks/2', events: ['roster.locked'] })
      .expect(201);
    Object.assign(ids, {
      participant: people[0].id,
      consent: people[0].consent,
      application: people[1].application,
      delegation: delegation.id,
      notice: notice.body.id,
      notification: message.id,
      delivery: (deliveries.body.items as { id: string }[])[0].id,
      webhook: webhook.body.id,
      enabledWebhook: enabledWebhook.body.id,
      organization: a.organizationId,
      user: a.userId,
      regime: '00000000-0000-4000-8000-000000000001',
      version: '1',
      chart: 'travellersByAge',
    });
  });
  afterAll(() => t.close());

  const id = { id: 'delegation' };
  const routes: Record<string, RouteSpec> = {
    'get /health': { expect: { anonymous: 200, ...everyone(200) } },
    'get /health/ready': { expect: { anonymous: 200, ...everyone(200) } },
    'post /api/auth/login': {
      body: { email: 'nobody@test.example', password: 'wrong-password-123' },
      expect: { anonymous: 401, ...everyone(401) },
    },
    'post /api/auth/refresh': {
      body: { refreshToken: 'x'.repeat(43) },
      expect: { anonymous: 401, ...everyone(401) },
    },
    'post /api/auth/logout': {
      body: { refreshToken: 'not-a-token' },
      expect: { anonymous: 'passes', ...everyone() },
    },
    // Callers who pass send a body that fails validation: no password changes, no lockout.
    'post /api/auth/password': {
      body: { currentPassword: 'wrong-password-123', newPassword: 'another-password-123' },
      expect: everyone(),
    },
    'get /api/me': { expect: everyone(200) },
    'patch /api/me': { expect: everyone() },
    'get /api/organizations/{id}': {
      params: { id: 'organization' },
      expect: { ...schoolA(200, 200), hostPartner: 404, otherPartner: 404 },
    },
    'get /api/organizations/{id}/users': {
      params: { id: 'organization' },
      expect: { ...schoolA(200, 200), hostPartner: 404, otherPartner: 404 },
    },
    'get /api/delegations': { expect: everyone(200) },
    // Published to everyone signed in; a partner sees only what its organization hosts.
    'get /api/delegations/{id}': {
      params: id,
      expect: { ...everyone(200), otherPartner: 404 },
    },
    'get /api/notices': { expect: everyone(200) },
    'get /api/notifications': { expect: everyone(200) },
    'post /api/notifications/read-all': { expect: everyone(200) },
    'post /api/notifications/{id}/read': {
      params: { id: 'notification' },
      expect: { ...everyone(404), coordinatorA: 200 },
    },
    'get /api/webhooks': {
      expect: {
        organizer: 200,
        coordinatorA: 403,
        coordinatorB: 403,
        hostPartner: 200,
        otherPartner: 200,
      },
    },
    'post /api/webhooks': {
      body: { url: 'https://93.184.215.14/x', events: ['roster.locked'] },
      expect: {
        organizer: 'passes',
        coordinatorA: 403,
        coordinatorB: 403,
        hostPartner: 'passes',
        otherPartner: 'passes',
      },
    },
    // Another organization's endpoint is 404, the organizers' own committee included.
    'delete /api/webhooks/{id}': {
      params: { id: 'webhook' },
      expect: {
        organizer: 404,
        coordinatorA: 403,
        coordinatorB: 403,
        hostPartner: 'passes',
        otherPartner: 404,
      },
    },
    'post /api/webhooks/{id}/enable': {
      params: { id: 'enabledWebhook' },
      expect: {
        organizer: 404,
        coordinatorA: 403,
        coordinatorB: 403,
        hostPartner: 200,
        otherPartner: 404,
      },
    },
    'get /api/participants': { expect: { ...schoolA(200, 200), coordinatorB: 200 } },
    'post /api/participants': { body: chineseStudent(), expect: coordinatorsOnly('passes') },
    'post /api/participants/import': { expect: coordinatorsOnly('passes') },
    'get /api/participants/import-template': {
      expect: { ...schoolA(200, 200), coordinatorB: 200 },
    },
    'get /api/participants/{id}': { params: { id: 'participant' }, expect: schoolA(200, 200) },
    'patch /api/participants/{id}': {
      params: { id: 'participant' },
      body: { birthPlace: '黑河' },
      expect: schoolA(),
    },
    'post /api/participants/{id}/consents': {
      params: { id: 'participant' },
      body: {
        kind: 'cross_border',
        givenBy: '李建国',
        relation: 'father',
        givenAt: new Date().toISOString(),
        noticeVersion: '2026-01',
      },
      expect: schoolA(),
    },
    // The organizer's call withdraws the consent; school A's own, just after, finds it gone.
    'delete /api/participants/{id}/consents/{consentId}': {
      params: { id: 'participant', consentId: 'consent' },
      expect: schoolA('passes', 404),
    },
    'get /api/applications': { expect: { ...schoolA(200, 200), coordinatorB: 200 } },
    'post /api/applications': {
      body: {
        delegationId: '00000000-0000-4000-8000-00000000000a',
        participantId: '00000000-0000-4000-8000-00000000000b',
      },
      expect: coordinatorsOnly('passes'),
    },
    'get /api/applications/{id}': { params: { id: 'application' }, expect: schoolA(200, 200) },
    'post /api/applications/{id}/withdraw': {
      params: { id: 'application' },
      expect: coordinatorsOnly(404),
    },
    'get /api/partner/delegations': {
      expect: { ...organizersOnly(403), hostPartner: 200, otherPartner: 200 },
    },
    'get /api/partner/delegations/{id}/roster': { params: id, expect: hostPartnerOnly() },
    'get /api/partner/delegations/{id}/roster/diff': { params: id, expect: hostPartnerOnly() },
    'get /api/partner/delegations/{id}/roster/export': {
      params: id,
      query: '?format=csv',
      expect: hostPartnerOnly(),
    },
    'post /api/partner/delegations/{id}/roster/approve': {
      params: id,
      body: { version: 1, hash: '0'.repeat(64) },
      expect: hostPartnerOnly(),
    },
    'post /api/partner/delegations/{id}/roster/reject': {
      params: id,
      body: { version: 1, reason: 'не тот список' },
      expect: hostPartnerOnly(),
    },
    'post /api/admin/queues/session': { expect: organizersOnly(204) },
    'get /api/admin/audit': { expect: organizersOnly(200) },
    'get /api/admin/organizations': { expect: organizersOnly(200) },
    'post /api/admin/organizations': { expect: organizersOnly() },
    'get /api/admin/organizations/{id}': {
      params: { id: 'organization' },
      expect: organizersOnly(200),
    },
    'patch /api/admin/organizations/{id}': {
      params: { id: 'organization' },
      body: {},
      expect: organizersOnly(),
    },
    'get /api/admin/users': { expect: organizersOnly(200) },
    'post /api/admin/users': { expect: organizersOnly() },
    'get /api/admin/users/{id}': { params: { id: 'user' }, expect: organizersOnly(200) },
    'patch /api/admin/users/{id}': { params: { id: 'user' }, body: {}, expect: organizersOnly() },
    'post /api/admin/participants/{id}/reveal': {
      params: { id: 'participant' },
      expect: organizersOnly(200),
    },
    'get /api/admin/passport-conflicts': { expect: organizersOnly(200) },
    'post /api/admin/passport-conflicts/{id}/resolve': {
      params: { id: 'regime' },
      body: { keep: 'holder' },
      expect: organizersOnly(),
    },
    'get /api/admin/delegations': { expect: organizersOnly(200) },
    'post /api/admin/delegations': { expect: organizersOnly() },
    'get /api/admin/delegations/{id}': { params: id, expect: organizersOnly(200) },
    'patch /api/admin/delegations/{id}': { params: id, body: {}, expect: organizersOnly() },
    'post /api/admin/delegations/{id}/transitions': {
      params: id,
      body: { to: 'open' },
      expect: organizersOnly(),
    },
    'get /api/admin/delegations/{id}/applications': { params: id, expect: organizersOnly(200) },
    'get /api/admin/delegations/{id}/roster': { params: id, expect: organizersOnly(200) },
    'get /api/admin/delegations/{id}/roster/readiness': { params: id, expect: organizersOnly(200) },
    'post /api/admin/delegations/{id}/roster/lock': {
      params: id,
      body: {},
      expect: organizersOnly(),
    },
    'get /api/admin/delegations/{id}/roster/versions': { params: id, expect: organizersOnly(200) },
    'get /api/admin/delegations/{id}/roster/versions/{n}/diff': {
      params: { id: 'delegation', n: 'version' },
      expect: organizersOnly(),
    },
    'get /api/admin/delegations/{id}/roster/export': {
      params: id,
      query: '?format=csv',
      expect: organizersOnly(200),
    },
    'post /api/admin/applications/{id}/decision': {
      params: { id: 'application' },
      body: { decision: 'approve' },
      expect: organizersOnly(),
    },
    'post /api/admin/applications/decisions': {
      body: { items: [{ id: '00000000-0000-4000-8000-00000000000c', decision: 'approve' }] },
      expect: organizersOnly(),
    },
    'get /api/admin/travel-regimes': { expect: organizersOnly(200) },
    'post /api/admin/travel-regimes': { expect: organizersOnly() },
    'patch /api/admin/travel-regimes/{id}': {
      params: { id: 'regime' },
      body: {},
      expect: organizersOnly(),
    },
    'get /api/admin/notices': { expect: organizersOnly(200) },
    'post /api/admin/notices': { expect: organizersOnly() },
    'get /api/admin/notices/{id}': { params: { id: 'notice' }, expect: organizersOnly(200) },
    'patch /api/admin/notices/{id}': {
      params: { id: 'notice' },
      body: {},
      expect: organizersOnly(),
    },
    'post /api/admin/notices/{id}/publish': { params: { id: 'notice' }, expect: organizersOnly() },
    'post /api/admin/notices/{id}/archive': {
      params: { id: 'notice' },
      expect: organizersOnly(),
    },
    'get /api/admin/translations/missing': { expect: organizersOnly(200) },
    'get /api/admin/notifications': { expect: organizersOnly(200) },
    'post /api/admin/notifications/{id}/retry': {
      params: { id: 'delivery' },
      expect: organizersOnly(409),
    },
    'get /api/consent-texts': {
      expect: { ...everyone(200), hostPartner: 403, otherPartner: 403 },
    },
    'post /api/admin/consent-texts': {
      body: {
        kind: 'guardian',
        version: '2099-01',
        zh: '一、监护人同意书（测试版本）\n\n正文。',
        ru: '1. Согласие (тестовая версия)\n\nТекст.',
        validFrom: '2099-01-01',
      },
      expect: organizersOnly(),
    },
    'get /api/admin/delegations/{id}/roster/versions/{n}/integrity': {
      params: { id: 'delegation', n: 'version' },
      expect: organizersOnly(200),
    },
    // On a locked roster of a trip ahead: refused (409) for those who pass, nothing erased.
    'post /api/participants/{id}/erase': { params: { id: 'participant' }, expect: schoolA() },
    'get /api/participants/{id}/data-export': {
      params: { id: 'participant' },
      expect: schoolA(200, 200),
    },
    'get /api/admin/retention/preview': { expect: organizersOnly(200) },
    'get /api/admin/retention/runs': { expect: organizersOnly(200) },
    // A pass by the real clock: nothing the suites made is past the policy.
    'post /api/admin/retention/runs': { expect: organizersOnly(201) },
    'get /api/admin/retention/holds': { expect: organizersOnly(200) },
    'post /api/admin/retention/holds': {
      body: {
        subjectType: 'participant',
        subjectId: '00000000-0000-4000-8000-00000000000d',
        reason: '测试保留',
      },
      expect: organizersOnly(),
    },
    'post /api/admin/retention/holds/{id}/release': {
      params: { id: 'regime' },
      expect: organizersOnly(404),
    },
    'get /api/admin/statistics': { expect: organizersOnly(200) },
    'get /api/admin/statistics/workbook': { expect: organizersOnly(200) },
    'get /api/admin/statistics/charts/{chart}': {
      params: { chart: 'chart' },
      expect: organizersOnly(200),
    },
  };

  it('has an expectation for every route, and every caller gets it', async () => {
    const spec = await t.http().get('/api/openapi.json').expect(200);
    const listed: string[] = [];
    for (const [path, item] of Object.entries(spec.body.paths as Record<string, object>)) {
      for (const method of Object.keys(item)) listed.push(`${method} ${path}`);
    }
    expect(listed.filter((route) => !routes[route])).toEqual([]);
    expect(Object.keys(routes).filter((route) => !listed.includes(route))).toEqual([]);

    const mismatches: string[] = [];
    for (const route of listed) {
      const { params = {}, body, query = '', expect: outcomes } = routes[route];
      const [method, template] = route.split(' ') as [Method, string];
      const url = template.replace(/{(\w+)}/g, (_, name: string) => ids[params[name]]) + query;
      for (const actor of ACTORS) {
        const wanted: Outcome = outcomes[actor] ?? 401;
        const session = sessions[actor];
        let request = t.http()[method](url);
        if (session) request = request.auth(session.accessToken, { type: 'bearer' });
        // Callers who pass get a body that fails validation: the matrix writes nothing.
        const payload = wanted === 'passes' && method !== 'get' ? { unexpectedField: true } : body;
        const response = await (payload ? request.send(payload) : request);
        const ok =
          wanted === 'passes'
            ? ![401, 403, 404].includes(response.status) && response.status < 500
            : response.status === wanted;
        if (!ok) mismatches.push(`${route} as ${actor}: ${response.status}, expected ${wanted}`);
        if (response.status >= 400) {
          expect([route, actor, typeof response.body.code]).toEqual([route, actor, 'string']);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
