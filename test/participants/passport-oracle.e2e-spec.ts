import { Response } from 'supertest';
import { apiRow, csv, FIELDS } from '../support/import-files';
import { eventually } from '../support/isolated-database';
import { chaperone, uniquePassport } from '../support/people';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

/** One import file, one row (a student with a guardian) per number. */
const csvOf = (numbers: string[]) =>
  csv([[...FIELDS], ...numbers.map((passportNumber) => apiRow({ passportNumber }))]);

/**
 * What a coordinator can observe of an answer, with what differs between any two calls
 * (ids, times, request ids, the number's own digits) replaced by its shape.
 */
function observable(response: Response) {
  const scrub = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [
          key,
          ['id', 'requestId', 'createdAt', 'updatedAt', 'givenAt'].includes(key)
            ? typeof inner
            : key === 'passportNumber' && typeof inner === 'string'
              ? inner.replace(/[0-9A-Z]/g, 'x')
              : scrub(inner),
        ]),
      );
    }
    return value;
  };
  const headers = Object.keys(response.headers)
    .filter((name) => !['date', 'x-request-id', 'etag'].includes(name))
    .sort();
  return {
    status: response.status,
    headers,
    length: response.headers['content-length'],
    body: scrub(response.body),
  };
}

describe('passport numbers of other schools', () => {
  let t: TestApp;
  let admin: Session;
  let schoolA: Session;
  let schoolB: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    schoolA = await t.createUser(admin, 'school_coordinator');
    schoolB = await t.createUser(admin, 'school_coordinator');
  });
  afterAll(() => t.close());

  const as: TestApp['as'] = (...args) => t.as(...args);
  const create = (s: Session, passportNumber: string) =>
    as(s, 'post', '/api/participants').send(chaperone({ passportNumber }));
  const importFile = (s: Session, numbers: string[], dryRun = false) =>
    as(s, 'post', `/api/participants/import${dryRun ? '?dryRun=true' : ''}`).attach(
      'file',
      csvOf(numbers),
      'people.csv',
    );
  const conflictsOf = async (participantIds: string[]) => {
    const listed = await as(
      admin,
      'get',
      '/api/admin/passport-conflicts?status=open&pageSize=100',
    ).expect(200);
    return (
      listed.body.items as { id: string; participant: { id: string }; holder: { id: string } }[]
    ).filter((c) => participantIds.includes(c.participant.id));
  };

  it('answers a coordinator the same whether another school registered the number or nobody did, on every route', async () => {
    const taken = uniquePassport();
    const holder = await create(schoolA, taken).expect(201);

    // Create.
    const [collided, fresh] = [
      await create(schoolB, taken),
      await create(schoolB, uniquePassport()),
    ];
    expect(observable(collided)).toEqual(observable(fresh));
    expect(collided.status).toBe(201);
    // Read back, one by one and in the list.
    const [readCollided, readFresh] = [
      await as(schoolB, 'get', `/api/participants/${collided.body.id}`),
      await as(schoolB, 'get', `/api/participants/${fresh.body.id}`),
    ];
    expect(observable(readCollided)).toEqual(observable(readFresh));

    // Update another person to the taken number, or to a new one.
    const [p1, p2] = [
      await create(schoolB, uniquePassport()).expect(201),
      await create(schoolB, uniquePassport()).expect(201),
    ];
    const takenToo = uniquePassport();
    await create(schoolA, takenToo).expect(201);
    const [updatedCollided, updatedFresh] = [
      await as(schoolB, 'patch', `/api/participants/${p1.body.id}`).send({
        passportNumber: takenToo,
      }),
      await as(schoolB, 'patch', `/api/participants/${p2.body.id}`).send({
        passportNumber: uniquePassport(),
      }),
    ];
    expect(observable(updatedCollided)).toEqual(observable(updatedFresh));
    expect(updatedCollided.status).toBe(200);

    // Import and dry run.
    const takenByImport = uniquePassport();
    await create(schoolA, takenByImport).expect(201);
    const probe = uniquePassport();
    const probed = await create(schoolA, probe).expect(201);
    const [dryCollided, dryFresh] = [
      await importFile(schoolB, [probe], true),
      await importFile(schoolB, [uniquePassport()], true),
    ];
    expect(observable(dryCollided)).toEqual(observable(dryFresh));
    expect(dryCollided.status).toBe(200);
    const [importCollided, importFresh] = [
      await importFile(schoolB, [takenByImport]),
      await importFile(schoolB, [uniquePassport()]),
    ];
    expect(observable(importCollided)).toEqual(observable(importFresh));
    expect(importCollided.status).toBe(201);

    // The organizers see each collision, and every one is on record, the dry run's too.
    const listed = await as(schoolB, 'get', '/api/participants?pageSize=100&search=王').expect(200);
    const imported = (listed.body.items as { id: string; passportNumber: string }[]).filter(
      (p) => ![collided.body.id, fresh.body.id, p1.body.id, p2.body.id].includes(p.id),
    );
    const conflicts = await conflictsOf([
      collided.body.id,
      fresh.body.id,
      p1.body.id,
      p2.body.id,
      ...imported.map((p) => p.id),
    ]);
    expect(conflicts).toHaveLength(3);
    expect(conflicts.map((c) => c.participant.id)).toEqual(
      expect.arrayContaining([collided.body.id, p1.body.id]),
    );
    expect(conflicts.find((c) => c.participant.id === collided.body.id)?.holder.id).toBe(
      holder.body.id,
    );
    expect(await t.audit(admin, { action: 'conflict', entityId: collided.body.id })).toEqual([
      expect.objectContaining({ actorId: schoolB.userId }),
    ]);
    expect(await t.audit(admin, { action: 'conflict', entityId: probed.body.id })).toEqual([
      expect.objectContaining({ actorId: schoolB.userId, note: 'dry run' }),
    ]);
    await eventually('the organizers’ message', async () => {
      const inbox = await as(admin, 'get', '/api/notifications?pageSize=100').expect(200);
      return (inbox.body.items as { event: string }[]).some((m) => m.event === 'passport.conflict');
    });
  });

  it('still tells a school about its own duplicates, including one waiting on an organizer', async () => {
    const own = uniquePassport();
    await create(schoolA, own).expect(201);
    const again = await create(schoolA, ` ${own.toLowerCase()} `).expect(
      refusal('VALIDATION_FAILED'),
    );
    expect(again.body.errors).toEqual([
      expect.objectContaining({ field: 'passportNumber', code: 'DUPLICATE_PASSPORT' }),
    ]);
    // School B's number collided silently; entered a second time in B, it is B's own.
    await create(schoolB, own).expect(201);
    const twiceInB = await create(schoolB, own).expect(refusal('VALIDATION_FAILED'));
    expect(twiceInB.body.errors[0].code).toBe('DUPLICATE_PASSPORT');
    const dry = await importFile(schoolB, [own], true).expect(refusal('IMPORT_FAILED'));
    expect(dry.body.errors).toEqual([
      expect.objectContaining({ field: 'rows.2.passportNumber', code: 'DUPLICATE_PASSPORT' }),
    ]);
    // An organizer sees everything, so is told of every duplicate.
    const someone = await create(schoolA, uniquePassport()).expect(201);
    const byOrganizer = await as(admin, 'patch', `/api/participants/${someone.body.id}`)
      .send({ passportNumber: own })
      .expect(refusal('VALIDATION_FAILED'));
    expect(byOrganizer.body.errors[0].code).toBe('DUPLICATE_PASSPORT');
  });

  it('keeps a conflicting participant off a locked roster until an organizer settles it', async () => {
    const taken = uniquePassport();
    await create(schoolA, taken).expect(201);
    const newcomer = await create(schoolB, taken).expect(201);
    const delegation = await openDelegation(t, admin);
    const application = await as(schoolB, 'post', '/api/applications')
      .send({ delegationId: delegation.id, participantId: newcomer.body.id })
      .expect(201);
    await t.decide(admin, application.body.id, 'approve').expect(200);
    await as(admin, 'post', `/api/admin/delegations/${delegation.id}/transitions`)
      .send({ to: 'closed' })
      .expect(200);
    const readiness = await as(
      admin,
      'get',
      `/api/admin/delegations/${delegation.id}/roster/readiness`,
    ).expect(200);
    expect(readiness.body.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'PASSPORT_CONFLICT', participantId: newcomer.body.id }),
      ]),
    );
  });

  it('lets an organizer keep the number with either record, and follows changes of either school', async () => {
    // Kept with the holder: the newcomer's number is cleared, its version moves on.
    const first = uniquePassport();
    await create(schoolA, first).expect(201);
    const newcomer = await create(schoolB, first).expect(201);
    const [open] = await conflictsOf([newcomer.body.id]);
    await as(admin, 'post', `/api/admin/passport-conflicts/${open.id}/resolve`)
      .send({ keep: 'holder' })
      .expect(204);
    const cleared = await as(schoolB, 'get', `/api/participants/${newcomer.body.id}`).expect(200);
    expect(cleared.body).toMatchObject({ passportNumber: null, version: 2 });
    const again = await as(admin, 'post', `/api/admin/passport-conflicts/${open.id}/resolve`)
      .send({ keep: 'newcomer' })
      .expect(refusal('PASSPORT_CONFLICT_RESOLVED'));
    expect(again.body.code).toBe('PASSPORT_CONFLICT_RESOLVED');
    const bad = await as(admin, 'post', `/api/admin/passport-conflicts/${open.id}/resolve`)
      .send({ keep: 'both' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(bad.body.errors[0]).toMatchObject({ field: 'keep', code: 'IS_IN' });
    await as(schoolA, 'get', '/api/admin/passport-conflicts').expect(refusal('FORBIDDEN'));

    // Kept with the newcomer: the holder's is cleared, and the number is school B's now.
    const second = uniquePassport();
    const holder = await create(schoolA, second).expect(201);
    const winner = await create(schoolB, second).expect(201);
    const [other] = await conflictsOf([winner.body.id]);
    await as(admin, 'post', `/api/admin/passport-conflicts/${other.id}/resolve`)
      .send({ keep: 'newcomer' })
      .expect(204);
    expect(
      (await as(schoolA, 'get', `/api/participants/${holder.body.id}`).expect(200)).body,
    ).toMatchObject({ passportNumber: null, version: 2 });
    expect(
      (await create(schoolB, second).expect(refusal('VALIDATION_FAILED'))).body.errors[0].code,
    ).toBe('DUPLICATE_PASSPORT');
    const back = await create(schoolA, second).expect(201);
    expect((await conflictsOf([back.body.id]))[0].holder.id).toBe(winner.body.id);

    // The newcomer's school enters another number: that conflict is over.
    const third = uniquePassport();
    await create(schoolA, third).expect(201);
    const typo = await create(schoolB, third).expect(201);
    await as(schoolB, 'patch', `/api/participants/${typo.body.id}`)
      .send({ passportNumber: uniquePassport() })
      .expect(200);
    expect(await conflictsOf([typo.body.id])).toEqual([]);
    const settled = await as(
      admin,
      'get',
      '/api/admin/passport-conflicts?status=resolved&pageSize=100',
    ).expect(200);
    expect(settled.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          participant: expect.objectContaining({ id: typo.body.id }),
          resolution: 'changed',
        }),
      ]),
    );

    // The holder's school changes its number: the newcomer holds it from then on.
    const fourth = uniquePassport();
    const oldHolder = await create(schoolA, fourth).expect(201);
    const successor = await create(schoolB, fourth).expect(201);
    await as(schoolA, 'patch', `/api/participants/${oldHolder.body.id}`)
      .send({ passportNumber: uniquePassport() })
      .expect(200);
    expect(await conflictsOf([successor.body.id])).toEqual([]);
    expect(
      (await create(schoolB, fourth).expect(refusal('VALIDATION_FAILED'))).body.errors[0].code,
    ).toBe('DUPLICATE_PASSPORT');
  });

  it('settles two schools entering one new number at once: one holds it, one conflict', async () => {
    for (let i = 0; i < 5; i++) {
      const number = uniquePassport();
      const [a, b] = await Promise.all([create(schoolA, number), create(schoolB, number)]);
      expect([a.status, b.status]).toEqual([201, 201]);
      const conflicts = await conflictsOf([a.body.id, b.body.id]);
      expect(conflicts).toHaveLength(1);
      expect([a.body.id, b.body.id]).toContain(conflicts[0].holder.id);
    }
  });

  it('limits creates, edits and imports per account and hour', async () => {
    const limited = await TestApp.start({
      PARTICIPANT_WRITES_PER_HOUR: '3',
      IMPORTS_PER_HOUR: '2',
    });
    try {
      const boss = await limited.loginAdmin();
      const coordinator = await limited.createUser(boss, 'school_coordinator', {
        preferredLanguage: 'ru',
      });
      const post = () =>
        limited
          .http()
          .post('/api/participants')
          .auth(coordinator.accessToken, { type: 'bearer' })
          .send(chaperone({ passportNumber: uniquePassport() }));
      const made = await post().expect(201);
      await limited
        .http()
        .patch(`/api/participants/${made.body.id}`)
        .auth(coordinator.accessToken, { type: 'bearer' })
        .send({ birthPlace: 'Хэйхэ' })
        .expect(200);
      await post().expect(201);
      const refused = await post().expect(refusal('RATE_LIMITED'));
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.message).toMatch(/[А-Яа-я]/);
      const dry = () =>
        limited
          .http()
          .post('/api/participants/import?dryRun=true')
          .auth(coordinator.accessToken, { type: 'bearer' })
          .attach('file', csvOf([uniquePassport()]), 'people.csv');
      await dry().expect(200);
      await dry().expect(200);
      expect((await dry().expect(refusal('RATE_LIMITED'))).body.code).toBe('RATE_LIMITED');
      // Another account has its own budget.
      const colleague = await limited.createUser(boss, 'school_coordinator');
      await limited
        .http()
        .post('/api/participants')
        .auth(colleague.accessToken, { type: 'bearer' })
        .send(chaperone({ passportNumber: uniquePassport() }))
        .expect(201);
    } finally {
      await limited.close();
    }
  });
});
