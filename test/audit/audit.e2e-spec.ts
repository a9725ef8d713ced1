import { chineseStudent } from '../support/people';
import { TestApp } from '../support/test-app';

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

    await t.http().get('/api/admin/audit').auth(school.accessToken, { type: 'bearer' }).expect(403);
    await t
      .http()
      .get('/api/admin/audit?action=DROP%20TABLE')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(400);
  });
});
