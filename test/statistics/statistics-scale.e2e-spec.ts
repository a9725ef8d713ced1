import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Application } from '../../src/applications/application.entity';
import { Delegation } from '../../src/delegations/delegation.entity';
import { RosterMember } from '../../src/rosters/roster-member.entity';
import { RosterVersion } from '../../src/rosters/roster-version.entity';
import { isolatedDatabase } from '../support/isolated-database';
import { chineseStudent } from '../support/people';
import { openDelegation, Session, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/**
 * The statistics past the sizes the hand-built years reach: more than a thousand
 * delegations (SQLite refuses a compound SELECT of over 500 terms, and IN lists grow), and
 * a trip whose departure was moved after its roster was locked: it counts in the year the
 * delegation now departs, as every other figure of it does.
 */
describe('statistics at scale and after a moved departure', () => {
  let t: TestApp;
  let admin: Session;
  let db: DataSource;
  let host: string;
  let regime: string;
  let drop: () => Promise<void>;

  const delegation = (over: Partial<Delegation>): Partial<Delegation> => ({
    id: randomUUID(),
    titleZh: '交流',
    titleRu: 'Обмен',
    descriptionZh: '',
    descriptionRu: '',
    direction: 'CN_TO_RU',
    hostOrganizationId: host,
    departureDate: '2023-05-01',
    returnDate: '2023-05-05',
    applicationOpensAt: new Date('2023-01-01T00:00:00Z'),
    applicationClosesAt: new Date('2023-02-01T00:00:00Z'),
    studentPlaces: 10,
    chaperonePlaces: 1,
    studentPlacesTaken: 0,
    chaperonePlacesTaken: 0,
    minAge: 8,
    maxAge: 70,
    studentsPerChaperone: 8,
    travelRegimeId: regime,
    status: 'closed',
    rosterVersion: 0,
    ...over,
  });

  beforeAll(async () => {
    // A database of its own: the counts are of everything in it.
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    t = await TestApp.start(isolated.overrides);
    db = t.app.get(DataSource);
    admin = await t.loginAdmin();
    host = (await t.createOrganization(admin, { type: 'partner', country: 'RU' })).id;
    [{ id: regime }] = await db.query<{ id: string }[]>('SELECT id FROM travel_regimes LIMIT 1');
    const rows = Array.from({ length: 1200 }, (_, i) =>
      delegation({
        departureDate: `${2022 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-10`,
        returnDate: `${2022 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-14`,
      }),
    );
    for (let i = 0; i < rows.length; i += 200) {
      await db.getRepository(Delegation).insert(rows.slice(i, i + 200));
    }
  });
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('counts 1,200 delegations over two years, with their year-over-year rows', async () => {
    const res = await t.as(admin, 'get', '/api/admin/statistics?year=2023').expect(200);
    expect(res.body.delegations.total).toBe(600);
    expect(
      res.body.yearOverYear.map((y: { year: number; delegations: { total: number } }) => [
        y.year,
        y.delegations.total,
      ]),
    ).toEqual([
      [2022, 600],
      [2023, 600],
    ]);
    expect(res.body.applications.byDelegation).toHaveLength(600);
    const range = await t
      .as(admin, 'get', '/api/admin/statistics?from=2022-01-01&to=2023-06-30')
      .expect(200);
    expect(range.body.delegations.total).toBe(900);
    await t.http().get('/zh/year/2023').expect(200);
  });

  it('counts a trip in the year its delegation departs, even when moved after locking', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const person = await t.registered(school, chineseStudent({ birthDate: '2012-01-01' }));
    const moved = delegation({
      departureDate: '2026-01-05',
      returnDate: '2026-01-09',
      status: 'confirmed',
      rosterVersion: 1,
      studentPlacesTaken: 1,
    });
    await db.getRepository(Delegation).insert(moved);
    const applicationId = randomUUID();
    await db.getRepository(Application).insert({
      id: applicationId,
      delegationId: moved.id,
      participantId: person.id,
      schoolId: school.organizationId,
      kind: 'student',
      status: 'approved',
      submittedAt: new Date('2025-10-01T00:00:00Z'),
      decidedAt: new Date('2025-10-03T00:00:00Z'),
      firstDecidedAt: new Date('2025-10-03T00:00:00Z'),
    });
    const versionId = randomUUID();
    // Locked when the trip was to leave on 28 December 2025.
    await db.getRepository(RosterVersion).insert({
      id: versionId,
      delegationId: moved.id,
      version: 1,
      hash: 'f'.repeat(64),
      hashScheme: 2,
      memberCount: 1,
      direction: 'CN_TO_RU',
      departureDate: '2025-12-28',
      returnDate: '2026-01-01',
      hostOrganizationId: host,
      lockedAt: new Date('2025-11-01T00:00:00Z'),
      lockedById: admin.userId,
      partnerDecision: 'approved',
    });
    await db.getRepository(RosterMember).insert({
      id: randomUUID(),
      rosterVersionId: versionId,
      position: 1,
      participantId: person.id,
      applicationId,
      schoolId: school.organizationId,
      kind: 'student',
      nationality: 'CN',
      familyName: '李',
      givenName: '雨轩',
      gender: 'female',
      birthDate: '2012-01-01',
      birthPlace: '黑河',
      ageOnDeparture: 13,
    });
    const in2026 = await t.as(admin, 'get', '/api/admin/statistics?year=2026').expect(200);
    expect(in2026.body.travellers).toMatchObject({ total: 1, byDirection: { CN_TO_RU: 1 } });
    const in2025 = await t.as(admin, 'get', '/api/admin/statistics?year=2025').expect(200);
    expect(in2025.body.travellers.total).toBe(0);
    const range = await t
      .as(admin, 'get', '/api/admin/statistics?from=2026-01-01&to=2026-01-31')
      .expect(200);
    expect(range.body.travellers.total).toBe(1);
    expect(range.body.applications.medianDaysToDecision).toBe(2);
  });

  it('times a decision from its first one: a later re-approval does not move it', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const open = await openDelegation(t, admin);
    const person = await t.registered(school, chineseStudent());
    const id = await t.applied(school, open.id, person.id);
    await t.decide(admin, id, 'waitlist').expect(200);
    const read = async () =>
      (
        await db.query<{ decidedAt: unknown; firstDecidedAt: unknown }[]>(
          'SELECT decidedAt, firstDecidedAt FROM applications WHERE id = ?',
          [id],
        )
      )[0];
    const first = await read();
    expect(first.firstDecidedAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    await t.decide(admin, id, 'approve').expect(200);
    const after = await read();
    // MariaDB gives Dates (to the microsecond), SQLite text.
    const at = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
    expect(at(after.decidedAt)).not.toBe(at(first.decidedAt));
    expect(at(after.firstDecidedAt)).toBe(at(first.firstDecidedAt));
  });
});
