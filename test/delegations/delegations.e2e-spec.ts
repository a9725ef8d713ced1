import { randomUUID } from 'node:crypto';
import { AppError } from '../../src/common/errors/app-error';
import { Transactions } from '../../src/database/transactions';
import {
  DELEGATION_STATUSES,
  DelegationStatus,
  isRosterTransition,
} from '../../src/delegations/delegation-status';
import { DelegationsService } from '../../src/delegations/delegations.service';
import { DEFAULT_TRAVEL_REGIME_ID } from '../../src/delegations/travel-regime.entity';
import { Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

/** How to reach each state from a new draft. */
const PATH_TO: Record<DelegationStatus, DelegationStatus[]> = {
  draft: [],
  open: ['open'],
  closed: ['open', 'closed'],
  roster_locked: ['open', 'closed', 'roster_locked'],
  confirmed: ['open', 'closed', 'roster_locked', 'confirmed'],
  completed: ['open', 'closed', 'roster_locked', 'confirmed', 'completed'],
  cancelled: ['cancelled'],
};

const LEGAL: Record<DelegationStatus, DelegationStatus[]> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: ['open', 'roster_locked', 'cancelled'],
  roster_locked: ['confirmed', 'closed', 'cancelled'],
  confirmed: ['completed', 'roster_locked', 'cancelled'],
  completed: [],
  cancelled: [],
};

