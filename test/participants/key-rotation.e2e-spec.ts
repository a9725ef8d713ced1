import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ParticipantsService } from '../../src/participants/participants.service';
import { RostersService } from '../../src/rosters/rosters.service';
import { chineseStudent, uniquePassport } from '../support/people';
import { TEST_ENCRYPTION_KEYS } from '../support/test-config';
import { openDelegation, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

// Its own SQLite file: rotating keys must not touch what other suites encrypted.
describe('passport key rotation', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-rotation-'));
  const own = { DATABASE_URL: undefined, DATA_DIR: dataDir };
  const newKey = `t2:${Buffer.alloc(32, 9).toString('base64')}`;

  it('re-encrypts under the new first key, resumably, and the old key can then go', async () => {
    const passports = [uniquePassport(), uniquePassport(), uniquePassport()];
    const before = await TestApp.start(own);
    const admin = await before.loginAdmin();
    const school = await before.createUser(admin, 'school_coordinator');
    const ids: string[] = [];
    for (const passportNumber of passports) {
      const created = await before
        .as(school, 'post', '/api/participants')
        .send(chineseStudent({ passportNumber }))
        .expect(201);
      ids.push(created.body.id as string);
    }
    await before.close();

    const rotating = await TestApp.start({
      ...own,
      ENCRYPTION_KEYS: `${newKey},${TEST_ENCRYPTION_KEYS}`,
    });
    const service = rotating.app.get(ParticipantsService);
    // Batches of two: the command resumes where it stopped.
    expect(await service.reencryptBatch(2)).toBe(2);
    expect(await service.reencryptBatch(2)).toBe(1);
    expect(await service.reencryptBatch(2)).toBe(0);
    const rows = await rotating.app
      .get(DataSource)
      .query<{ value: string }[]>(`SELECT passportEncrypted AS value FROM participants`);
    expect(rows.map((r) => r.value.split('.')[1])).toEqual(['t2', 't2', 't2']);
    await rotating.close();

    const after = await TestApp.start({ ...own, ENCRYPTION_KEYS: newKey });
    const organizer = await after.loginAdmin();
    for (const [i, id] of ids.entries()) {
      const revealed = await after
        .as(organizer, 'post', `/api/admin/participants/${id}/reveal`)
        .expect(200);
      expect(revealed.body.passportNumber).toBe(passports[i]);
    }
    // Duplicate checks still find numbers stored before the rotation.
    const coordinator = await after.login(school.email, school.password);
    const duplicate = await after
      .as(coordinator, 'post', '/api/participants')
      .send(chineseStudent({ passportNumber: passports[0] }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(duplicate.body.errors[0]).toMatchObject({
      field: 'passportNumber',
      code: 'DUPLICATE_PASSPORT',
    });
    await after.close();
  });

  it('re-encrypts the passport numbers locked into roster versions too', async () => {
    const rosterDir = mkdtempSync(join(tmpdir(), 'yb-rotation-roster-'));
    const mine = { DATABASE_URL: undefined, DATA_DIR: rosterDir };
    const passportNumber = uniquePassport();
    const before = await TestApp.start(mine);
    const admin = await before.loginAdmin();
    const school = await before.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(before, admin);
    const participant = await before.registered(school, chineseStudent({ passportNumber }), [
      'guardian',
    ]);
    await before.approvedAndClosed(admin, school, delegation.id, [participant]);
    await before.lockWithOverride(admin, delegation.id, 'a group of one, for the test');
    await before.close();

    const rotating = await TestApp.start({
      ...mine,
      ENCRYPTION_KEYS: `${newKey},${TEST_ENCRYPTION_KEYS}`,
    });
    expect(await rotating.app.get(RostersService).reencryptBatch()).toBe(1);
    expect(await rotating.app.get(RostersService).reencryptBatch()).toBe(0);
    await rotating.close();

    const after = await TestApp.start({ ...mine, ENCRYPTION_KEYS: newKey });
    const organizer = await after.loginAdmin();
    const csv = await after
      .as(organizer, 'get', `/api/admin/delegations/${delegation.id}/roster/export?format=csv`)
      .expect(200);
    expect(csv.text).toContain(passportNumber);
    await after.close();
  });
});
