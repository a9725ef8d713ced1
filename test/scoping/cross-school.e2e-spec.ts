import { eventually } from '../support/isolated-database';
import { consentBody, chineseStudent } from '../support/people';
import { publishNotice } from '../support/notices';
import { bilingualNotice, openDelegation, Session, TestApp } from '../support/test-app';

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';

/**
 * Walks every route of the API description that takes an id, as the coordinator of
 * another school, on objects of school A: school data must answer 404 (as if it did not
 * exist), admin routes 403. A new id route without an entry here fails the test.
 */
describe('one school never sees another school’s people', () => {
  let t: TestApp;
  let admin: Session;
  let schoolA: Session;
  let schoolB: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    schoolA = await t.createUser(admin, 'school_coordinator');
    schoolB = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin);
    const participant = await t
      .http()
      .post('/api/participants')
      .auth(schoolA.accessToken, { type: 'bearer' })
      .send(chineseStudent())
      .expect(201);
    const consent = await t
      .http()
      .post(`/api/participants/${participant.body.id}/consents`)
      .auth(schoolA.accessToken, { type: 'bearer' })
      .send(consentBody())
      .expect(201);
    const application = await t
      .http()
      .post('/api/applications')
      .auth(schoolA.accessToken, { type: 'bearer' })
      .send({ delegationId: delegation.id, participantId: participant.body.id })
      .expect(201);
    // School A's in-app message (a notice to schools), a delivery, and a partner's webhook.
    await publishNotice(t, admin, bilingualNotice('schools'));
    const message = await eventually('school A’s message', async () => {
      const inbox = await t
        .http()
        .get('/api/notifications')
        .auth(schoolA.accessToken, { type: 'bearer' })
        .expect(200);
      return (inbox.body.items as { id: string }[])[0];
    });
    const deliveries = await t
      .http()
      .get('/api/admin/notifications')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    const partner = await t.createUser(admin, 'partner');
    const webhook = await t
      .http()
      .post('/api/webhooks')
      .auth(partner.accessToken, { type: 'bearer' })
      .send({ url: 'https://93.184.215.14/hooks', events: ['roster.locked'] })
      .expect(201);
    Object.assign(ids, {
      notification: message.id,
      delivery: (deliveries.body.items as { id: string }[])[0].id,
      webhook: webhook.body.id,
      participant: participant.body.id,
      consent: consent.body.id,
      application: application.body.id,
      delegation: delegation.id,
      organization: schoolA.organizationId,
      user: schoolA.userId,
      regime: '00000000-0000-4000-8000-000000000001',
      version: '1',
    });
  });
  afterAll(() => t.close());

  /** For each id route: which ids to use, a valid body where one is needed, and the expected status. */
  const expectations: Record<
    string,
    { params: Record<string, string>; body?: object; status: number }
  > = {
    'get /api/participants/{id}': { params: { id: 'participant' }, status: 404 },
    'patch /api/participants/{id}': {
      params: { id: 'participant' },
      body: { birthPlace: '黑河' },
      status: 404,
    },
    'post /api/participants/{id}/consents': {
      params: { id: 'participant' },
      body: {
        kind: 'guardian',
        givenBy: 'x',
        relation: 'x',
        givenAt: '2026-01-01T00:00:00Z',
        noticeVersion: '2026-01',
      },
      status: 404,
    },
    'delete /api/participants/{id}/consents/{consentId}': {
      params: { id: 'participant', consentId: 'consent' },
      status: 404,
    },
    'post /api/participants/{id}/erase': { params: { id: 'participant' }, status: 404 },
    'get /api/participants/{id}/data-export': { params: { id: 'participant' }, status: 404 },
    'get /api/admin/delegations/{id}/roster/versions/{n}/integrity': {
      params: { id: 'delegation', n: 'version' },
      status: 403,
    },
    'post /api/admin/retention/holds/{id}/release': { params: { id: 'regime' }, status: 403 },
    // An organizer's download: another school's coordinator is refused by role.
    'get /api/admin/statistics/charts/{chart}': { params: { chart: 'delegation' }, status: 403 },
    'get /api/applications/{id}': { params: { id: 'application' }, status: 404 },
    'post /api/applications/{id}/withdraw': { params: { id: 'application' }, status: 404 },
    'get /api/organizations/{id}': { params: { id: 'organization' }, status: 404 },
    'get /api/organizations/{id}/users': { params: { id: 'organization' }, status: 404 },
    // Published delegations are for every school to read; they hold no school's data.
    'get /api/delegations/{id}': { params: { id: 'delegation' }, status: 200 },
    'get /api/admin/organizations/{id}': { params: { id: 'organization' }, status: 403 },
    'patch /api/admin/organizations/{id}': {
      params: { id: 'organization' },
      body: {},
      status: 403,
    },
    'patch /api/admin/users/{id}': { params: { id: 'user' }, body: {}, status: 403 },
    'get /api/admin/users/{id}': { params: { id: 'user' }, status: 403 },
    'post /api/admin/participants/{id}/reveal': { params: { id: 'participant' }, status: 403 },
    'post /api/admin/passport-conflicts/{id}/resolve': {
      params: { id: 'participant' },
      body: { keep: 'holder' },
      status: 403,
    },
    'get /api/admin/delegations/{id}': { params: { id: 'delegation' }, status: 403 },
    'patch /api/admin/delegations/{id}': { params: { id: 'delegation' }, body: {}, status: 403 },
    'post /api/admin/delegations/{id}/transitions': {
      params: { id: 'delegation' },
      body: { to: 'closed' },
      status: 403,
    },
    'get /api/admin/delegations/{id}/applications': { params: { id: 'delegation' }, status: 403 },
    'post /api/admin/applications/{id}/decision': {
      params: { id: 'application' },
      body: { decision: 'approve' },
      status: 403,
    },
    'patch /api/admin/travel-regimes/{id}': { params: { id: 'regime' }, body: {}, status: 403 },
    'get /api/admin/notices/{id}': { params: { id: 'delegation' }, status: 403 },
    'patch /api/admin/notices/{id}': { params: { id: 'delegation' }, body: {}, status: 403 },
    'post /api/admin/notices/{id}/publish': { params: { id: 'delegation' }, status: 403 },
    'post /api/admin/notices/{id}/archive': { params: { id: 'delegation' }, status: 403 },
    'get /api/admin/delegations/{id}/roster': { params: { id: 'delegation' }, status: 403 },
    'get /api/admin/delegations/{id}/roster/readiness': {
      params: { id: 'delegation' },
      status: 403,
    },
    'post /api/admin/delegations/{id}/roster/lock': {
      params: { id: 'delegation' },
      body: {},
      status: 403,
    },
    'get /api/admin/delegations/{id}/roster/versions': {
      params: { id: 'delegation' },
      status: 403,
    },
    'get /api/admin/delegations/{id}/roster/versions/{n}/diff': {
      params: { id: 'delegation', n: 'version' },
      status: 403,
    },
    'get /api/admin/delegations/{id}/roster/export': { params: { id: 'delegation' }, status: 403 },
    'post /api/notifications/{id}/read': { params: { id: 'notification' }, status: 404 },
    'post /api/admin/notifications/{id}/retry': { params: { id: 'delivery' }, status: 403 },
    'delete /api/webhooks/{id}': { params: { id: 'webhook' }, status: 403 },
    'post /api/webhooks/{id}/enable': { params: { id: 'webhook' }, status: 403 },
    // The partner's side is for partner users only.
    'get /api/partner/delegations/{id}/roster': { params: { id: 'delegation' }, status: 403 },
    'get /api/partner/delegations/{id}/roster/diff': { params: { id: 'delegation' }, status: 403 },
    'post /api/partner/delegations/{id}/roster/approve': {
      params: { id: 'delegation' },
      body: { version: 1, hash: '0'.repeat(64) },
      status: 403,
    },
    'post /api/partner/delegations/{id}/roster/reject': {
      params: { id: 'delegation' },
      body: { version: 1, reason: 'не тот список' },
      status: 403,
    },
    'get /api/partner/delegations/{id}/roster/export': {
      params: { id: 'delegation' },
      status: 403,
    },
  };

  it('covers every route with an id parameter, with the expected answer', async () => {
    const spec = await t.http().get('/api/openapi.json').expect(200);
    const routes: string[] = [];
    for (const [path, item] of Object.entries(
      spec.body.paths as Record<string, Record<string, unknown>>,
    )) {
      if (!path.includes('{')) continue;
      for (const method of Object.keys(item)) routes.push(`${method} ${path}`);
    }
    expect(routes.filter((route) => !expectations[route])).toEqual([]);

    const outcomes: string[] = [];
    for (const route of routes) {
      const { params, body, status } = expectations[route];
      const [method, template] = route.split(' ') as [Method, string];
      const url = template.replace(/{(\w+)}/g, (_, name: string) => ids[params[name]]);
      const request = t.http()[method](url).auth(schoolB.accessToken, { type: 'bearer' });
      const response = await (body ? request.send(body) : request);
      outcomes.push(
        `${route} → ${response.status}${response.status === status ? '' : ` (expected ${status})`}`,
      );
    }
    expect(outcomes.filter((line) => line.includes('expected'))).toEqual([]);

    // School A still sees its objects, untouched: nothing was written before the 404s.
    const participant = await t
      .http()
      .get(`/api/participants/${ids.participant}`)
      .auth(schoolA.accessToken, { type: 'bearer' })
      .expect(200);
    expect(participant.body).toMatchObject({ version: 1, birthPlace: '黑龙江省黑河市' });
    expect(participant.body.consents).toEqual([
      expect.objectContaining({ id: ids.consent, withdrawnAt: null }),
    ]);
    const application = await t
      .http()
      .get(`/api/applications/${ids.application}`)
      .auth(schoolA.accessToken, { type: 'bearer' })
      .expect(200);
    expect(application.body.status).toBe('submitted');
    const inbox = await t
      .http()
      .get('/api/notifications')
      .auth(schoolA.accessToken, { type: 'bearer' })
      .expect(200);
    expect(inbox.body.items).toEqual([
      expect.objectContaining({ id: ids.notification, readAt: null }),
    ]);
    // Lists are scoped too: school B's lists hold nothing of school A.
    for (const list of ['/api/participants?pageSize=100', '/api/applications?pageSize=100']) {
      const response = await t
        .http()
        .get(list)
        .auth(schoolB.accessToken, { type: 'bearer' })
        .expect(200);
      expect(response.body.items).toEqual([]);
    }
  });
});