describe('delegations', () => {
  let t: TestApp;
  let admin: Session;
  let coordinator: Session;
  let partner: { id: string };
  let school: { id: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    partner = await t.createOrganization(admin, {
      type: 'partner',
      country: 'RU',
      nameZh: '阿穆尔州青年委员会',
      nameRu: 'Комитет по делам молодёжи Амурской области',
      city: 'Благовещенск',
      preferredLanguage: 'ru',
    });
    school = await t.createOrganization(admin, { nameZh: '黑河市第一中学' });
    coordinator = await t.createUser(admin, 'school_coordinator', { organizationId: school.id });
  });
  afterAll(() => t.close());

  const as: TestApp['as'] = (...args) => t.as(...args);

  const validDelegation = (fields: Record<string, unknown> = {}) => ({
    titleZh: '黑河青少年赴布拉戈维申斯克夏令营',
    titleRu: 'Летний лагерь школьников Хэйхэ в Благовещенске',
    descriptionZh: '七天的交流活动。',
    descriptionRu: 'Семидневная программа обмена.',
    direction: 'CN_TO_RU',
    hostOrganizationId: partner.id,
    departureDate: '2026-07-10',
    returnDate: '2026-07-16',
    applicationOpensAt: '2026-05-01T09:00:00+08:00',
    applicationClosesAt: '2026-07-01T15:30:00Z',
    studentPlaces: 20,
    chaperonePlaces: 4,
    minAge: 12,
    maxAge: 17,
    studentsPerChaperone: 5,
    ...fields,
  });

  async function createDelegation(fields: Record<string, unknown> = {}) {
    const response = await as(admin, 'post', '/api/admin/delegations')
      .send(validDelegation(fields))
      .expect(201);
    return response.body as { id: string; status: DelegationStatus };
  }

  /**
   * Takes the delegation through these states. The roster's edges (lock, the partner's
   * decision) are taken through the service, as the roster does: the roster e2e tests
   * cover those flows, these tests the state machine around them.
   */
  async function walk(id: string, states: DelegationStatus[]) {
    for (const to of states) {
      const from = (await as(admin, 'get', `/api/admin/delegations/${id}`).expect(200)).body
        .status as DelegationStatus;
      if (isRosterTransition(from, to)) {
        const caller = {
          userId: admin.userId,
          role: 'organizer' as const,
          organizationId: admin.organizationId,
          preferredLanguage: 'zh' as const,
          sessionId: randomUUID(),
          requestId: 'test',
        };
        await t.app.get(Transactions).run(caller, (tx) =>
          t.app.get(DelegationsService).moveByRoster(tx, id, {
            from,
            to,
            note: 'test fixture',
            ...(to === 'roster_locked' ? { rosterVersion: 1 } : {}),
          }),
        );
        continue;
      }
      const response = await as(admin, 'post', `/api/admin/delegations/${id}/transitions`)
        .send({ to })
        .expect(200);
      expect(response.body.status).toBe(to);
    }
  }

  const auditOf = (id: string) => t.audit(admin, { entityType: 'delegation', entityId: id });

  /** Every item of a paginated list, however many earlier runs left in a shared database. */
  async function listAll(session: Session, url: string) {
    const items: { id: string; status: string }[] = [];
    for (let page = 1; ; page++) {
      const response = await as(session, 'get', `${url}?page=${page}&pageSize=100`).expect(200);
      items.push(...response.body.items);
      if (response.body.items.length < 100) return items;
    }
  }

  it('has the seeded China–Russia visa-free group regime', async () => {
    const response = await as(admin, 'get', '/api/admin/travel-regimes?pageSize=100').expect(200);
    expect(response.body.items).toContainEqual(
      expect.objectContaining({
        id: DEFAULT_TRAVEL_REGIME_ID,
        name: 'China–Russia visa-free group',
        minGroupSize: 5,
        maxGroupSize: 50,
        maxStayDays: 15,
        passportMarginMonths: 6,
      }),
    );
  });

  it('creates and updates travel regimes, checking group sizes, with audit entries', async () => {
    const created = await as(admin, 'post', '/api/admin/travel-regimes')
      .send({
        name: `Test regime ${randomUUID()}`,
        minGroupSize: 2,
        maxGroupSize: 30,
        maxStayDays: 30,
        passportMarginMonths: 3,
      })
      .expect(201);
    const updated = await as(admin, 'patch', `/api/admin/travel-regimes/${created.body.id}`)
      .send({ maxStayDays: 21 })
      .expect(200);
    expect(updated.body).toMatchObject({ maxStayDays: 21, minGroupSize: 2, maxGroupSize: 30 });

    const inverted = await as(admin, 'patch', `/api/admin/travel-regimes/${created.body.id}`)
      .send({ minGroupSize: 40 })
      .expect(refusal('VALIDATION_FAILED'));
    expect(inverted.body.errors).toEqual([
      expect.objectContaining({ field: 'maxGroupSize', code: 'GROUP_SIZE_ORDER' }),
    ]);
    await as(admin, 'patch', `/api/admin/travel-regimes/${randomUUID()}`)
      .send({ maxStayDays: 10 })
      .expect(refusal('NOT_FOUND'));

    const audit = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=travel_regime&entityId=${created.body.id}`,
    ).expect(200);
    expect(
      audit.body.items.map((e: { action: string; changedFields: string[] }) => [
        e.action,
        e.changedFields,
      ]),
    ).toEqual([
      ['update', ['maxStayDays']],
      ['create', []],
    ]);
  });

  it('creates a draft with places left and local times, reads and updates it', async () => {
    const created = await as(admin, 'post', '/api/admin/delegations')
      .send(validDelegation())
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      travelRegimeId: DEFAULT_TRAVEL_REGIME_ID,
      departureDate: '2026-07-10',
      returnDate: '2026-07-16',
      applicationOpensAt: '2026-05-01T01:00:00.000Z',
      applicationOpensAtLocal: {
        heihe: '2026-05-01T09:00:00+08:00',
        blagoveshchensk: '2026-05-01T10:00:00+09:00',
        zones: { heihe: 'Asia/Shanghai', blagoveshchensk: 'Asia/Yakutsk' },
      },
      // 23:30 in Heihe is 00:30 the next day in Blagoveshchensk.
      applicationClosesAt: '2026-07-01T15:30:00.000Z',
      applicationClosesAtLocal: {
        heihe: '2026-07-01T23:30:00+08:00',
        blagoveshchensk: '2026-07-02T00:30:00+09:00',
        zones: { heihe: 'Asia/Shanghai', blagoveshchensk: 'Asia/Yakutsk' },
      },
      studentPlacesTaken: 0,
      chaperonePlacesTaken: 0,
      studentPlacesLeft: 20,
      chaperonePlacesLeft: 4,
    });
    const id = created.body.id as string;

    const read = await as(admin, 'get', `/api/admin/delegations/${id}`).expect(200);
    expect(read.body).toEqual(created.body);

    const updated = await as(admin, 'patch', `/api/admin/delegations/${id}`)
      .send({ titleRu: 'Летний лагерь', studentPlaces: 25, departureDate: '2026-07-10' })
      .expect(200);
    expect(updated.body).toMatchObject({
      titleRu: 'Летний лагерь',
      titleZh: created.body.titleZh,
      studentPlaces: 25,
      studentPlacesLeft: 25,
    });
    const reread = await as(admin, 'get', `/api/admin/delegations/${id}`).expect(200);
    expect(reread.body).toEqual(updated.body);

    const list = await listAll(admin, '/api/admin/delegations');
    expect(list.map((d) => d.id)).toContain(id);

    // Only the fields that changed are named, never their values.
    expect((await auditOf(id)).map((e) => [e.action, e.changedFields, e.actorId])).toEqual([
      ['update', ['titleRu', 'studentPlaces'], admin.userId],
      ['create', [], admin.userId],
    ]);
  });

  it('refuses fields a client must not set', async () => {
    const response = await as(admin, 'post', '/api/admin/delegations')
      .send(validDelegation({ status: 'open', studentPlacesTaken: 3 }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'status', code: 'UNKNOWN_FIELD' }),
      expect.objectContaining({ field: 'studentPlacesTaken', code: 'UNKNOWN_FIELD' }),
    ]);
  });

  it.each([
    ['return before departure', { returnDate: '2026-07-09' }, 'returnDate', 'DATE_ORDER'],
    [
      'window closing before it opens',
      { applicationClosesAt: '2026-05-01T01:00:00Z' },
      'applicationClosesAt',
      'WINDOW_ORDER',
    ],
    ['ages inverted', { minAge: 15, maxAge: 14 }, 'maxAge', 'AGE_ORDER'],
    [
      'no such host',
      { hostOrganizationId: randomUUID() },
      'hostOrganizationId',
      'ORGANIZATION_NOT_FOUND',
    ],
    [
      'no such regime',
      { travelRegimeId: randomUUID() },
      'travelRegimeId',
      'TRAVEL_REGIME_NOT_FOUND',
    ],
    [
      'a date that does not exist',
      { departureDate: '2026-02-30' },
      'departureDate',
      'IS_PLAIN_DATE',
    ],
    ['a date with a time', { returnDate: '2026-07-16T00:00:00Z' }, 'returnDate', 'IS_PLAIN_DATE'],
    [
      'an instant without a zone',
      { applicationOpensAt: '2026-05-01T09:00' },
      'applicationOpensAt',
      'IS_DATE',
    ],
    ['no student places', { studentPlaces: 0 }, 'studentPlaces', 'MIN'],
    ['a fractional number of places', { chaperonePlaces: 1.5 }, 'chaperonePlaces', 'IS_INT'],
    ['an unknown direction', { direction: 'CN_TO_KZ' }, 'direction', 'IS_IN'],
    ['a null description', { descriptionRu: null }, 'descriptionRu', 'REQUIRED'],
  ])('refuses %s', async (_, fields, field, code) => {
    const response = await as(admin, 'post', '/api/admin/delegations')
      .send(validDelegation(fields))
      .expect(refusal('VALIDATION_FAILED'));
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field, code })]);
  });

  it('refuses a host that is not a partner organization', async () => {
    const response = await as(admin, 'post', '/api/admin/delegations')
      .send(validDelegation({ hostOrganizationId: school.id }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'hostOrganizationId', code: 'HOST_NOT_PARTNER' }),
    ]);
  });

  it('reports every broken rule at once', async () => {
    const response = await as(admin, 'post', '/api/admin/delegations')
      .send(
        validDelegation({ returnDate: '2026-07-01', minAge: 18, hostOrganizationId: school.id }),
      )
      .expect(refusal('VALIDATION_FAILED'));
    expect(response.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'DATE_ORDER',
      'AGE_ORDER',
      'HOST_NOT_PARTNER',
    ]);
  });

  it('checks the rules on the merged record when patching, leaving it unchanged', async () => {
    const { id } = await createDelegation();
    const early = await as(admin, 'patch', `/api/admin/delegations/${id}`)
      .send({ returnDate: '2026-07-01', titleZh: '改过的标题' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(early.body.errors).toEqual([
      expect.objectContaining({ field: 'returnDate', code: 'DATE_ORDER' }),
    ]);
    const nulled = await as(admin, 'patch', `/api/admin/delegations/${id}`)
      .send({ titleZh: null })
      .expect(refusal('VALIDATION_FAILED'));
    expect(nulled.body.errors).toEqual([expect.objectContaining({ field: 'titleZh' })]);
    const read = await as(admin, 'get', `/api/admin/delegations/${id}`).expect(200);
    expect(read.body).toMatchObject({
      returnDate: '2026-07-16',
      titleZh: validDelegation().titleZh,
    });
    expect((await auditOf(id)).map((e) => e.action)).toEqual(['create']);

    await as(admin, 'patch', `/api/admin/delegations/${randomUUID()}`)
      .send({ titleZh: '不存在' })
      .expect(refusal('NOT_FOUND'));
  });

  it('walks draft → open → closed → open → closed → roster_locked → confirmed → completed, auditing each', async () => {
    const { id } = await createDelegation();
    const path: DelegationStatus[] = [
      'open',
      'closed',
      'open',
      'closed',
      'roster_locked',
      'confirmed',
      'completed',
    ];
    await walk(id, path);
    const audit = await auditOf(id);
    const transitions = audit.filter((e) => e.action === 'transition');
    expect(transitions).toHaveLength(path.length);
    expect(transitions.every((e) => e.changedFields.join() === 'status')).toBe(true);
    await as(admin, 'post', `/api/admin/delegations/${randomUUID()}/transitions`)
      .send({ to: 'open' })
      .expect(refusal('NOT_FOUND'));
    const invalid = await as(admin, 'post', `/api/admin/delegations/${id}/transitions`)
      .send({ to: 'archived' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'to', code: 'IS_IN' })]);
  });

  it('cancels from every state before completed, with the reason in the audit log', async () => {
    for (const from of DELEGATION_STATUSES.filter((s) => LEGAL[s].includes('cancelled'))) {
      const { id } = await createDelegation();
      await walk(id, PATH_TO[from]);
      await as(admin, 'post', `/api/admin/delegations/${id}/transitions`)
        .send({ to: 'cancelled', note: 'паводок на Амуре' })
        .expect(200);
      const [last] = await auditOf(id);
      expect(last).toMatchObject({
        action: 'transition',
        note: `${from} → cancelled: паводок на Амуре`,
      });
    }
  });

  it('refuses illegal transitions with 409 ILLEGAL_TRANSITION and the roster’s own with ROSTER_TRANSITION, leaving the status', async () => {
    for (const from of DELEGATION_STATUSES) {
      const { id } = await createDelegation();
      await walk(id, PATH_TO[from]);
      for (const to of DELEGATION_STATUSES) {
        const roster = isRosterTransition(from, to);
        if (LEGAL[from].includes(to) && !roster) continue;
        const response = await as(admin, 'post', `/api/admin/delegations/${id}/transitions`).send({
          to,
        });
        expect([from, to, response.status, response.body.code]).toEqual([
          from,
          to,
          409,
          roster ? 'ROSTER_TRANSITION' : 'ILLEGAL_TRANSITION',
        ]);
      }
      const read = await as(admin, 'get', `/api/admin/delegations/${id}`).expect(200);
      expect(read.body.status).toBe(from);
      const transitions = (await auditOf(id)).filter((e) => e.action === 'transition');
      expect(transitions).toHaveLength(PATH_TO[from].length);
    }
  });

  it('shows schools open and later delegations only; drafts and cancelled ones are 404', async () => {
    const draft = await createDelegation();
    const open = await createDelegation();
    await walk(open.id, ['open']);
    const confirmed = await createDelegation({ direction: 'RU_TO_CN' });
    await walk(confirmed.id, ['open', 'closed', 'roster_locked', 'confirmed']);
    const cancelled = await createDelegation();
    await walk(cancelled.id, ['open', 'cancelled']);

    const items = await listAll(coordinator, '/api/delegations');
    const ids = items.map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining([open.id, confirmed.id]));
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(cancelled.id);
    expect(items.every((d) => !['draft', 'cancelled'].includes(d.status))).toBe(true);

    const filtered = await as(
      coordinator,
      'get',
      '/api/delegations?status=confirmed&direction=RU_TO_CN&pageSize=100',
    ).expect(200);
    expect(
      filtered.body.items.every(
        (d: { status: string; direction: string }) =>
          d.status === 'confirmed' && d.direction === 'RU_TO_CN',
      ),
    ).toBe(true);
    const draftFilter = await as(coordinator, 'get', '/api/delegations?status=draft').expect(
      refusal('VALIDATION_FAILED'),
    );
    expect(draftFilter.body.errors).toEqual([
      expect.objectContaining({ field: 'status', code: 'IS_IN' }),
    ]);

    const read = await as(coordinator, 'get', `/api/delegations/${open.id}`).expect(200);
    expect(read.body).toMatchObject({
      status: 'open',
      studentPlacesLeft: 20,
      chaperonePlacesLeft: 4,
      applicationClosesAtLocal: {
        heihe: '2026-07-01T23:30:00+08:00',
        blagoveshchensk: '2026-07-02T00:30:00+09:00',
        zones: { heihe: 'Asia/Shanghai', blagoveshchensk: 'Asia/Yakutsk' },
      },
    });
    for (const hidden of [draft.id, cancelled.id, randomUUID()]) {
      const response = await as(coordinator, 'get', `/api/delegations/${hidden}`).expect(
        refusal('NOT_FOUND'),
      );
      expect(response.body.code).toBe('NOT_FOUND');
    }
    await as(undefined, 'get', '/api/delegations').expect(refusal('UNAUTHORIZED'));
  });

  it('a school coordinator gets 403 on every admin route, anonymous callers 401', async () => {
    const { id } = await createDelegation();
    for (const [method, url] of [
      ['get', '/api/admin/delegations'],
      ['post', '/api/admin/delegations'],
      ['get', `/api/admin/delegations/${id}`],
      ['patch', `/api/admin/delegations/${id}`],
      ['post', `/api/admin/delegations/${id}/transitions`],
      ['get', '/api/admin/travel-regimes'],
      ['post', '/api/admin/travel-regimes'],
      ['patch', `/api/admin/travel-regimes/${DEFAULT_TRAVEL_REGIME_ID}`],
    ] as const) {
      const forbidden = await as(coordinator, method, url).send({});
      expect([method, url, forbidden.status, forbidden.body.code]).toEqual([
        method,
        url,
        403,
        'FORBIDDEN',
      ]);
      const anonymous = await as(undefined, method, url).send({});
      expect([method, url, anonymous.status]).toEqual([method, url, 401]);
    }
  });

  describe('places', () => {
    let service: DelegationsService;
    let transactions: Transactions;

    beforeAll(() => {
      service = t.app.get(DelegationsService);
      transactions = t.app.get(Transactions);
    });

    const reserve = (id: string, kind: 'student' | 'chaperone') =>
      transactions.run(null, (tx) => service.reservePlace(tx, id, kind));

    it('never takes more places than there are, however many reserve at once', async () => {
      const { id } = await createDelegation({ studentPlaces: 5, chaperonePlaces: 2 });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => reserve(id, 'student')),
      );
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      expect(rejected).toHaveLength(15);
      for (const r of rejected) {
        expect(r.reason).toBeInstanceOf(AppError);
        expect(r.reason).toMatchObject({ code: 'NO_PLACES_LEFT', status: 409 });
      }
      const read = await as(admin, 'get', `/api/admin/delegations/${id}`).expect(200);
      expect(read.body).toMatchObject({
        studentPlacesTaken: 5,
        studentPlacesLeft: 0,
        // Chaperone places are counted separately.
        chaperonePlacesTaken: 0,
        chaperonePlacesLeft: 2,
      });
    });

    it('counts the kinds separately, releases never below zero, and refuses an unknown delegation', async () => {
      const { id } = await createDelegation({ studentPlaces: 3, chaperonePlaces: 1 });
      await reserve(id, 'chaperone');
      await expect(reserve(id, 'chaperone')).rejects.toMatchObject({ code: 'NO_PLACES_LEFT' });
      await reserve(id, 'student');
      for (let i = 0; i < 3; i++) {
        await transactions.run(null, (tx) => service.releasePlace(tx, id, 'chaperone'));
      }
      const read = await as(admin, 'get', `/api/admin/delegations/${id}`).expect(200);
      expect(read.body).toMatchObject({ studentPlacesTaken: 1, chaperonePlacesTaken: 0 });
      await expect(reserve(randomUUID(), 'student')).rejects.toMatchObject({ code: 'NOT_FOUND' });

      const forApplication = await transactions.run(null, (tx) =>
        service.findForApplication(tx, id),
      );
      expect(forApplication).toMatchObject({
        id,
        status: 'draft',
        departureDate: '2026-07-10',
        applicationClosesAt: new Date('2026-07-01T15:30:00Z'),
        studentPlaces: 3,
        studentPlacesTaken: 1,
        chaperonePlacesTaken: 0,
        minAge: 12,
        maxAge: 17,
        studentsPerChaperone: 5,
        travelRegimeId: DEFAULT_TRAVEL_REGIME_ID,
      });
      expect(
        await transactions.run(null, (tx) => service.findForApplication(tx, randomUUID())),
      ).toBeUndefined();
    });

    it('refuses to lower places below those taken (409 PLACES_BELOW_TAKEN)', async () => {
      const { id } = await createDelegation({ studentPlaces: 5 });
      for (let i = 0; i < 3; i++) await reserve(id, 'student');
      const below = await as(admin, 'patch', `/api/admin/delegations/${id}`)
        .send({ studentPlaces: 2 })
        .expect(refusal('PLACES_BELOW_TAKEN'));
      expect(below.body).toMatchObject({
        code: 'PLACES_BELOW_TAKEN',
        errors: [expect.objectContaining({ field: 'studentPlaces', code: 'PLACES_BELOW_TAKEN' })],
      });
      const exact = await as(admin, 'patch', `/api/admin/delegations/${id}`)
        .send({ studentPlaces: 3 })
        .expect(200);
      expect(exact.body).toMatchObject({ studentPlaces: 3, studentPlacesLeft: 0 });
    });
  });
});
