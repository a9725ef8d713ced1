import { chaperone, chineseStudent } from '../support/people';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('applications', () => {
  let t: TestApp;
  let admin: Session;
  let school: Awaited<ReturnType<TestApp['createUser']>>;
  let otherSchool: Awaited<ReturnType<TestApp['createUser']>>;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
    otherSchool = await t.createUser(admin, 'school_coordinator');
  });
  afterAll(() => t.close());

  const as: TestApp['as'] = (...args) => t.as(...args);

  /** A participant of the school with a guardian consent, ready to apply. */
  const applicant = async (session: Session, fields: Record<string, unknown> = {}) =>
    (await t.registered(session, chineseStudent(fields), ['guardian'])).id;

  const submit = (session: Session, delegationId: string, participantId: string) =>
    as(session, 'post', '/api/applications').send({ delegationId, participantId });

  it('submits, refuses a duplicate, and lets an organizer approve', async () => {
    const delegation = await openDelegation(t, admin);
    const participantId = await applicant(school);
    const submitted = await submit(school, delegation.id, participantId).expect(201);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      kind: 'student',
      changedSinceApproval: false,
    });
    expect(submitted.body.names.cyrillic).toEqual({ family: 'Ли', given: 'Юйсюань' });
    const again = await submit(school, delegation.id, participantId).expect(
      refusal('DUPLICATE_APPLICATION'),
    );
    expect(again.body.code).toBe('DUPLICATE_APPLICATION');

    const approved = await t.decide(admin, submitted.body.id, 'approve').expect(200);
    expect(approved.body.status).toBe('approved');
    const published = await as(school, 'get', `/api/delegations/${delegation.id}`).expect(200);
    expect(published.body.studentPlacesLeft).toBe(9);
    await t.decide(admin, submitted.body.id, 'waitlist').expect(refusal('ILLEGAL_TRANSITION'));
  });

  it('enforces the rules for submitting', async () => {
    const delegation = await openDelegation(t, admin, { minAge: 14, maxAge: 16 });
    const tooYoung = await applicant(school, { birthDate: '2016-01-01' });
    const young = await submit(school, delegation.id, tooYoung)
      .set('Accept-Language', 'ru')
      .expect(refusal('AGE_OUT_OF_RANGE'));
    expect(young.body.code).toBe('AGE_OUT_OF_RANGE');

    const noConsent = await as(school, 'post', '/api/participants')
      .send(chineseStudent({ birthDate: '2011-01-01' }))
      .expect(201);
    const missing = await submit(school, delegation.id, noConsent.body.id).expect(
      refusal('GUARDIAN_CONSENT_MISSING'),
    );
    expect(missing.body.code).toBe('GUARDIAN_CONSENT_MISSING');

    const closed = await openDelegation(t, admin);
    await as(admin, 'post', `/api/admin/delegations/${closed.id}/transitions`)
      .send({ to: 'closed' })
      .expect(200);
    const late = await submit(
      school,
      closed.id,
      await applicant(school, { birthDate: '2011-01-01' }),
    ).expect(refusal('APPLICATION_WINDOW_CLOSED'));
    expect(late.body.code).toBe('APPLICATION_WINDOW_CLOSED');

    // Another school's participant does not exist for this school.
    const foreign = await applicant(otherSchool, { birthDate: '2011-01-01' });
    await submit(school, delegation.id, foreign).expect(refusal('NOT_FOUND'));
  });

  it('counts student and chaperone places separately and never over-approves', async () => {
    const delegation = await openDelegation(t, admin, { studentPlaces: 1, chaperonePlaces: 1 });
    const students = [await applicant(school), await applicant(school)];
    const teacher = await as(school, 'post', '/api/participants').send(chaperone()).expect(201);
    const [a, b] = await Promise.all(
      students.map((p) => submit(school, delegation.id, p).expect(201)),
    );
    const c = await submit(school, delegation.id, teacher.body.id).expect(201);
    await t.decide(admin, a.body.id, 'approve').expect(200);
    const full = await t.decide(admin, b.body.id, 'approve').expect(refusal('NO_PLACES_LEFT'));
    expect(full.body.code).toBe('NO_PLACES_LEFT');
    await t.decide(admin, c.body.id, 'approve').expect(200);
  });

  it('exactly as many concurrent approvals succeed as there are places', async () => {
    const delegation = await openDelegation(t, admin, { studentPlaces: 5, chaperonePlaces: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const participantId = await applicant(school);
      ids.push((await submit(school, delegation.id, participantId).expect(201)).body.id as string);
    }
    const results = await Promise.all(ids.map((id) => t.decide(admin, id, 'approve')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code as string)).toEqual(
      Array(15).fill('NO_PLACES_LEFT'),
    );
    const approved = await as(
      admin,
      'get',
      `/api/admin/delegations/${delegation.id}/applications?status=approved&pageSize=100`,
    ).expect(200);
    expect(approved.body.total).toBe(5);
    const published = await as(school, 'get', `/api/delegations/${delegation.id}`).expect(200);
    expect(published.body.studentPlacesLeft).toBe(0);
  });

  it('keeps places and counters consistent when batches, decisions and withdrawals race', async () => {
    const delegation = await openDelegation(t, admin, { studentPlaces: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push((await submit(school, delegation.id, await applicant(school)).expect(201)).body.id);
    }
    await t.decide(admin, ids[0], 'approve').expect(200);
    await t.decide(admin, ids[1], 'approve').expect(200);
    await t.decide(admin, ids[9], 'waitlist').expect(200);
    const batch = (order: number[]) =>
      as(admin, 'post', '/api/admin/applications/decisions').send({
        items: order.map((i) => ({ id: ids[i], decision: 'waitlist' })),
      });
    const results = await Promise.all([
      batch([2, 3, 4]),
      batch([4, 3, 2]),
      ...[5, 6, 7, 8].map((i) => t.decide(admin, ids[i], 'approve')),
      as(school, 'post', `/api/applications/${ids[0]}/withdraw`),
      as(school, 'post', `/api/applications/${ids[1]}/withdraw`),
    ]);
    expect(results.map((r) => r.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);

    const all = await as(
      admin,
      'get',
      `/api/admin/delegations/${delegation.id}/applications?pageSize=100`,
    ).expect(200);
    const holding = all.body.items.filter((a: { status: string }) =>
      ['approved', 'offered'].includes(a.status),
    );
    const published = await as(school, 'get', `/api/delegations/${delegation.id}`).expect(200);
    expect(holding.length).toBeLessThanOrEqual(3);
    expect(published.body.studentPlacesLeft).toBe(3 - holding.length);
  });

  it('offers the freed place to the first waitlisted when an approved one is withdrawn', async () => {
    const delegation = await openDelegation(t, admin, { studentPlaces: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await submit(school, delegation.id, await applicant(school)).expect(201)).body.id);
    await t.decide(admin, ids[0], 'approve').expect(200);
    await t.decide(admin, ids[2], 'waitlist').expect(200);
    await t.decide(admin, ids[1], 'waitlist').expect(200);

    const withdrawn = await as(school, 'post', `/api/applications/${ids[0]}/withdraw`).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const offered = await as(school, 'get', `/api/applications/${ids[2]}`).expect(200);
    expect(offered.body.status).toBe('offered');
    expect((await as(school, 'get', `/api/applications/${ids[1]}`).expect(200)).body.status).toBe(
      'waitlisted',
    );
    await t.decide(admin, ids[2], 'approve').expect(200);
    await as(school, 'post', `/api/applications/${ids[0]}/withdraw`).expect(
      refusal('ILLEGAL_TRANSITION'),
    );
  });

  it('keeps an offered place for the one offered, and passes it on when the offer is rejected', async () => {
    const delegation = await openDelegation(t, admin, { studentPlaces: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await submit(school, delegation.id, await applicant(school)).expect(201)).body.id);
    }
    await t.decide(admin, ids[0], 'approve').expect(200);
    await t.decide(admin, ids[1], 'waitlist').expect(200);
    await t.decide(admin, ids[2], 'waitlist').expect(200);
    await as(school, 'post', `/api/applications/${ids[0]}/withdraw`).expect(200);
    expect((await as(school, 'get', `/api/applications/${ids[1]}`).expect(200)).body.status).toBe(
      'offered',
    );
    // Someone else cannot take the place kept for the offer.
    expect(
      (await t.decide(admin, ids[3], 'approve').expect(refusal('NO_PLACES_LEFT'))).body.code,
    ).toBe('NO_PLACES_LEFT');
    // Rejecting the offer passes the place to the next waitlisted.
    await t.decide(admin, ids[1], 'reject').expect(200);
    expect((await as(school, 'get', `/api/applications/${ids[2]}`).expect(200)).body.status).toBe(
      'offered',
    );
    await t.decide(admin, ids[2], 'approve').expect(200);
    const published = await as(school, 'get', `/api/delegations/${delegation.id}`).expect(200);
    expect(published.body.studentPlacesLeft).toBe(0);
  });

  it('refuses decisions once a delegation is cancelled', async () => {
    const delegation = await openDelegation(t, admin);
    const application = (await submit(school, delegation.id, await applicant(school)).expect(201))
      .body;
    await as(admin, 'post', `/api/admin/delegations/${delegation.id}/transitions`)
      .send({ to: 'cancelled' })
      .expect(200);
    const refused = await t
      .decide(admin, application.id, 'approve')
      .expect(refusal('DELEGATION_NOT_DECIDING'));
    expect(refused.body.code).toBe('DELEGATION_NOT_DECIDING');
  });

  it('shows changedSinceApproval after an edit, until approved again', async () => {
    const delegation = await openDelegation(t, admin);
    const participantId = await applicant(school);
    const application = (await submit(school, delegation.id, participantId).expect(201)).body;
    await t.decide(admin, application.id, 'approve').expect(200);
    // An empty edit changes nothing.
    await as(school, 'patch', `/api/participants/${participantId}`).send({}).expect(200);
    const unchanged = await as(school, 'get', `/api/applications/${application.id}`).expect(200);
    expect(unchanged.body.changedSinceApproval).toBe(false);
    await as(school, 'patch', `/api/participants/${participantId}`)
      .send({ birthPlace: '黑河市爱辉区' })
      .expect(200);

    const changed = await as(school, 'get', `/api/applications/${application.id}`).expect(200);
    expect(changed.body.changedSinceApproval).toBe(true);
    await t.decide(admin, application.id, 'approve').expect(200);
    const confirmed = await as(school, 'get', `/api/applications/${application.id}`).expect(200);
    expect(confirmed.body.changedSinceApproval).toBe(false);
    const published = await as(school, 'get', `/api/delegations/${delegation.id}`).expect(200);
    expect(published.body.studentPlacesLeft).toBe(9);
  });

  it('decides in batches all or nothing, listing each refused item', async () => {
    const delegation = await openDelegation(t, admin, { studentPlaces: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await submit(school, delegation.id, await applicant(school)).expect(201)).body.id);
    const refused = await as(admin, 'post', '/api/admin/applications/decisions')
      .send({
        items: [
          { id: ids[0], decision: 'approve' },
          { id: ids[1], decision: 'approve' },
          { id: ids[2], decision: 'reject' },
        ],
      })
      .expect(refusal('DECISIONS_REFUSED'));
    expect(refused.body).toMatchObject({
      code: 'DECISIONS_REFUSED',
      errors: [expect.objectContaining({ field: 'items.1', code: 'NO_PLACES_LEFT' })],
    });
    for (const id of ids) {
      expect((await as(school, 'get', `/api/applications/${id}`).expect(200)).body.status).toBe(
        'submitted',
      );
    }
    const accepted = await as(admin, 'post', '/api/admin/applications/decisions')
      .send({
        items: [
          { id: ids[0], decision: 'approve' },
          { id: ids[1], decision: 'waitlist' },
          { id: ids[2], decision: 'reject', note: '名额已满' },
        ],
      })
      .expect(200);
    expect(accepted.body.items.map((a: { status: string }) => a.status)).toEqual([
      'approved',
      'waitlisted',
      'rejected',
    ]);
  });

  it('sees, within one batch, what its earlier items changed', async () => {
    const delegation = await openDelegation(t, admin, { studentPlaces: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await submit(school, delegation.id, await applicant(school)).expect(201)).body.id);
    await t.decide(admin, ids[0], 'approve').expect(200);
    await t.decide(admin, ids[1], 'waitlist').expect(200);
    await t.decide(admin, ids[2], 'waitlist').expect(200);
    await as(school, 'post', `/api/applications/${ids[0]}/withdraw`).expect(200);
    // Rejecting the offer passes the place to the next waitlisted, whom the same batch
    // then approves: on the place kept for the offer, not on a second one.
    const batch = await as(admin, 'post', '/api/admin/applications/decisions')
      .send({
        items: [
          { id: ids[1], decision: 'reject' },
          { id: ids[2], decision: 'approve' },
          { id: ids[2], decision: 'approve' },
        ],
      })
      .expect(200);
    expect(batch.body.items.map((a: { status: string }) => a.status)).toEqual([
      'rejected',
      'approved',
      'approved',
    ]);
    const published = await as(school, 'get', `/api/delegations/${delegation.id}`).expect(200);
    expect(published.body.studentPlacesLeft).toBe(0);
    const trail = await as(admin, 'get', `/api/admin/audit?entityId=${ids[2]}`).expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action).sort()).toEqual(
      ['submit', 'decision', 'offer', 'decision', 'decision'].sort(),
    );
  });

  it('keeps each school to its own applications, and audits decisions', async () => {
    const delegation = await openDelegation(t, admin);
    const application = (await submit(school, delegation.id, await applicant(school)).expect(201))
      .body;
    await as(otherSchool, 'get', `/api/applications/${application.id}`).expect(
      refusal('NOT_FOUND'),
    );
    await as(otherSchool, 'post', `/api/applications/${application.id}/withdraw`).expect(
      refusal('NOT_FOUND'),
    );
    const others = await as(
      otherSchool,
      'get',
      `/api/applications?delegationId=${delegation.id}`,
    ).expect(200);
    expect(others.body.items).toEqual([]);
    await t.decide(school, application.id, 'approve').expect(refusal('FORBIDDEN'));
    await t.decide(admin, application.id, 'reject').expect(200);
    const audit = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=application&entityId=${application.id}`,
    ).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'decision',
      'submit',
    ]);
  });
});
