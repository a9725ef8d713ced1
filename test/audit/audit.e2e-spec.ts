import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditVocabulary1765000002000 } from '../../src/database/migrations/1765000002000-audit-vocabulary';
import { isolatedDatabase } from '../support/isolated-database';
import { chineseStudent } from '../support/people';
import { TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('audit log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('filters by entity, actor, action and time, newest first, and is for organizers only', async () => {
    const admin = await t.loginAdmin();
    const school = await t.createUser(admin, 'school_coordinator');
    const from = new Date(Date.now() - 1000).toISOString();
    const created = await t
      .http()
      .post('/api/participants')
      .auth(school.accessToken, { type: 'bearer' })
      .send(chineseStudent())
      .expect(201);
    const id = created.body.id as string;
    await t
      .http()
      .patch(`/api/participants/${id}`)
      .auth(school.accessToken, { type: 'bearer' })
      .send({ phone: '+86 138 0000 0000' })
      .expect(200);
    await t
      .http()
      .post(`/api/admin/participants/${id}/reveal`)
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    const query = (params: string) =>
      t
        .http()
        .get(`/api/admin/audit?${params}`)
        .auth(admin.accessToken, { type: 'bearer' })
        .expect(200);

    const all = await query(`entityType=participant&entityId=${id}`);
    expect(all.body.items.map((e: { action: string }) => e.action)).toEqual([
      'reveal',
      'update',
      'create',
    ]);
    const update = all.body.items[1];
    expect(update).toMatchObject({
      actorId: school.userId,
      organizationId: school.organizationId,
      changedFields: ['phone'],
    });
    expect(update.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(all.body)).not.toContain('138 0000');

    const bySchool = await query(`entityId=${id}&actorId=${school.userId}`);
    expect(bySchool.body.items).toHaveLength(2);
    const reveals = await query(`entityId=${id}&action=reveal&from=${encodeURIComponent(from)}`);
    expect(reveals.body.items).toHaveLength(1);
    const beforeAnything = await query(`entityId=${id}&to=${encodeURIComponent(from)}`);
    expect(beforeAnything.body.items).toHaveLength(0);

    await t
      .http()
      .get('/api/admin/audit')
      .auth(school.accessToken, { type: 'bearer' })
      .expect(refusal('FORBIDDEN'));
    await t
      .http()
      .get('/api/admin/audit?action=DROP%20TABLE')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(refusal('VALIDATION_FAILED'));
  });

  it('speaks one vocabulary of plain words, listed in the API description and required by the filter', async () => {
    const admin = await t.loginAdmin();
    const spec = await t.http().get('/api/openapi.json').expect(200);
    const entry = spec.body.components.schemas.AuditEntryDto.properties;
    expect(entry.action.enum).toEqual(
      expect.arrayContaining(['export', 'reveal', 'decision', 'lock', 'consent']),
    );
    expect(entry.entityType.enum).toEqual(expect.arrayContaining(['roster', 'participant']));
    for (const word of entry.action.enum as string[]) expect(word).toMatch(/^[a-z]+$/);
    const parameters = spec.body.paths['/api/admin/audit'].get.parameters as {
      name: string;
      schema: { enum?: string[] };
    }[];
    expect(parameters.find((p) => p.name === 'action')?.schema.enum).toEqual(entry.action.enum);
    for (const old of ['roster_export', 'consent_given', 'Export']) {
      const refused = await t
        .http()
        .get(`/api/admin/audit?action=${old}`)
        .auth(admin.accessToken, { type: 'bearer' })
        .expect(refusal('VALIDATION_FAILED'));
      expect(refused.body.errors[0]).toMatchObject({ field: 'action', code: 'IS_IN' });
    }
  });

  it('moves entries written under the old names into the vocabulary, and back', async () => {
    // A database of its own: going back renames every roster entry, other suites' too.
    const isolated = await isolatedDatabase();
    const own = await TestApp.start(isolated.overrides);
    const entries = own.app.get(DataSource).getRepository(AuditEntry);
    const old = [
      ['roster_export', 'delegation'],
      ['roster_lock', 'delegation'],
      ['consent_given', 'participant'],
      ['consent_withdrawn', 'participant'],
      ['withdraw', 'application'],
    ].map(([action, entityType]) => ({
      id: randomUUID(),
      action,
      entityType,
      entityId: randomUUID(),
      at: new Date(),
    }));
    await entries.insert(old);
    const read = async () => {
      const rows = await entries.findBy({ id: In(old.map((row) => row.id)) });
      return old.map(({ id }) => {
        const row = rows.find((r) => r.id === id)!;
        return [row.action, row.entityType];
      });
    };
    const migration = new AuditVocabulary1765000002000();
    const runner = own.app.get(DataSource).createQueryRunner();
    try {
      await migration.up(runner);
      expect(await read()).toEqual([
        ['export', 'roster'],
        ['lock', 'roster'],
        ['consent', 'participant'],
        ['withdraw', 'participant'],
        ['withdraw', 'application'],
      ]);
      await migration.down(runner);
      expect(await read()).toEqual(old.map((row) => [row.action, row.entityType]));
    } finally {
      await runner.release();
      await own.close();
      await isolated.drop();
    }
  });
});
