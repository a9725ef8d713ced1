import { randomUUID } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('organizations and users', () => {
  let t: TestApp;
  let admin: Session;
  let schoolA: { id: string };
  let schoolB: { id: string };
  let coordinatorA: Awaited<ReturnType<TestApp['createUser']>>;
  let coordinatorB: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    schoolA = await t.createOrganization(admin, { nameZh: '黑河市第一中学' });
    schoolB = await t.createOrganization(admin, {
      country: 'RU',
      nameRu: 'Школа № 11',
      preferredLanguage: 'ru',
    });
    coordinatorA = await t.createUser(admin, 'school_coordinator', { organizationId: schoolA.id });
    coordinatorB = await t.createUser(admin, 'school_coordinator', {
      organizationId: schoolB.id,
      preferredLanguage: 'ru',
    });
  });
  afterAll(() => t.close());

  const as: TestApp['as'] = (...args) => t.as(...args);

  it('creates, reads, updates and lists organizations, keeping 4-byte characters', async () => {
    const created = await as(admin, 'post', '/api/admin/organizations')
      .send({
        type: 'partner',
        country: 'RU',
        nameZh: '阿穆尔州青年委员会 𠮷',
        nameRu: 'Комитет по делам молодёжи Амурской области',
        city: 'Благовещенск',
        preferredLanguage: 'ru',
      })
      .expect(201);
    expect(created.body).toMatchObject({ type: 'partner', nameZh: '阿穆尔州青年委员会 𠮷' });

    const read = await as(admin, 'get', `/api/admin/organizations/${created.body.id}`).expect(200);
    expect(read.body.nameZh).toBe('阿穆尔州青年委员会 𠮷');

    const updated = await as(admin, 'patch', `/api/admin/organizations/${created.body.id}`)
      .send({ city: 'Благовещенск (Амурская обл.)' })
      .expect(200);
    expect(updated.body).toMatchObject({
      city: 'Благовещенск (Амурская обл.)',
      nameRu: created.body.nameRu,
    });

    // The type is fixed: users' roles depend on it.
    const retype = await as(admin, 'patch', `/api/admin/organizations/${created.body.id}`)
      .send({ type: 'school' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(retype.body.errors).toEqual([
      expect.objectContaining({ field: 'type', code: 'UNKNOWN_FIELD' }),
    ]);

    const list = await as(
      admin,
      'get',
      '/api/admin/organizations?type=partner&country=RU&pageSize=100',
    ).expect(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(created.body.id);
    expect(list.body.items.every((o: { type: string }) => o.type === 'partner')).toBe(true);
    expect(list.body).toMatchObject({ page: 1, pageSize: 100 });
  });

  it('handles concurrent writes (serialized on SQLite, parallel on MySQL) without failures', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        as(admin, 'post', '/api/admin/organizations').send({
          type: 'school',
          country: 'RU',
          nameZh: `并发学校 ${i}`,
          nameRu: `Школа ${i}`,
          city: 'Благовещенск',
          preferredLanguage: 'ru',
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
  });

  it('paginates, and refuses page sizes and numbers out of range', async () => {
    const page = await as(admin, 'get', '/api/admin/organizations?page=2&pageSize=1').expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    await as(admin, 'get', '/api/admin/organizations?pageSize=1000').expect(
      refusal('VALIDATION_FAILED'),
    );
    const huge = await as(admin, 'get', '/api/admin/organizations?page=1e20').expect(
      refusal('VALIDATION_FAILED'),
    );
    expect(huge.body.errors).toEqual([expect.objectContaining({ field: 'page', code: 'MAX' })]);
  });

  it('takes ?lang= on routes with query parameters too', async () => {
    const list = await as(admin, 'get', '/api/admin/users?lang=ru&pageSize=1').expect(200);
    expect(list.body.pageSize).toBe(1);
    const error = await as(admin, 'get', '/api/admin/users?lang=ru&role=boss').expect(
      refusal('VALIDATION_FAILED'),
    );
    expect(error.body.message).toBe('В запросе есть ошибки: проверьте отмеченные поля.');
    expect(error.body.errors).toEqual([expect.objectContaining({ field: 'role', code: 'IS_IN' })]);
  });

  it('refuses null for a field that must have a value, without touching the record', async () => {
    const response = await as(admin, 'patch', `/api/admin/organizations/${schoolA.id}`)
      .send({ nameZh: null, city: 'Новое' })
      .expect(refusal('VALIDATION_FAILED'));
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'nameZh' })]);
    const read = await as(admin, 'get', `/api/admin/organizations/${schoolA.id}`).expect(200);
    expect(read.body).toMatchObject({ nameZh: '黑河市第一中学', city: '黑河' });
  });

  it('creates users only in an organization of the matching kind', async () => {
    const mismatch = await as(admin, 'post', '/api/admin/users')
      .set('Accept-Language', 'ru')
      .send({
        email: `p-${randomUUID()}@test.example`,
        password: 'long-enough-password',
        role: 'partner',
        organizationId: schoolA.id,
        preferredLanguage: 'ru',
      })
      .expect(refusal('ROLE_ORGANIZATION_MISMATCH'));
    expect(mismatch.body).toMatchObject({ code: 'ROLE_ORGANIZATION_MISMATCH' });
    expect(mismatch.body.errors[0]).toMatchObject({
      field: 'role',
      code: 'ROLE_ORGANIZATION_MISMATCH',
    });

    const missing = await as(admin, 'post', '/api/admin/users')
      .send({
        email: `p-${randomUUID()}@test.example`,
        password: 'long-enough-password',
        role: 'school_coordinator',
        organizationId: randomUUID(),
        preferredLanguage: 'zh',
      })
      .expect(refusal('VALIDATION_FAILED'));
    expect(missing.body.errors[0]).toMatchObject({
      field: 'organizationId',
      code: 'ORGANIZATION_NOT_FOUND',
    });
  });

  it('refuses a second account with the same e-mail, whatever its case', async () => {
    const response = await as(admin, 'post', '/api/admin/users')
      .send({
        email: coordinatorA.email.toUpperCase(),
        password: 'long-enough-password',
        role: 'school_coordinator',
        organizationId: schoolA.id,
        preferredLanguage: 'zh',
      })
      .expect(refusal('EMAIL_TAKEN'));
    expect(response.body).toMatchObject({
      code: 'EMAIL_TAKEN',
      errors: [{ field: 'email', code: 'EMAIL_TAKEN' }],
    });
  });

  it('lists and filters users, never exposing password hashes', async () => {
    const response = await as(admin, 'get', `/api/admin/users?organizationId=${schoolA.id}`).expect(
      200,
    );
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0]).toMatchObject({
      id: coordinatorA.userId,
      role: 'school_coordinator',
    });
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|passwordHash/);
  });

  it('a school coordinator gets 403 on every admin route, anonymous callers 401', async () => {
    for (const [method, url] of [
      ['get', '/api/admin/organizations'],
      ['post', '/api/admin/organizations'],
      ['get', `/api/admin/organizations/${schoolA.id}`],
      ['patch', `/api/admin/organizations/${schoolA.id}`],
      ['get', '/api/admin/users'],
      ['post', '/api/admin/users'],
      ['patch', `/api/admin/users/${coordinatorA.userId}`],
    ] as const) {
      const forbidden = await as(coordinatorA, method, url).send({});
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

  it("reads its own organization and members, and gets 404 for another school's", async () => {
    await as(coordinatorA, 'get', `/api/organizations/${schoolA.id}`).expect(200);
    const members = await as(coordinatorA, 'get', `/api/organizations/${schoolA.id}/users`).expect(
      200,
    );
    expect(members.body.items.map((u: { id: string }) => u.id)).toEqual([coordinatorA.userId]);

    const other = await as(coordinatorA, 'get', `/api/organizations/${schoolB.id}`).expect(
      refusal('NOT_FOUND'),
    );
    expect(other.body.code).toBe('NOT_FOUND');
    await as(coordinatorA, 'get', `/api/organizations/${schoolB.id}/users`).expect(
      refusal('NOT_FOUND'),
    );
    // The same answer as for an organization that does not exist at all.
    await as(coordinatorA, 'get', `/api/organizations/${randomUUID()}`).expect(
      refusal('NOT_FOUND'),
    );
    // Organizers see every organization.
    await as(admin, 'get', `/api/organizations/${schoolB.id}/users`).expect(200);
  });

  it("answers in the user's own language when the request names none", async () => {
    const response = await as(coordinatorB, 'get', `/api/organizations/${schoolA.id}`).expect(
      refusal('NOT_FOUND'),
    );
    expect(response.body.message).toBe('Запрошенный объект не найден.');
    const zh = await as(coordinatorB, 'get', `/api/organizations/${schoolA.id}?lang=zh`).expect(
      404,
    );
    expect(zh.body.message).toBe('未找到所请求的内容。');
  });

  it('lets a user change their own language', async () => {
    const user = await t.createUser(admin, 'partner');
    const response = await as(user, 'patch', '/api/me')
      .send({ preferredLanguage: 'ru' })
      .expect(200);
    expect(response.body).toMatchObject({
      preferredLanguage: 'ru',
      organization: { type: 'partner' },
    });
    const error = await as(user, 'get', `/api/organizations/${schoolA.id}`).expect(
      refusal('NOT_FOUND'),
    );
    expect(error.body.message).toBe('Запрошенный объект не найден.');
  });
});
