import ExcelJS from 'exceljs';
import { apiRow, Cell, csv, day, FIELDS, xlsx } from '../support/import-files';
import { craftZip, zipOf } from '../support/zip';
import { randomInt } from 'node:crypto';
import { IMPORT_COLUMNS } from '../../src/participants/import/import-format';
import { chaperone, uniquePassport } from '../support/people';
import { Session, TestApp } from '../support/test-app';
import { refusal } from '../support/refusal';

describe('participant import', () => {
  let t: TestApp;
  let admin: Session;
  let schoolA: Session;
  let schoolB: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    schoolA = await t.createUser(admin, 'school_coordinator');
    schoolB = await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' });
  });
  afterAll(() => t.close());

  const upload = (s: Session, file: Buffer, name: string, query = '') =>
    t
      .http()
      .post(`/api/participants/import${query}`)
      .auth(s.accessToken, { type: 'bearer' })
      .attach('file', file, name);

  const total = async (s: Session) =>
    (
      await t
        .http()
        .get('/api/participants?pageSize=1')
        .auth(s.accessToken, { type: 'bearer' })
        .expect(200)
    ).body.total as number;

  const search = async (s: Session, term: string) =>
    (
      await t
        .http()
        .get(`/api/participants?search=${encodeURIComponent(term)}`)
        .auth(s.accessToken, { type: 'bearer' })
        .expect(200)
    ).body.items as Record<string, unknown>[];

  async function template(s: Session, lang: 'zh' | 'ru'): Promise<ExcelJS.Workbook> {
    const response = await t
      .http()
      .get(`/api/participants/import-template?lang=${lang}`)
      .auth(s.accessToken, { type: 'bearer' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="participants-template-${lang}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as never);
    return workbook;
  }

  it.each([
    [
      'zh',
      '李',
      { latin: { family: 'LI', given: 'YUXUAN' }, cyrillic: { family: 'Ли', given: 'Юйсюань' } },
      '2011-05-20',
    ],
    [
      'ru',
      'Щербакова',
      { latin: { family: 'SHCHERBAKOVA', given: 'IULIIA' }, chinese: null },
      '2010-09-01',
    ],
  ] as const)(
    'downloads the %s template and imports it back',
    async (lang, family, names, birthDate) => {
      const workbook = await template(schoolA, lang);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).values).toEqual([undefined, ...IMPORT_COLUMNS.map((c) => c[lang])]);
      expect(sheet.getColumn(1).width).toBeGreaterThan(8);
      const column = (field: string) => IMPORT_COLUMNS.findIndex((c) => c.field === field) + 1;
      expect(sheet.getRow(2).getCell(column('birthDate')).value).toEqual(day(birthDate));
      const passport = uniquePassport(lang === 'zh' ? 'E' : '7');
      sheet.getRow(2).getCell(column('passportNumber')).value = passport;
      const file = Buffer.from(await workbook.xlsx.writeBuffer());

      const response = await upload(schoolA, file, `template-${lang}.xlsx`).expect(201);
      expect(response.body).toEqual({ imported: 1, dryRun: false });
      const [found] = (await search(schoolA, family)).filter(
        (p) => p.passportNumber === `${passport.slice(0, 2)}*****${passport.slice(-2)}`,
      );
      expect(found).toMatchObject({
        kind: 'student',
        gender: 'female',
        birthDate,
        schoolId: schoolA.organizationId,
        names,
      });
    },
  );

  it('reads CSV with Chinese or Russian headers, semicolons, quotes and localized words', async () => {
    const passports = [uniquePassport(), uniquePassport('7')];
    const file = csv(
      [
        // Russian headers, and an API field name in another case and spacing.
        IMPORT_COLUMNS.map((c) => (c.field === 'email' ? ' E mail ' : c.ru)),
        FIELDS.map(
          (f) =>
            ({
              kind: 'сопровождающий',
              nationality: 'Россия',
              familyName: 'Иванова',
              givenName: 'Мария',
              gender: 'жен.',
              birthDate: '03.04.1985',
              birthPlace: 'Благовещенск; Амурская обл.',
              passportNumber: passports[1],
              email: 'Maria@Example.RU',
              emergencyContact: 'Иванов "Пётр", +7 914 111 11 11',
            })[f as string] ?? '',
        ),
        [],
        FIELDS.map(
          (f) =>
            ({
              kind: '带队',
              nationality: '中国',
              familyName: '赵',
              givenName: '静',
              gender: '女',
              birthDate: '1988/7/9',
              birthPlace: '黑河',
              passportNumber: passports[0],
            })[f as string] ?? '',
        ),
      ],
      ';',
    );
    const response = await upload(schoolA, file, 'people.csv').expect(201);
    expect(response.body).toEqual({ imported: 2, dryRun: false });
    const [maria] = await search(schoolA, 'Иванова');
    expect(maria).toMatchObject({
      kind: 'chaperone',
      nationality: 'RU',
      birthDate: '1985-04-03',
      birthPlace: 'Благовещенск; Амурская обл.',
      email: 'maria@example.ru',
      emergencyContact: 'Иванов "Пётр", +7 914 111 11 11',
    });
    const [zhao] = await search(schoolA, '赵');
    expect(zhao).toMatchObject({ kind: 'chaperone', gender: 'female', birthDate: '1988-07-09' });
  });

  it('validates only in a dry run', async () => {
    const before = await total(schoolA);
    const file = await xlsx([
      [...FIELDS],
      apiRow({}),
      apiRow({ birthDate: day('2010-01-31') as unknown as string }),
    ]);
    const response = await upload(schoolA, file, 'people.xlsx', '?dryRun=true').expect(200);
    expect(response.body).toEqual({ imported: 2, dryRun: true });
    expect(await total(schoolA)).toBe(before);
  });

  it('saves nothing when one row is bad, and names each bad row and field', async () => {
    const before = await total(schoolA);
    const file = await xlsx([
      [...FIELDS],
      apiRow({}),
      apiRow({ email: 'not-an-email' }),
      apiRow({ guardianName: '', guardianPhone: '', guardianRelation: '' }),
      apiRow({ gender: 'x', latinFamily: 'WANG' }),
      apiRow({ passportNumber: 'E1' }),
    ]);
    const response = await upload(schoolA, file, 'people.xlsx')
      .set('Accept-Language', 'ru')
      .expect(refusal('IMPORT_FAILED'));
    expect(response.body.code).toBe('IMPORT_FAILED');
    expect(
      response.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['rows.3.email', 'IS_EMAIL'],
      ['rows.4.guardianName', 'GUARDIAN_REQUIRED'],
      ['rows.5.latinGiven', 'REQUIRED'],
      ['rows.5.gender', 'IS_IN'],
      ['rows.6.passportNumber', 'INVALID_PASSPORT_NUMBER'],
    ]);
    for (const error of response.body.errors) expect(error.message).toEqual(expect.any(String));
    // A word no column takes is answered with the words of the template, not API values.
    expect(
      response.body.errors.find((e: { field: string }) => e.field === 'rows.5.gender').message,
    ).toBe('Допустимые значения: муж., жен. (или по-китайски: 男、女)');
    expect(await total(schoolA)).toBe(before);
  });

  it('refuses duplicate passports within the file and against the school’s own', async () => {
    const taken = uniquePassport();
    await t
      .http()
      .post('/api/participants')
      .auth(schoolA.accessToken, { type: 'bearer' })
      .send(chaperone({ passportNumber: taken }))
      .expect(201);
    const twice = uniquePassport();
    const before = await total(schoolA);
    const file = csv([
      [...FIELDS],
      apiRow({ passportNumber: twice }),
      apiRow({ passportNumber: taken.toLowerCase() }),
      apiRow({}),
      apiRow({ passportNumber: ` ${twice.slice(0, 3)}-${twice.slice(3)} ` }),
    ]);
    const response = await upload(schoolA, file, 'people.csv').expect(refusal('IMPORT_FAILED'));
    expect(
      response.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['rows.2.passportNumber', 'DUPLICATE_IN_FILE'],
      ['rows.3.passportNumber', 'DUPLICATE_PASSPORT'],
      ['rows.5.passportNumber', 'DUPLICATE_IN_FILE'],
    ]);
    expect(await total(schoolA)).toBe(before);
  });

  it('refuses unknown and missing columns', async () => {
    const file = csv([
      ['kind', 'Nationality', 'shoe size', 'FAMILY NAME', 'givenName', 'gender', 'birthDate'],
      ['student', 'CN', '38', '王', '明', 'male', '2011-01-01'],
    ]);
    const response = await upload(schoolA, file, 'people.csv').expect(refusal('IMPORT_FAILED'));
    expect(
      response.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['rows.1.C', 'UNKNOWN_COLUMN'],
      ['rows.1.birthPlace', 'MISSING_COLUMN'],
    ]);
  });

  it('imports 5,000 rows in one request', async () => {
    const before = await total(schoolA);
    const run = randomInt(100_000, 999_999);
    const rows: Cell[][] = [[...FIELDS]];
    for (let i = 0; i < 5000; i++) {
      const chinese = i % 2 === 0;
      const row: Partial<Record<(typeof FIELDS)[number], Cell>> = {
        kind: 'student',
        nationality: chinese ? 'CN' : 'RU',
        familyName: chinese ? '张' : 'Петрова',
        givenName: chinese ? '伟' : 'Анна',
        gender: chinese ? 'male' : 'female',
        birthDate: day(`2010-0${(i % 9) + 1}-1${i % 10}`),
        birthPlace: chinese ? '黑河' : 'Благовещенск',
        passportNumber: `B${run}${String(i).padStart(5, '0')}`,
        passportExpiry: day('2032-01-01'),
        guardianName: chinese ? '张三' : 'Петров Иван',
        guardianPhone: '+7 914 000 00 00',
        guardianRelation: chinese ? '父亲' : 'отец',
      };
      rows.push(FIELDS.map((field) => row[field] ?? null));
    }
    const file = await xlsx(rows);
    const started = Date.now();
    const response = await upload(schoolA, file, 'many.xlsx').expect(201);
    expect(response.body).toEqual({ imported: 5000, dryRun: false });
    // About 3 s on SQLite and on MariaDB; the limit leaves room for slow CI machines.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await total(schoolA)).toBe(before + 5000);
  }, 60_000);

  it('keeps imported rows in the caller’s school and audits the import', async () => {
    const passport = uniquePassport();
    await upload(
      schoolB,
      csv([
        [...FIELDS],
        apiRow({ familyName: '欧阳', givenName: '娜娜', passportNumber: passport }),
      ]),
      'b.csv',
    ).expect(201);
    const [own] = await search(schoolB, '欧阳');
    expect(own.schoolId).toBe(schoolB.organizationId);
    expect(await search(schoolA, '欧阳')).toEqual([]);
    const audit = await t
      .http()
      .get(
        `/api/admin/audit?entityType=participant&action=import&entityId=${schoolB.organizationId}`,
      )
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ actorId: schoolB.userId, changedFields: ['rows:1'] }),
    ]);
    await upload(admin, csv([[...FIELDS], apiRow({})]), 'a.csv').expect(refusal('FORBIDDEN'));
  });

  it('answers 415 for other files, 400 without a file and 413 for a large one', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    const wrong = await upload(schoolA, png, 'people.xlsx').expect(
      refusal('UNSUPPORTED_MEDIA_TYPE'),
    );
    expect(wrong.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 1)]);
    await upload(schoolA, zip, 'people.xlsx').expect(refusal('UNSUPPORTED_MEDIA_TYPE'));
    await t
      .http()
      .post('/api/participants/import')
      .auth(schoolA.accessToken, { type: 'bearer' })
      .send({ file: 'x' })
      .expect(refusal('UNSUPPORTED_MEDIA_TYPE'));
    const missing = await t
      .http()
      .post('/api/participants/import')
      .auth(schoolA.accessToken, { type: 'bearer' })
      .field('note', 'no file')
      .expect(refusal('VALIDATION_FAILED'));
    expect(missing.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'file', code: 'REQUIRED' })],
    });
    const large = await upload(schoolA, Buffer.alloc(11 * 1024 * 1024, 'a'), 'big.csv').expect(
      refusal('PAYLOAD_TOO_LARGE'),
    );
    expect(large.body.code).toBe('PAYLOAD_TOO_LARGE');
    // An honest archive that unpacks beyond the limit: refused before anything is inflated.
    const large70 = zipOf(
      Array.from({ length: 7 }, (_, i) => [`xl/f${i}.xml`, Buffer.alloc(10 * 1024 * 1024)]),
    );
    const refused = await upload(schoolA, large70, 'people.xlsx')
      .set('Accept-Language', 'ru')
      .expect(refusal('IMPORT_FAILED'));
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        field: 'file',
        code: 'ARCHIVE_TOO_LARGE',
        message: expect.stringMatching(/64 МБ/),
      }),
    ]);
  });

  it('refuses crafted archives without inflating what they hide', async () => {
    const MiB = 1024 * 1024;
    const small = (i: number) => ({ name: `xl/f${i}.xml`, content: Buffer.from('<x/>') });
    const bombs = {
      // The audit's case: the end record counts 16 entries, a 17th holds the zeros.
      hiddenSeventeenth: craftZip(
        [
          ...Array.from({ length: 16 }, (_, i) => small(i)),
          { name: 'xl/z.xml', content: Buffer.alloc(300 * MiB) },
        ],
        { declaredEntries: 16 },
      ),
      unlisted: craftZip([
        small(0),
        { name: 'xl/z.xml', content: Buffer.alloc(300 * MiB), listed: false },
      ]),
      overlapping: craftZip([
        {
          name: 'xl/a.xml',
          content: Buffer.alloc(20 * MiB),
          alsoListedAs: ['xl/b.xml', 'xl/c.xml'],
        },
      ]),
      lyingSize: zipOf([['xl/worksheets/sheet1.xml', Buffer.alloc(300 * MiB)]], 1024),
    };
    const before = process.memoryUsage().rss;
    for (const [name, bomb] of Object.entries(bombs)) {
      const refused = await upload(schoolA, bomb, 'people.xlsx').expect(refusal('IMPORT_FAILED'));
      expect({ name, body: refused.body }).toMatchObject({
        name,
        body: { code: 'IMPORT_FAILED', errors: [{ field: 'file', code: 'ARCHIVE_MALFORMED' }] },
      });
    }
    // The API runs in this process: the 300 MB the bombs hold were never inflated.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
    await t.http().get('/health').expect(200);
  });
});
