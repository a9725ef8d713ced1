import ExcelJS from 'exceljs';
import { Response } from 'supertest';
import { randomUUID } from 'node:crypto';
import { chaperone, chineseStudent, consentBody, russianStudent } from '../support/people';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { TEST_ADMIN } from '../support/test-config';
import { refusal } from '../support/refusal';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const day = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);

describe('rosters', () => {
  let t: TestApp;
  let admin: Session;
  let school: User;
  let otherPartner: User;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
    otherPartner = await t.createUser(admin, 'partner', { preferredLanguage: 'ru' });
  });
  afterAll(() => t.close());

  const as: TestApp['as'] = (...args) => t.as(...args);

  /** A participant of the school with a standing guardian and cross-border consent. */
  const participant = (body: Record<string, unknown>) => t.registered(school, body);

  async function applyAndApprove(delegationId: string, participantId: string) {
    const id = await t.applied(school, delegationId, participantId);
    await as(admin, 'post', `/api/admin/applications/${id}/decision`)
      .send({ decision: 'approve' })
      .expect(200);
    return id;
  }

  const transition = (id: string, to: string) =>
    as(admin, 'post', `/api/admin/delegations/${id}/transitions`).send({ to });

  /** An open delegation, its host's partner user, and six approved people: a chaperone and five students. */
  async function groupOfSix() {
    const delegation = await openDelegation(t, admin);
    const partner = await t.createUser(admin, 'partner', {
      organizationId: delegation.hostId,
      preferredLanguage: 'ru',
    });
    const people = [
      await participant(chaperone({ familyName: '王', givenName: '芳' })),
      await participant(chineseStudent({ givenName: '雨轩' })),
      await participant(chineseStudent({ familyName: '张', givenName: '子涵' })),
      await participant(chineseStudent({ familyName: '赵', givenName: '浩然', gender: 'male' })),
      await participant(russianStudent()),
      await participant(chineseStudent({ familyName: '刘', givenName: '欣怡' })),
    ];
    const applications: string[] = [];
    for (const p of people) applications.push(await applyAndApprove(delegation.id, p.id));
    return { delegation, partner, people, applications };
  }

  const rosterUrl = (id: string, rest = '') => `/api/admin/delegations/${id}/roster${rest}`;

  async function auditNotes(delegationId: string, action: string) {
    const response = await as(
      admin,
      'get',
      `/api/admin/audit?entityType=roster&entityId=${delegationId}&action=${action}&pageSize=100`,
    ).expect(200);
    return (response.body.items as { note: string }[]).map((e) => e.note);
  }

  describe('a roster that is refused, fixed, locked and walked through two versions with the partner', () => {
    let delegation: Awaited<ReturnType<typeof groupOfSix>>['delegation'];
    let partner: User;
    let people: Awaited<ReturnType<typeof participant>>[];
    let applications: string[];
    let expiring: Awaited<ReturnType<typeof participant>>;
    let minor: Awaited<ReturnType<typeof participant>>;
    let russian: Awaited<ReturnType<typeof participant>>;
    let v1: Response;

    it('refuses to lock an unready roster, naming each failing check in the caller’s language', async () => {
      ({ delegation, partner, people, applications } = await groupOfSix());
      [, expiring, minor, , russian] = people;
      // A passport valid five months after the return date, and a guardian consent
      // withdrawn after the application was approved.
      await as(school, 'patch', `/api/participants/${expiring.id}`)
        .send({ passportExpiry: dateIn(67 + 150) })
        .expect(200);
      await as(
        school,
        'delete',
        `/api/participants/${minor.id}/consents/${minor.consents.guardian}`,
      ).expect(204);
      await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
        .send({})
        .expect(refusal('ROSTER_NOT_LOCKABLE'));
      await transition(delegation.id, 'closed').expect(200);

      const readiness = await as(admin, 'get', rosterUrl(delegation.id, '/readiness'))
        .set('Accept-Language', 'ru')
        .expect(200);
      expect(readiness.body.ready).toBe(false);
      expect(readiness.body.memberCount).toBe(6);
      const errors = (
        readiness.body.checks as {
          code: string;
          severity: string;
          participantId: string;
          message: string;
        }[]
      ).filter((c) => c.severity === 'error');
      expect(errors.map((c) => [c.code, c.participantId])).toEqual([
        ['PASSPORT_EXPIRES_TOO_SOON', expiring.id],
        ['GUARDIAN_CONSENT_MISSING', minor.id],
      ]);
      expect(errors[0].message).toMatch(/^Ли Юйсюань: паспорт действует до \d{4}-\d{2}-\d{2}/);
      // The Russian student has no Chinese name: a warning only.
      expect(readiness.body.checks).toContainEqual(
        expect.objectContaining({
          code: 'NAME_SCRIPT_MISSING',
          severity: 'warning',
          participantId: russian.id,
        }),
      );
      // The expiring participant's data changed after approval: a warning too.
      expect(readiness.body.checks).toContainEqual(
        expect.objectContaining({
          code: 'CHANGED_SINCE_APPROVAL',
          severity: 'warning',
          participantId: expiring.id,
        }),
      );

      const refused = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
        .set('Accept-Language', 'zh-CN')
        .send({})
        .expect(refusal('ROSTER_NOT_READY'));
      expect(refused.body.code).toBe('ROSTER_NOT_READY');
      expect(refused.body.errors).toEqual([
        {
          field: `participants.${expiring.id}`,
          code: 'PASSPORT_EXPIRES_TOO_SOON',
          message: expect.stringMatching(/^李雨轩：护照有效期至/),
        },
        {
          field: `participants.${minor.id}`,
          code: 'GUARDIAN_CONSENT_MISSING',
          message:
            '李子涵'.replace('李', '张') + '：出发当天未满 18 周岁，未登记有效的监护人同意书。',
        },
      ]);
      await as(admin, 'get', rosterUrl(delegation.id)).expect(refusal('ROSTER_NOT_LOCKED'));
      expect((await as(admin, 'get', `/api/admin/delegations/${delegation.id}`)).body.status).toBe(
        'closed',
      );
    });

    it('locks it once fixed, as version 1 in list order, and refuses to lock the same content again', async () => {
      // Fixed: a new passport expiry and a new guardian consent.
      await as(school, 'patch', `/api/participants/${expiring.id}`)
        .send({ passportExpiry: dateIn(67 + 400) })
        .expect(200);
      await as(school, 'post', `/api/participants/${minor.id}/consents`)
        .send(consentBody('guardian'))
        .expect(201);
      const ready = await as(admin, 'get', rosterUrl(delegation.id, '/readiness')).expect(200);
      expect(ready.body.ready).toBe(true);

      v1 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
      expect(v1.body).toMatchObject({
        version: 1,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        memberCount: 6,
        current: true,
        override: null,
        partnerDecision: null,
        delegationStatus: 'roster_locked',
      });
      expect(v1.body.members.map((m: { kind: string }) => m.kind)).toEqual([
        'chaperone',
        'student',
        'student',
        'student',
        'student',
        'student',
      ]);
      expect(v1.body.members.map((m: { position: number }) => m.position)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      for (const member of v1.body.members as { passportNumber: string }[]) {
        expect(people.map((p) => p.passportNumber)).not.toContain(member.passportNumber);
        expect(member.passportNumber).toContain('*');
      }
      expect((await as(admin, 'get', `/api/admin/delegations/${delegation.id}`)).body.status).toBe(
        'roster_locked',
      );
      // Nothing changed since: no new version.
      const again = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
        .send({})
        .expect(refusal('ROSTER_UNCHANGED'));
      expect(again.body).toMatchObject({ code: 'ROSTER_UNCHANGED' });
    });

    it('shows the partner only its delegation, the roster in Russian with Cyrillic first, and takes exactly the version and hash', async () => {
      // The partner: its delegations only, the roster in Russian by default, Cyrillic first.
      const listed = await as(partner, 'get', '/api/partner/delegations').expect(200);
      expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([delegation.id]);
      const visible = await as(partner, 'get', '/api/delegations?pageSize=100').expect(200);
      expect(visible.body.items.map((d: { id: string }) => d.id)).toEqual([delegation.id]);
      const roster = await as(
        partner,
        'get',
        `/api/partner/delegations/${delegation.id}/roster`,
      ).expect(200);
      expect(roster.body).toMatchObject({
        version: 1,
        hash: v1.body.hash,
        delegationStatus: 'roster_locked',
        lastApprovedVersion: null,
      });
      const first = roster.body.members[1];
      expect(Object.keys(first.names).slice(0, 2)).toEqual(['cyrillic', 'latin']);
      expect(first).toMatchObject({ kindLabel: 'учащийся', displayName: 'Ли Юйсюань' });
      expect(first.passportNumber).toContain('*');
      const someoneElses = await as(
        otherPartner,
        'get',
        `/api/partner/delegations/${delegation.id}/roster`,
      ).expect(refusal('NOT_FOUND'));
      expect(someoneElses.body.code).toBe('NOT_FOUND');
      await as(otherPartner, 'post', `/api/partner/delegations/${delegation.id}/roster/approve`)
        .send({ version: 1, hash: v1.body.hash })
        .expect(refusal('NOT_FOUND'));
      await as(school, 'get', `/api/partner/delegations/${delegation.id}/roster`).expect(
        refusal('FORBIDDEN'),
      );

      const wrongHash = await as(
        partner,
        'post',
        `/api/partner/delegations/${delegation.id}/roster/approve`,
      )
        .send({ version: 1, hash: '0'.repeat(64) })
        .expect(refusal('ROSTER_VERSION_MISMATCH'));
      expect(wrongHash.body.code).toBe('ROSTER_VERSION_MISMATCH');
      expect(wrongHash.body.message).toContain('версия 1');
      const approved = await as(
        partner,
        'post',
        `/api/partner/delegations/${delegation.id}/roster/approve`,
      )
        .send({ version: 1, hash: v1.body.hash.toUpperCase() })
        .expect(200);
      expect(approved.body).toMatchObject({
        version: 1,
        partnerDecision: 'approved',
        delegationStatus: 'confirmed',
      });
      expect((await as(admin, 'get', `/api/admin/delegations/${delegation.id}`)).body.status).toBe(
        'confirmed',
      );
    });

    it('marks the roster changed after a withdrawal, locks version 2, and shows the partner what changed', async () => {
      // Illness: the school withdraws a student; the current version is marked changed.
      await as(school, 'post', `/api/applications/${applications[3]}/withdraw`).expect(200);
      const changed = await as(admin, 'get', rosterUrl(delegation.id))
        .set('Accept-Language', 'ru')
        .expect(200);
      expect(changed.body).toMatchObject({
        version: 1,
        changed: true,
        delegationStatus: 'confirmed',
      });
      expect(changed.body.changes).toMatchObject({
        version: null,
        against: 1,
        added: [],
        changed: [],
      });
      expect(
        changed.body.changes.removed.map((m: { participantId: string }) => m.participantId),
      ).toEqual([people[3].id]);
      expect(changed.body.members).toHaveLength(6);

      const v2 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
      expect(v2.body).toMatchObject({
        version: 2,
        memberCount: 5,
        delegationStatus: 'roster_locked',
      });
      expect(v2.body.hash).not.toBe(v1.body.hash);
      const unchangedNow = await as(admin, 'get', rosterUrl(delegation.id)).expect(200);
      expect(unchangedNow.body).toMatchObject({ version: 2, changed: false, changes: null });

      const partnerDiff = await as(
        partner,
        'get',
        `/api/partner/delegations/${delegation.id}/roster/diff`,
      ).expect(200);
      expect(partnerDiff.body).toMatchObject({ version: 2, against: 1, added: [], changed: [] });
      expect(partnerDiff.body.removed).toEqual([
        expect.objectContaining({ participantId: people[3].id, displayName: 'Чжао Хаожань' }),
      ]);
      const stale = await as(
        partner,
        'post',
        `/api/partner/delegations/${delegation.id}/roster/approve`,
      )
        .send({ version: 1, hash: v1.body.hash })
        .expect(refusal('ROSTER_VERSION_MISMATCH'));
      expect(stale.body).toMatchObject({ code: 'ROSTER_VERSION_MISMATCH' });
      const wrongPair = await as(
        partner,
        'post',
        `/api/partner/delegations/${delegation.id}/roster/approve`,
      )
        .send({ version: 2, hash: v1.body.hash })
        .expect(refusal('ROSTER_VERSION_MISMATCH'));
      expect(wrongPair.body.code).toBe('ROSTER_VERSION_MISMATCH');
      await as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/approve`)
        .send({ version: 2, hash: v2.body.hash })
        .expect(200);
      // Approving again changes nothing.
      await as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/approve`)
        .send({ version: 2, hash: v2.body.hash })
        .expect(200);
      expect((await as(admin, 'get', `/api/admin/delegations/${delegation.id}`)).body.status).toBe(
        'confirmed',
      );

      const versions = await as(admin, 'get', rosterUrl(delegation.id, '/versions')).expect(200);
      expect(
        versions.body.map((v: { version: number; current: boolean; partnerDecision: string }) => [
          v.version,
          v.current,
          v.partnerDecision,
        ]),
      ).toEqual([
        [1, false, 'approved'],
        [2, true, 'approved'],
      ]);
      const diff = await as(admin, 'get', rosterUrl(delegation.id, '/versions/2/diff')).expect(200);
      expect(diff.body).toMatchObject({ version: 2, against: 1, added: [], changed: [] });
      expect(diff.body.removed).toHaveLength(1);
      const reverse = await as(
        admin,
        'get',
        rosterUrl(delegation.id, '/versions/1/diff?against=2'),
      ).expect(200);
      expect(reverse.body.added.map((m: { participantId: string }) => m.participantId)).toEqual([
        people[3].id,
      ]);
      const fromNothing = await as(
        admin,
        'get',
        rosterUrl(delegation.id, '/versions/1/diff'),
      ).expect(200);
      expect(fromNothing.body).toMatchObject({ version: 1, against: null });
      expect(fromNothing.body.added).toHaveLength(6);
      await as(admin, 'get', rosterUrl(delegation.id, '/versions/3/diff')).expect(
        refusal('NOT_FOUND'),
      );
      await as(admin, 'get', rosterUrl(delegation.id, '/versions/x/diff')).expect(
        refusal('NOT_FOUND'),
      );
      await as(admin, 'get', rosterUrl(delegation.id, '/versions/2/diff?against=9')).expect(
        refusal('NOT_FOUND'),
      );

      expect(await auditNotes(delegation.id, 'lock')).toEqual([
        `v2 ${v2.body.hash}`,
        `v1 ${v1.body.hash}`,
      ]);
      expect(await auditNotes(delegation.id, 'approve')).toEqual([
        `v2 ${v2.body.hash}`,
        `v1 ${v1.body.hash}`,
      ]);
    });
  });

  it('exports the group list as xlsx and csv with names in three scripts, full passport numbers and both header languages, audited', async () => {
    const { delegation, people } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    const locked = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);

    const xlsx = await as(admin, 'get', rosterUrl(delegation.id, '/export?format=xlsx&lang=both'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers['content-disposition']).toBe(
      `attachment; filename="roster-${delegation.id.slice(0, 8)}-v1.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const rows: string[][] = [];
    workbook.worksheets[0].eachRow({ includeEmpty: true }, (row) => {
      rows.push(
        // Every cell was written as text; empty ones come back as undefined.
        (row.values as (string | undefined)[]).slice(1).map((v) => v ?? ''),
      );
    });
    const text = (label: string) => rows.find((row) => row[0] === label)?.[1];
    expect(rows[0][0]).toBe('团组名单 / Список группы');
    expect(text('代表团 / Делегация')).toBe(
      '黑河学生赴布拉戈维申斯克夏令营 / Летний лагерь школьников Хэйхэ в Благовещенске',
    );
    expect(text('方向 / Направление')).toBe('中国 → 俄罗斯 / Китай → Россия');
    expect(text('口岸 / Пункт пропуска')).toContain('黑河口岸');
    expect(text('俄方合作单位 / Принимающая / направляющая сторона')).toBe(
      '阿穆尔州青年事务委员会 / Комитет по делам молодёжи Амурской области',
    );
    expect(text('名单版本 / Версия списка')).toBe('1');
    expect(text('校验码（SHA-256） / Контрольная сумма (SHA-256)')).toBe(locked.body.hash);
    expect(text('联系人 / Контактное лицо')).toBe(TEST_ADMIN.email);
    // When it was locked, on each bank, with offsets and zones.
    expect(
      text('锁定时间（黑河 / 布拉戈维申斯克） / Время фиксации (Хэйхэ / Благовещенск)'),
    ).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00 \(Asia\/Shanghai\) \/ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00 \(Asia\/Yakutsk\)$/,
    );

    const zhHeader = rows.findIndex((row) => row[0] === '序号');
    expect(zhHeader).toBeGreaterThan(0);
    const ruHeader = rows[zhHeader + 1];
    expect(ruHeader[0]).toBe('№');
    expect(rows[zhHeader]).toEqual(
      expect.arrayContaining([
        '姓（本国文字）',
        '姓（拉丁字母）',
        '姓（西里尔字母）',
        '护照号码',
        '出生日期',
      ]),
    );
    expect(ruHeader).toEqual(
      expect.arrayContaining([
        'Фамилия (латиница)',
        'Фамилия (кириллица)',
        'Номер паспорта',
        'Дата рождения',
      ]),
    );
    const data = rows.slice(zhHeader + 2);
    expect(data).toHaveLength(6);
    const column = (name: string) => rows[zhHeader].indexOf(name);
    const student = data.find((row) => row[column('名（本国文字）')] === '雨轩')!;
    expect(student[column('姓（拉丁字母）')]).toBe('LI');
    expect(student[column('名（拉丁字母）')]).toBe('YUXUAN');
    expect(student[column('姓（西里尔字母）')]).toBe('Ли');
    expect(student[column('名（西里尔字母）')]).toBe('Юйсюань');
    expect(student[column('护照号码')]).toBe(people[1].passportNumber);
    expect(student[column('出生日期')]).toBe('2011-05-20');
    expect(student[column('身份')]).toBe('学生 / учащийся');
    expect(data[0][column('身份')]).toBe('带队人员 / сопровождающий');
    expect(data.map((row) => row[column('护照号码')]).sort()).toEqual(
      people.map((p) => p.passportNumber).sort(),
    );
    const russian = data.find((row) => row[column('姓（西里尔字母）')] === 'Щербакова')!;
    expect(russian[column('姓（本国文字）')]).toBe('Щербакова');
    expect(russian[column('姓（拉丁字母）')]).toBe('SHCHERBAKOVA');

    const csv = await as(admin, 'get', rosterUrl(delegation.id, '/export?format=csv&lang=zh'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const csvText = (csv.body as Buffer).toString('utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    const lines = csvText.slice(1).split('\r\n');
    expect(lines[0]).toBe('团组名单');
    expect(lines).toContain(
      '序号,身份,姓（本国文字）,名（本国文字）,姓（拉丁字母）,名（拉丁字母）,姓（西里尔字母）,名（西里尔字母）,姓（中文）,名（中文）,性别,出生日期,出生地,国籍,护照号码,护照有效期至,学校',
    );
    expect(
      lines.some((line) => line.startsWith('2,学生,') && line.includes(people[1].passportNumber)),
    ).toBe(true);
    expect(lines.filter((line) => line.startsWith('Номер'))).toEqual([]);

    await as(admin, 'get', rosterUrl(delegation.id, '/export?format=pdf')).expect(
      refusal('VALIDATION_FAILED'),
    );
    const badLang = await as(
      admin,
      'get',
      rosterUrl(delegation.id, '/export?format=csv&lang=en'),
    ).expect(refusal('VALIDATION_FAILED'));
    expect(badLang.body.errors).toEqual([
      expect.objectContaining({ field: 'lang', code: 'IS_IN' }),
    ]);

    expect(await auditNotes(delegation.id, 'export')).toEqual(['v1 csv zh', 'v1 xlsx zh+ru']);
  });

  it('writes no cell a spreadsheet would run, however it splits the CSV, and keeps xlsx cells as text', async () => {
    const hostile = [
      "Москва;=cmd|' /C calc'!A0;",
      '\t=1+1',
      '\r@SUM(A1)',
      'Хэйхэ,+1;-1',
      '=HYPERLINK("http://evil.example","x")',
    ];
    const { delegation, people } = await groupOfSix();
    for (const [i, birthPlace] of hostile.entries()) {
      await as(school, 'patch', `/api/participants/${people[i].id}`)
        .send({ birthPlace })
        .expect(200);
    }
    await transition(delegation.id, 'closed').expect(200);
    await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({ override: { reason: 're-approval pending' } })
      .expect(201);
    for (const url of [
      rosterUrl(delegation.id, '/export?format=csv&lang=ru'),
      rosterUrl(delegation.id, '/export?format=csv&lang=both'),
    ]) {
      const csv = await as(admin, 'get', url).buffer(true).parse(binary).expect(200);
      const text = (csv.body as Buffer).toString('utf8');
      for (const separator of [',', ';', '\t']) {
        // Quotes ignored: every separator starts a cell, the most any reader could split.
        const cells = text.split(/[\r\n]+/).flatMap((line) => line.split(separator));
        expect({
          separator,
          running: cells.filter((cell) => /^[ "]*[=+\-@\t\r]/.test(cell)),
        }).toEqual({
          separator,
          running: [],
        });
      }
      expect(text).toContain(`"Москва;'=cmd|' /C calc'!A0;"`);
    }
    const xlsx = await as(admin, 'get', rosterUrl(delegation.id, '/export?format=xlsx&lang=ru'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    for (const value of hostile) {
      const cell = cells.find((c) => c.value === value.trim());
      expect(cell?.type).toBe(ExcelJS.ValueType.String);
    }
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
  });

  it('gives the partner its own export in Russian with Cyrillic and Latin first', async () => {
    const { delegation, partner, people } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    const response = await as(
      partner,
      'get',
      `/api/partner/delegations/${delegation.id}/roster/export?format=csv`,
    )
      .buffer(true)
      .parse(binary)
      .expect(200);
    const lines = (response.body as Buffer).toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Список группы');
    expect(lines).toContain(
      '№,Статус,Фамилия (кириллица),Имя (кириллица),Фамилия (латиница),Имя (латиница),Фамилия (на родном языке),Имя (на родном языке),Фамилия (иероглифы),Имя (иероглифы),Пол,Дата рождения,Место рождения,Гражданство,Номер паспорта,Паспорт действителен до,Школа',
    );
    expect(
      lines.some(
        (line) =>
          line.startsWith('2,учащийся,Ли,Юйсюань,LI,YUXUAN,李,雨轩') &&
          line.includes(people[1].passportNumber),
      ),
    ).toBe(true);
    await as(
      otherPartner,
      'get',
      `/api/partner/delegations/${delegation.id}/roster/export?format=csv`,
    ).expect(refusal('NOT_FOUND'));
    expect(await auditNotes(delegation.id, 'export')).toEqual(['v1 csv ru']);
  });

  it('locks despite failing checks only with a reason, which is kept and audited', async () => {
    const delegation = await openDelegation(t, admin);
    const only = await participant(chineseStudent());
    await applyAndApprove(delegation.id, only.id);
    await transition(delegation.id, 'closed').expect(200);
    const refused = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({})
      .expect(refusal('ROSTER_NOT_READY'));
    expect(
      refused.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['roster', 'CHAPERONE_RATIO'],
      ['roster', 'GROUP_TOO_SMALL'],
    ]);
    await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({ override: { reason: '' } })
      .expect(refusal('VALIDATION_FAILED'));
    const locked = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({
        override: { reason: 'Пилотная поездка одного ученика, согласовано с погранслужбой' },
      })
      .expect(201);
    expect(locked.body.override).toEqual({
      reason: 'Пилотная поездка одного ученика, согласовано с погранслужбой',
      checks: ['CHAPERONE_RATIO', 'GROUP_TOO_SMALL'],
    });
    expect(await auditNotes(delegation.id, 'lock')).toEqual([
      `v1 ${locked.body.hash} override [CHAPERONE_RATIO,GROUP_TOO_SMALL]: Пилотная поездка одного ученика, согласовано с погранслужбой`,
    ]);
  });

  it('sends a rejected roster back to closed with the reason, and locks it again as the next version', async () => {
    const { delegation, partner } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    const v1 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    await as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/reject`)
      .send({ version: 2, reason: 'Не тот список' })
      .expect(refusal('ROSTER_VERSION_MISMATCH'));
    const rejected = await as(
      partner,
      'post',
      `/api/partner/delegations/${delegation.id}/roster/reject`,
    )
      .send({ version: 1, reason: 'Укажите руководителя группы первым' })
      .expect(200);
    expect(rejected.body).toMatchObject({
      partnerDecision: 'rejected',
      rejectionReason: 'Укажите руководителя группы первым',
      delegationStatus: 'closed',
    });
    const late = await as(
      partner,
      'post',
      `/api/partner/delegations/${delegation.id}/roster/approve`,
    )
      .send({ version: 1, hash: v1.body.hash })
      .expect(refusal('ROSTER_NOT_AWAITING_APPROVAL'));
    expect(late.body.code).toBe('ROSTER_NOT_AWAITING_APPROVAL');
    const current = await as(admin, 'get', rosterUrl(delegation.id)).expect(200);
    expect(current.body).toMatchObject({
      version: 1,
      partnerDecision: 'rejected',
      delegationStatus: 'closed',
    });
    const v2 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    expect(v2.body).toMatchObject({
      version: 2,
      hash: v1.body.hash,
      delegationStatus: 'roster_locked',
    });
    // Another partner sees none of it.
    await as(otherPartner, 'get', `/api/partner/delegations/${delegation.id}/roster/diff`).expect(
      404,
    );
    await as(otherPartner, 'post', `/api/partner/delegations/${delegation.id}/roster/reject`)
      .send({ version: 2, reason: 'Чужой список' })
      .expect(refusal('NOT_FOUND'));
  });

  it('does not reopen applications once a roster was locked, even after a rejection', async () => {
    const { delegation, partner } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    await as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/reject`)
      .send({ version: 1, reason: 'Нужен ещё один сопровождающий' })
      .expect(200);
    const reopen = await transition(delegation.id, 'open').expect(refusal('ROSTER_ALREADY_LOCKED'));
    expect(reopen.body).toMatchObject({ code: 'ROSTER_ALREADY_LOCKED' });
    const read = await as(admin, 'get', `/api/admin/delegations/${delegation.id}`).expect(200);
    expect(read.body).toMatchObject({ status: 'closed', rosterVersion: 1 });
  });

  it('makes a change to the trip itself a change of the roster, and prints the list with the trip as locked', async () => {
    const { delegation, partner } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    const v1 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    await as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/approve`)
      .send({ version: 1, hash: v1.body.hash })
      .expect(200);
    const before = (await as(admin, 'get', `/api/admin/delegations/${delegation.id}`)).body;
    const later = dateIn(68);
    await as(admin, 'patch', `/api/admin/delegations/${delegation.id}`)
      .send({ returnDate: later })
      .expect(200);

    const current = await as(admin, 'get', rosterUrl(delegation.id))
      .set('Accept-Language', 'ru')
      .expect(200);
    expect(current.body).toMatchObject({ version: 1, changed: true });
    expect(current.body.changes).toMatchObject({ added: [], removed: [], changed: [] });
    expect(current.body.changes.delegation).toEqual([
      { field: 'returnDate', label: 'Дата возвращения', from: before.returnDate, to: later },
    ]);
    // Until locked again, the list prints the dates the partner approved.
    const csv = await as(
      admin,
      'get',
      rosterUrl(delegation.id, '/export?format=csv&lang=ru'),
    ).expect(200);
    expect(csv.text).toContain(`${before.departureDate} — ${before.returnDate}`);

    const v2 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    expect(v2.body.hash).not.toBe(v1.body.hash);
    const diff = await as(
      partner,
      'get',
      `/api/partner/delegations/${delegation.id}/roster/diff`,
    ).expect(200);
    expect(diff.body).toMatchObject({
      version: 2,
      against: 1,
      added: [],
      removed: [],
      changed: [],
    });
    expect(diff.body.delegation).toEqual([
      { field: 'returnDate', label: 'Дата возвращения', from: before.returnDate, to: later },
    ]);
    const after = await as(
      admin,
      'get',
      rosterUrl(delegation.id, '/export?format=csv&lang=ru'),
    ).expect(200);
    expect(after.text).toContain(`${before.departureDate} — ${later}`);
  });

  it('shows the checks on the roster as it stands now: a consent withdrawn after the lock', async () => {
    const { delegation, people } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    const minor = people[2];
    await as(
      school,
      'delete',
      `/api/participants/${minor.id}/consents/${minor.consents.guardian}`,
    ).expect(204);
    const current = await as(admin, 'get', rosterUrl(delegation.id)).expect(200);
    expect(current.body).toMatchObject({
      changed: false,
      readiness: { ready: false, memberCount: 6 },
    });
    expect(current.body.readiness.checks).toContainEqual(
      expect.objectContaining({
        code: 'GUARDIAN_CONSENT_MISSING',
        severity: 'error',
        participantId: minor.id,
      }),
    );
  });

  it('keeps a long override reason whole on the version and within the audit log’s limit', async () => {
    const delegation = await openDelegation(t, admin);
    const only = await participant(chineseStudent());
    await applyAndApprove(delegation.id, only.id);
    await transition(delegation.id, 'closed').expect(200);
    const reason =
      `Согласовано с пограничной службой. ${'Подробности согласования. '.repeat(40)}`.slice(
        0,
        1000,
      );
    const locked = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({ override: { reason } })
      .expect(201);
    expect(locked.body.override.reason).toBe(reason.trim());
    const [note] = await auditNotes(delegation.id, 'lock');
    expect([...note]).toHaveLength(500);
    expect(
      note.startsWith(
        `v1 ${locked.body.hash} override [CHAPERONE_RATIO,GROUP_TOO_SMALL]: Согласовано`,
      ),
    ).toBe(true);
    expect(note.endsWith('…')).toBe(true);
  });

  it('does not let the partner approve a version the roster no longer matches: one withdrew, or all did', async () => {
    const { delegation, partner, applications } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    const v1 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    const approve = (version: number, hash: string) =>
      as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/approve`)
        .set('Accept-Language', 'ru')
        .send({ version, hash });
    await as(school, 'post', `/api/applications/${applications[0]}/withdraw`).expect(200);
    const one = await approve(1, v1.body.hash).expect(refusal('ROSTER_CHANGED_SINCE_LOCK'));
    expect(one.body).toMatchObject({ code: 'ROSTER_CHANGED_SINCE_LOCK' });
    expect(one.body.message).toMatch(/версия 1/);
    for (const application of applications.slice(1)) {
      await as(school, 'post', `/api/applications/${application}/withdraw`).expect(200);
    }
    const all = await approve(1, v1.body.hash).expect(refusal('ROSTER_CHANGED_SINCE_LOCK'));
    expect(all.body.code).toBe('ROSTER_CHANGED_SINCE_LOCK');
    expect(all.body.message).toMatch(/: 0/);
    const status = await as(admin, 'get', `/api/admin/delegations/${delegation.id}`).expect(200);
    expect(status.body.status).toBe('roster_locked');
    // Nothing is left to lock, and nothing was approved.
    const empty = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({})
      .expect(refusal('ROSTER_EMPTY'));
    expect(empty.body.code).toBe('ROSTER_EMPTY');
    const versions = await as(admin, 'get', rosterUrl(delegation.id, '/versions')).expect(200);
    expect(versions.body.map((v: { partnerDecision: string | null }) => v.partnerDecision)).toEqual(
      [null],
    );
    // The partner may still send it back.
    await as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/reject`)
      .send({ version: 1, reason: 'в списке никого не осталось' })
      .expect(200);
  });

  it('settles a partner approving version 1 while the organizer locks version 2: version 2 is never taken as approved', async () => {
    const { delegation, partner, applications } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    const v1 = await as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}).expect(201);
    await as(school, 'post', `/api/applications/${applications[5]}/withdraw`).expect(200);
    const [approval, lock] = await Promise.all([
      as(partner, 'post', `/api/partner/delegations/${delegation.id}/roster/approve`).send({
        version: 1,
        hash: v1.body.hash,
      }),
      as(admin, 'post', rosterUrl(delegation.id, '/lock')).send({}),
    ]);
    expect(lock.status).toBe(201);
    // Version 1 no longer matches the roster (one withdrew), whichever came first.
    expect(approval.status).toBe(409);
    expect(['ROSTER_VERSION_MISMATCH', 'ROSTER_CHANGED_SINCE_LOCK']).toContain(approval.body.code);
    const versions = (await as(admin, 'get', rosterUrl(delegation.id, '/versions')).expect(200))
      .body;
    expect(
      versions.map((v: { version: number; partnerDecision: string | null }) => [
        v.version,
        v.partnerDecision,
      ]),
    ).toEqual([
      [1, null],
      [2, null],
    ]);
    const read = await as(admin, 'get', `/api/admin/delegations/${delegation.id}`).expect(200);
    expect(read.body).toMatchObject({ status: 'roster_locked', rosterVersion: 2 });
  });

  it('keeps the roster’s states to the roster and refuses to lock what cannot be locked', async () => {
    const delegation = await openDelegation(t, admin);
    const notYet = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({})
      .expect(refusal('ROSTER_NOT_LOCKABLE'));
    expect(notYet.body).toMatchObject({ code: 'ROSTER_NOT_LOCKABLE' });
    await transition(delegation.id, 'closed').expect(200);
    const empty = await as(admin, 'post', rosterUrl(delegation.id, '/lock'))
      .send({})
      .expect(refusal('ROSTER_EMPTY'));
    expect(empty.body.code).toBe('ROSTER_EMPTY');
    const byHand = await transition(delegation.id, 'roster_locked').expect(
      refusal('ROSTER_TRANSITION'),
    );
    expect(byHand.body.code).toBe('ROSTER_TRANSITION');
    const notLocked = await as(admin, 'get', rosterUrl(delegation.id)).expect(
      refusal('ROSTER_NOT_LOCKED'),
    );
    expect(notLocked.body.code).toBe('ROSTER_NOT_LOCKED');
    expect(
      (await as(admin, 'get', rosterUrl(delegation.id, '/versions')).expect(200)).body,
    ).toEqual([]);
    await as(admin, 'get', rosterUrl(randomUUID(), '/readiness')).expect(refusal('NOT_FOUND'));
    await as(admin, 'post', rosterUrl(randomUUID(), '/lock')).send({}).expect(refusal('NOT_FOUND'));
    await as(school, 'get', rosterUrl(delegation.id, '/readiness')).expect(refusal('FORBIDDEN'));
  });

  it('makes exactly one version when two organizers lock at once', async () => {
    const { delegation } = await groupOfSix();
    await transition(delegation.id, 'closed').expect(200);
    const admin2 = await t.createUser(admin, 'organizer', { organizationId: admin.organizationId });
    const results = await Promise.all(
      [admin, admin2].map((session) =>
        as(session, 'post', rosterUrl(delegation.id, '/lock')).send({}),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('ROSTER_UNCHANGED');
    const versions = await as(admin, 'get', rosterUrl(delegation.id, '/versions')).expect(200);
    expect(versions.body).toHaveLength(1);
  });
});

/** Collects a binary response body into a Buffer. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}
