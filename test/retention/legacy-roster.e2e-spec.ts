import { DataSource } from 'typeorm';
import { Transactions } from '../../src/database/transactions';
import { memberDigest, rosterHash } from '../../src/rosters/roster-content';
import { RosterStore } from '../../src/rosters/roster-store';
import { isolatedDatabase } from '../support/isolated-database';
import { chineseStudent, russianStudent } from '../support/people';
import { openDelegation, Session, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/**
 * A version locked before rows kept their digests (hash scheme 1, over the rows
 * themselves): its hash still checks while the rows are whole; erasure first computes each
 * row's digest from its data, so whoever holds the printed list can check any one row.
 */
describe('erasing a roster version of hash scheme 1', () => {
  let drop: () => Promise<void>;
  let t: TestApp;
  let admin: Session;
  let overrides: Record<string, string>;

  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    t = await TestApp.start(isolated.overrides);
    overrides = { ...isolated.overrides, DATA_DIR: t.config.dataDir };
    admin = await t.loginAdmin();
  });

  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('checks whole rows, and keeps each erased row checkable by its digest', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin);
    const people = [
      await t.registered(school, chineseStudent()),
      await t.registered(school, russianStudent()),
    ];
    await t.approvedAndClosed(admin, school, delegation.id, people);
    await t.lockWithOverride(admin, delegation.id, 'test: two students');

    // The version as an earlier release wrote it: scheme 1, no digests.
    let db = t.app.get(DataSource);
    const [version] = await db.query<
      {
        id: string;
        direction: 'CN_TO_RU';
        departureDate: string;
        returnDate: string;
        hostOrganizationId: string;
      }[]
    >(
      'SELECT id, direction, departureDate, returnDate, hostOrganizationId FROM roster_versions WHERE delegationId = ?',
      [delegation.id],
    );
    const rows = await t.app.get(RosterStore).load(t.app.get(Transactions).read(null), version.id);
    const header = {
      direction: version.direction,
      departureDate: String(version.departureDate),
      returnDate: String(version.returnDate),
      hostOrganizationId: version.hostOrganizationId,
    };
    const legacy = rosterHash(delegation.id, header, rows, 1);
    await db.query('UPDATE roster_versions SET hashScheme = 1, hash = ? WHERE id = ?', [
      legacy,
      version.id,
    ]);
    await db.query('UPDATE roster_members SET contentDigest = NULL WHERE rosterVersionId = ?', [
      version.id,
    ]);
    const url = `/api/admin/delegations/${delegation.id}/roster/versions/1/integrity`;
    const whole = await t.as(admin, 'get', url).expect(200);
    expect(whole.body).toMatchObject({
      scheme: 1,
      hash: legacy,
      recomputed: legacy,
      matches: true,
      erasedMembers: 0,
    });
    const digests = Object.fromEntries(rows.map((p) => [p.participantId, memberDigest(p)]));

    await t.close();
    t = await TestApp.start({ ...overrides, CLOCK_SHIFT_DAYS: '500' });
    db = t.app.get(DataSource);
    admin = await t.loginAdmin();
    const run = await t.as(admin, 'post', '/api/admin/retention/runs').expect(201);
    expect(run.body.counts).toMatchObject({ participants: 2, rosterCopies: 2 });

    const kept = await db.query<{ participantId: string; contentDigest: string }[]>(
      'SELECT participantId, contentDigest FROM roster_members WHERE rosterVersionId = ?',
      [version.id],
    );
    expect(Object.fromEntries(kept.map((m) => [m.participantId, m.contentDigest]))).toEqual(
      digests,
    );
    const erased = await t.as(admin, 'get', url).expect(200);
    expect(erased.body).toMatchObject({
      scheme: 1,
      hash: legacy,
      recomputed: null,
      matches: null,
      members: 2,
      erasedMembers: 2,
    });
  });
});
