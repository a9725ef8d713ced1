import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { chaperone, chineseStudent, russianStudent, uniquePassport } from '../support/people';
import { Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('participants', () => {
  let t: TestApp;
  let admin: Session;
  let schoolA: Awaited<ReturnType<TestApp['createUser']>>;
  let schoolB: Awaited<ReturnType<TestApp['createUser']>>;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    schoolA = await t.createUser(admin, 'school_coordinator');
    schoolB = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' });
  });
  afterAll(() => t.close());

  const as: TestApp['as'] = (...args) => t.as(...args);

  it('builds the Cyrillic from the characters, not from a split of the joined Latin, and says where it came from', async () => {
    const cases = [
      {
        family: '张',
        given: '西安',
        latin: { family: 'ZHANG', given: 'XIAN' },
        cyrillic: { family: 'Чжан', given: 'Сиань' },
        source: 'hanzi',
      },
      {
        family: '王',
        given: '欣安',
        latin: { family: 'WANG', given: 'XINAN' },
        cyrillic: { family: 'Ван', given: 'Синьань' },
        source: 'hanzi',
      },
      {
        family: '单',
        given: '嫦娥',
        latin: undefined,
        cyrillic: { family: 'Шань', given: 'Чанъэ' },
        source: 'hanzi',
      },
      // A given-name syllable the characters do not read (明 as MIN): the Latin is followed, and flagged.
      {
        family: '李',
        given: '明',
        latin: { family: 'LI', given: 'MIN' },
        cyrillic: { family: 'Ли', given: 'Минь' },
        source: 'latin',
        latinSource: 'manual',
      },
    ];
    for (const c of cases) {
      const created = await as(schoolA, 'post', '/api/participants')
        .send(
          chineseStudent({
            familyName: c.family,
            givenName: c.given,
            ...(c.latin ? { latin: c.latin } : {}),
          }),
        )
        .expect(201);
      expect(created.body.names).toMatchObject({
        cyrillic: c.cyrillic,
        cyrillicSource: c.source,
        cyrillicOverridden: false,
        // A Latin spelling equal to what the characters give counts as generated; MIN was typed.
        latinSource: c.latinSource ?? 'hanzi',
      });
    }
    const typed = await as(schoolA, 'post', '/api/participants')
      .send(chineseStudent({ cyrillic: { family: 'Ли', given: 'Юйсюань' } }))
      .expect(201);
    expect(typed.body.names).toMatchObject({ cyrillicSource: 'manual', cyrillicOverridden: true });
    const russian = await as(schoolA, 'post', '/api/participants')
      .send(russianStudent())
      .expect(201);
    expect(russian.body.names.cyrillicSource).toBeNull();
  });

  it('creates a Chinese student with names in three scripts and a masked passport', async () => {
    const passport = uniquePassport();
    const response = await as(schoolA, 'post', '/api/participants')
      .send(chineseStudent({ passportNumber: passport }))
      .expect(201);
    expect(response.body).toMatchObject({
      schoolId: schoolA.organizationId,
      names: {
        native: { family: '李', given: '雨轩' },
        latin: { family: 'LI', given: 'YUXUAN' },
        cyrillic: { family: 'Ли', given: 'Юйсюань' },
        chinese: { family: '李', given: '雨轩' },
        cyrillicOverridden: false,
        cyrillicSource: 'hanzi',
      },
      passportNumber: `${passport.slice(0, 2)}*****${passport.slice(-2)}`,
      consents: [],
      version: 1,
    });
    // The database never holds the plain number.
    const [row] = await t.app
      .get(DataSource)
      .query<{ passportEncrypted: string }[]>(
        `SELECT ${t.app.get(DataSource).driver.escape('passportEncrypted')} AS passportEncrypted FROM participants WHERE id = ?`,
        [response.body.id],
      );
    expect(row.passportEncrypted).toMatch(/^v1\./);
    expect(row.passportEncrypted).not.toContain(passport);
  });

  it('creates a Russian student with the ICAO Latin and no generated Chinese', async () => {
    const response = await as(schoolB, 'post', '/api/participants')
      .send(russianStudent())
      .expect(201);
    expect(response.body.names).toEqual({
      native: { family: 'Щербакова', given: 'Юлия' },
      latin: { family: 'SHCHERBAKOVA', given: 'IULIIA' },
      cyrillic: { family: 'Щербакова', given: 'Юлия' },
      chinese: null,
      cyrillicOverridden: false,
      cyrillicSource: null,
      latinSource: 'cyrillic',
    });
  });

  it('requires a guardian for a minor and refuses a duplicate or malformed passport', async () => {
    const minor = await as(schoolA, 'post', '/api/participants')
      .set('Accept-Language', 'ru')
      .send(chineseStudent({ guardian: undefined }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(minor.body.errors).toEqual([
      expect.objectContaining({ field: 'guardian', code: 'GUARDIAN_REQUIRED' }),
    ]);

    const passport = uniquePassport();
    await as(schoolA, 'post', '/api/participants')
      .send(chaperone({ passportNumber: passport }))
      .expect(201);
    const duplicate = await as(schoolA, 'post', '/api/participants')
      .send(chaperone({ passportNumber: ` ${passport.toLowerCase()} ` }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(duplicate.body.errors).toEqual([
      expect.objectContaining({ field: 'passportNumber', code: 'DUPLICATE_PASSPORT' }),
    ]);
    const malformed = await as(schoolA, 'post', '/api/participants')
      .send(chaperone({ passportNumber: 'E1' }))
      .expect(refusal('VALIDATION_FAILED'));
    expect(malformed.body.errors).toEqual([
      expect.objectContaining({ field: 'passportNumber', code: 'INVALID_PASSPORT_NUMBER' }),
    ]);
  });

  it('finds people by any script, only in the own school', async () => {
    const created = await as(schoolA, 'post', '/api/participants')
      .send(
        chineseStudent({
          familyName: '曾',
          givenName: '华',
          latin: { family: 'ZENG', given: 'HUA' },
        }),
      )
      .expect(201);
    expect(created.body.names.cyrillic).toEqual({ family: 'Цзэн', given: 'Хуа' });
    for (const search of ['曾', 'zeng', 'ZENG HUA', 'Цзэн']) {
      const found = await as(
        schoolA,
        'get',
        `/api/participants?search=${encodeURIComponent(search)}`,
      ).expect(200);
      expect([search, found.body.items.map((p: { id: string }) => p.id)]).toEqual([
        search,
        [created.body.id],
      ]);
    }
    const other = await as(
      schoolB,
      'get',
      `/api/participants?search=${encodeURIComponent('曾')}`,
    ).expect(200);
    expect(other.body.items).toEqual([]);
    const organizer = await as(
      admin,
      'get',
      `/api/participants?schoolId=${schoolA.organizationId}&search=ZENG`,
    ).expect(200);
    expect(organizer.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
  });

  it('updates: a new Latin regenerates the Cyrillic, an override sticks, the version counts', async () => {
    const created = await as(schoolA, 'post', '/api/participants')
      .send(chineseStudent())
      .expect(201);
    const relatin = await as(schoolA, 'patch', `/api/participants/${created.body.id}`)
      .send({ latin: { family: 'LI', given: 'YUHAN' } })
      .expect(200);
    expect(relatin.body.names.cyrillic).toEqual({ family: 'Ли', given: 'Юйхань' });

    expect(relatin.body.version).toBe(2);
    const overridden = await as(schoolA, 'patch', `/api/participants/${created.body.id}`)
      .send({ cyrillic: { family: 'Ли', given: 'Юйсюань-Мария' } })
      .expect(200);
    expect(overridden.body.names).toMatchObject({
      cyrillicOverridden: true,
      cyrillic: { given: 'Юйсюань-Мария' },
    });
    const kept = await as(schoolA, 'patch', `/api/participants/${created.body.id}`)
      .send({ latin: { family: 'LI', given: 'YUXUAN' } })
      .expect(200);
    expect(kept.body.names.cyrillic.given).toBe('Юйсюань-Мария');
    expect(kept.body.version).toBe(4);
  });

  it('keeps other schools out (404) and partners out (403)', async () => {
    const created = await as(schoolA, 'post', '/api/participants')
      .send(chineseStudent())
      .expect(201);
    const id = created.body.id as string;
    await as(schoolB, 'get', `/api/participants/${id}`).expect(refusal('NOT_FOUND'));
    await as(schoolB, 'patch', `/api/participants/${id}`)
      .send({ birthPlace: 'x' })
      .expect(refusal('NOT_FOUND'));
    await as(schoolB, 'post', `/api/participants/${id}/consents`)
      .send({
        kind: 'guardian',
        givenBy: 'x',
        relation: 'x',
        givenAt: '2026-01-01T00:00:00Z',
        noticeVersion: '2026-01',
      })
      .expect(refusal('NOT_FOUND'));
    await as(schoolB, 'get', `/api/participants/${randomUUID()}`).expect(refusal('NOT_FOUND'));
    const partner = await t.createUser(admin, 'partner');
    await as(partner, 'get', '/api/participants').expect(refusal('FORBIDDEN'));
    await as(schoolA, 'post', `/api/admin/participants/${id}/reveal`).expect(refusal('FORBIDDEN'));
    await as(admin, 'get', `/api/participants/${id}`).expect(200);
  });

  it('records consents and their withdrawal, and lists them on the participant', async () => {
    const created = await as(schoolA, 'post', '/api/participants')
      .send(chineseStudent())
      .expect(201);
    const id = created.body.id as string;
    const consent = await as(schoolA, 'post', `/api/participants/${id}/consents`)
      .send({
        kind: 'guardian',
        givenBy: '李建国',
        relation: 'father',
        givenAt: '2026-03-01T08:00:00Z',
        noticeVersion: '2026-01',
      })
      .expect(201);
    await as(schoolA, 'delete', `/api/participants/${id}/consents/${consent.body.id}`).expect(204);
    await as(schoolA, 'delete', `/api/participants/${id}/consents/${consent.body.id}`).expect(
      refusal('NOT_FOUND'),
    );
    const detail = await as(schoolA, 'get', `/api/participants/${id}`).expect(200);
    expect(detail.body.consents).toEqual([
      expect.objectContaining({
        kind: 'guardian',
        givenBy: '李建国',
        withdrawnAt: expect.any(String),
      }),
    ]);
  });

  it('reveals the full passport number to an organizer, and audits it', async () => {
    const passport = uniquePassport();
    const created = await as(schoolA, 'post', '/api/participants')
      .send(chineseStudent({ passportNumber: passport }))
      .expect(201);
    const id = created.body.id as string;
    const revealed = await as(admin, 'post', `/api/admin/participants/${id}/reveal`).expect(200);
    expect(revealed.body).toEqual({ passportNumber: passport });
    const audit = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=participant&entityId=${id}`,
    ).expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'reveal']));
    expect(JSON.stringify(audit.body)).not.toContain(passport);
  });
});
