import { IMPORT_COLUMNS } from '../../src/participants/import/import-format';
import { chaperone, chineseStudent, russianStudent } from '../support/people';
import { csv } from '../support/import-files';
import { refusal } from '../support/refusal';
import { Session, TestApp } from '../support/test-app';

/**
 * A chaperone's role (teacher, volunteer, other), which the statistics count: through the
 * API, refused for a student, and through the import template in either language.
 */
describe('a chaperone’s role', () => {
  let t: TestApp;
  let school: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) =>
    t.as(school, 'post', '/api/participants').send(body);

  it.each([
    [{ chaperoneRole: 'teacher' }, 'teacher'],
    [{ chaperoneRole: 'volunteer' }, 'volunteer'],
    [{}, 'other'],
    [{ chaperoneRole: null }, 'other'],
  ])('a chaperone registered with %j is a %s', async (role, expected) => {
    const created = await create(chaperone(role)).expect(201);
    expect(created.body.chaperoneRole).toBe(expected);
  });

  it('a student has none: refused with the field at fault, in the caller’s language', async () => {
    const refused = await create(chineseStudent({ chaperoneRole: 'teacher' }))
      .set('accept-language', 'ru')
      .expect(refusal('VALIDATION_FAILED'));
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'chaperoneRole', code: 'NOT_FOR_STUDENTS' }),
    ]);
    expect(refused.body.errors[0].message).toMatch(/сопровождающ/);
    const bad = await create(chaperone({ chaperoneRole: 'driver' })).expect(
      refusal('VALIDATION_FAILED'),
    );
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'chaperoneRole', code: 'IS_IN' }),
    ]);
    const student = await create(russianStudent()).expect(201);
    expect(student.body.chaperoneRole).toBeNull();
  });

  it('changes with the kind: a chaperone made a student loses the role', async () => {
    const created = await create(chaperone({ chaperoneRole: 'volunteer' })).expect(201);
    const changed = await t
      .as(school, 'patch', `/api/participants/${created.body.id}`)
      .send({
        kind: 'student',
        guardian: { name: '王大明', phone: '+86 139 0000 0002', relation: 'father' },
      })
      .expect(200);
    expect(changed.body.chaperoneRole).toBeNull();
    const back = await t
      .as(school, 'patch', `/api/participants/${created.body.id}`)
      .send({ kind: 'chaperone', chaperoneRole: 'teacher' })
      .expect(200);
    expect(back.body.chaperoneRole).toBe('teacher');
  });

  it.each(['zh', 'ru'] as const)(
    'is a column of the %s import template, in its words',
    async (lang) => {
      const header = (field: string) => IMPORT_COLUMNS.find((c) => c.field === field)![lang];
      const fields = [
        'kind',
        'chaperoneRole',
        'nationality',
        'familyName',
        'givenName',
        'gender',
        'birthDate',
        'birthPlace',
      ];
      const rows = [
        fields.map(header),
        [
          lang === 'zh' ? '带队' : 'сопровождающий',
          lang === 'zh' ? '志愿者' : 'волонтёр',
          'CN',
          '赵',
          '老师',
          'male',
          '1956-04-04',
          '黑河',
        ],
        [
          lang === 'zh' ? '带队' : 'сопровождающий',
          '',
          'CN',
          '钱',
          '老师',
          'female',
          '1979-04-04',
          '黑河',
        ],
      ];
      const imported = await t
        .as(school, 'post', '/api/participants/import')
        .attach('file', csv(rows), 'people.csv')
        .expect(201);
      expect(imported.body).toMatchObject({ dryRun: false, imported: 2 });
      const listed = await t
        .as(school, 'get', '/api/participants?search=老师&kind=chaperone')
        .expect(200);
      const roles = (listed.body.items as { chaperoneRole: string; birthDate: string }[])
        .filter((p) => ['1956-04-04', '1979-04-04'].includes(p.birthDate))
        .map((p) => `${p.birthDate} ${p.chaperoneRole}`)
        .sort();
      expect(roles).toEqual(expect.arrayContaining(['1956-04-04 volunteer', '1979-04-04 other']));
    },
  );
});
