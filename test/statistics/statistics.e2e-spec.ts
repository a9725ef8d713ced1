import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { DataSource } from 'typeorm';
import { sqlOf } from '../support/database';
import { isolatedDatabase } from '../support/isolated-database';
import { chaperone, chineseStudent } from '../support/people';
import { refusal } from '../support/refusal';
import { PastYears, seedPastYears } from '../support/statistics-data';
import { bilingualNotice, openDelegation, Session, TestApp } from '../support/test-app';
import { publishNotice } from '../support/notices';
import { testConfig } from '../support/test-config';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../../src/cli.module';
import { DEMO_PASSWORD, DemoSeeder } from '../../src/seed/demo-seeder';

jest.setTimeout(240_000);

type Stats = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const zeroAges = { '0-9': 0, '10-13': 0, '14-17': 0, '18-34': 0, '35-59': 0, '60+': 0 };

/**
 * The committee's statistics on the real database, against two years counted by hand
 * (test/support/statistics-data.ts) and a trip made through the API this year: each named
 * part, the year over year, a period that is not a year, the downloads, the public page,
 * and the same figures after the retention job has erased everyone's personal data.
 */
describe('statistics', () => {
  let drop: () => Promise<void>;
  let overrides: Record<string, string>;
  let t: TestApp;
  let admin: Session;
  let past: PastYears;
  let live: { id: string; hostId: string; year: number };
  let liveSchool: Session & { email: string; password: string };
  let db: DataSource;
  let noticesBefore: Stats;
  const { count } = sqlOf(() => db);
  const heiheYear = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

  const stats = async (query: string): Promise<Stats> =>
    (await t.as(admin, 'get', `/api/admin/statistics?${query}`).expect(200)).body as Stats;

  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    // The demo first, as `npm run seed:demo` makes it, then the years counted by hand.
    const config = testConfig(isolated.overrides);
    const cli = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
      logger: false,
    });
    await cli.get(DemoSeeder).seed();
    await cli.close();
    overrides = { ...isolated.overrides, DATA_DIR: config.dataDir };
    t = await TestApp.start(overrides);
    db = t.app.get(DataSource);
    // The demo's organizer: with the demo's accounts made, no first admin is created.
    admin = await t.login('organizer@demo.youth-bridge', DEMO_PASSWORD);
    past = await seedPastYears(t, admin);

    // This year's trip, made through the API: two students and a teacher travel.
    const opened = await openDelegation(t, admin);
    const departure = (await t.as(admin, 'get', `/api/admin/delegations/${opened.id}`).expect(200))
      .body.departureDate as string;
    live = { ...opened, year: Number(departure.slice(0, 4)) };
    liveSchool = await t.createUser(admin, 'school_coordinator');
    const people = [
      await t.registered(liveSchool, chineseStudent({ givenName: '乐' })),
      await t.registered(liveSchool, chineseStudent({ givenName: '立', gender: 'male' })),
      await t.registered(liveSchool, chaperone({ chaperoneRole: 'teacher' })),
    ];
    const rejected = await t.registered(liveSchool, chineseStudent({ givenName: '然' }));
    const no = await t.applied(liveSchool, opened.id, rejected.id);
    await t.decide(admin, no, 'reject', '名额已满').expect(200);
    await t.approvedAndClosed(admin, liveSchool, opened.id, people);
    const partner = await t.createUser(admin, 'partner', {
      organizationId: opened.hostId,
      preferredLanguage: 'ru',
    });
    const locked = await t.lockWithOverride(admin, opened.id, 'test trip');
    await t
      .as(partner, 'post', `/api/partner/delegations/${opened.id}/roster/approve`)
      .send({ version: locked.body.version, hash: locked.body.hash })
      .expect(200);
    noticesBefore = (await stats(`year=${heiheYear()}`)).notices as Stats;
    await publishNotice(t, admin, bilingualNotice('public'));
    await publishNotice(t, admin, {
      titleZh: '仅中文',
      bodyZh: '内容',
      audience: 'schools',
      singleLanguage: 'zh',
    });
  });

  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('counts 2024 as counted by hand', async () => {
    const s = await stats('year=2024');
    expect(s.period).toEqual({ from: '2024-01-01', to: '2024-12-31', year: 2024 });
    expect(s.delegations).toEqual({
      total: 1,
      byDirection: { CN_TO_RU: 1, RU_TO_CN: 0 },
      byState: {
        draft: 0,
        open: 0,
        closed: 0,
        roster_locked: 0,
        confirmed: 0,
        completed: 1,
        cancelled: 0,
      },
      places: {
        offered: { students: 10, chaperones: 2, total: 12 },
        taken: { students: 4, chaperones: 1, total: 5 },
      },
      stays: { delegations: 1, totalDays: 7, averageDays: 7, longestDays: 7 },
    });
    expect(s.travellers).toEqual({
      total: 5,
      byDirection: { CN_TO_RU: 5, RU_TO_CN: 0 },
      byNationality: { CN: 5, RU: 0 },
      byGender: { female: 3, male: 2 },
      byAgeBand: { ...zeroAges, '10-13': 2, '14-17': 2, '35-59': 1 },
      byKind: { student: 4, teacher: 1, volunteer: 0, other: 0 },
      bySchool: [
        expect.objectContaining({ schoolId: past.schools.S1, count: 4 }),
        expect.objectContaining({ schoolId: past.schools.S2, count: 1 }),
      ],
    });
    expect(s.applications).toMatchObject({
      submitted: 6,
      pending: 0,
      approved: 5,
      waitlisted: 0,
      offered: 0,
      rejected: 1,
      withdrawn: 0,
      everWaitlisted: 1,
      approvedFromWaitlist: 1,
      // 1, 2, 3, 4, 5 and 10 days: the middle two are 3 and 4.
      medianDaysToDecision: 3.5,
    });
    expect(s.applications.byDelegation).toEqual([
      expect.objectContaining({
        delegationId: past.trips.D1,
        submitted: 6,
        approved: 5,
        rejected: 1,
        medianDaysToDecision: 3.5,
      }),
    ]);
    expect(s.schools).toEqual({ involved: 2, new: 2, travelled: 2 });
    expect(s.partners).toEqual({ involved: 1, new: 1 });
    expect(s.yearOverYear.map((y: Stats) => y.year as number)).toEqual([2024]);
  });

  it('counts 2025: a person counted once with their first trip, new schools and partners', async () => {
    const s = await stats('year=2025');
    expect(s.delegations).toMatchObject({
      total: 3,
      byDirection: { CN_TO_RU: 2, RU_TO_CN: 1 },
      byState: expect.objectContaining({ completed: 3, cancelled: 1, draft: 1 }),
      places: {
        offered: { students: 17, chaperones: 3, total: 20 },
        taken: { students: 6, chaperones: 1, total: 7 },
      },
      stays: { delegations: 3, totalDays: 22, averageDays: 7.3, longestDays: 10 },
    });
    expect(s.travellers).toMatchObject({
      total: 6,
      byDirection: { CN_TO_RU: 2, RU_TO_CN: 4 },
      byNationality: { CN: 2, RU: 4 },
      byGender: { female: 2, male: 4 },
      // x was 12 in March and 13 in October: counted once, at 12.
      byAgeBand: { ...zeroAges, '10-13': 1, '14-17': 4, '60+': 1 },
      byKind: { student: 5, teacher: 0, volunteer: 1, other: 0 },
    });
    expect(
      Object.fromEntries(
        s.travellers.bySchool.map((x: Stats) => [x.schoolId as string, x.count as number]),
      ),
    ).toEqual({ [past.schools.S3]: 4, [past.schools.S1]: 1, [past.schools.S2]: 1 });
    expect(s.applications).toMatchObject({
      submitted: 10,
      approved: 7,
      rejected: 1,
      withdrawn: 2,
      everWaitlisted: 1,
      approvedFromWaitlist: 1,
      // 1, 1, 2, 2, 3, 4, 6, 8.
      medianDaysToDecision: 2.5,
    });
    const d3 = s.applications.byDelegation.find((x: Stats) => x.delegationId === past.trips.D3);
    expect(d3).toMatchObject({
      submitted: 3,
      approved: 2,
      withdrawn: 1,
      medianDaysToDecision: 3.5,
    });
    expect(s.applications.byDelegation).toHaveLength(4); // the draft has none
    expect(s.schools).toEqual({ involved: 3, new: 1, travelled: 3 });
    // P1 again, P2 and P3 new; the cancelled trip's host is not involved.
    expect(s.partners).toEqual({ involved: 3, new: 2 });
    expect(
      s.yearOverYear.map((y: Stats) => [y.year as number, y.travellers.total as number]),
    ).toEqual([
      [2024, 5],
      [2025, 6],
    ]);
    const [y2024] = s.yearOverYear;
    const travellers2024 = (await stats('year=2024')).travellers;
    delete travellers2024.bySchool;
    expect(y2024.travellers).toEqual(travellers2024);
  });

  it('counts a period that is not a year, with unique people across it', async () => {
    const s = await stats('from=2024-07-01&to=2025-03-31');
    expect(s.period).toEqual({ from: '2024-07-01', to: '2025-03-31', year: null });
    expect(s.delegations.total).toBe(2);
    // a, b, c, d, t in 2024; x and w in March 2025.
    expect(s.travellers.total).toBe(7);
    expect(s.travellers.byDirection).toEqual({ CN_TO_RU: 7, RU_TO_CN: 0 });
    expect(s.applications.submitted).toBe(9);
    expect(s.schools).toEqual({ involved: 2, new: 2, travelled: 2 });
    expect(s.yearOverYear.map((y: Stats) => y.year as number)).toEqual([2024, 2025]);
  });

  it('counts this year’s trip, made through the API, its notices and deliveries', async () => {
    const s = await stats(`year=${live.year}`);
    expect(s.travellers).toMatchObject({
      total: 3,
      byDirection: { CN_TO_RU: 3, RU_TO_CN: 0 },
      byKind: { student: 2, teacher: 1, volunteer: 0, other: 0 },
      bySchool: [expect.objectContaining({ schoolId: liveSchool.organizationId, count: 3 })],
    });
    expect(
      s.applications.byDelegation.find((d: Stats) => d.delegationId === live.id),
    ).toMatchObject({ submitted: 4, approved: 3, rejected: 1, pending: 0 });
    const now = await stats(`year=${heiheYear()}`);
    // The two published here, on top of the demo's.
    expect(now.notices.published).toBe(noticesBefore.published + 2);
    expect(now.notices.byLanguage).toEqual({
      both: noticesBefore.byLanguage.both + 1,
      zh: noticesBefore.byLanguage.zh + 1,
      ru: noticesBefore.byLanguage.ru,
    });
    const deliveries = await count('SELECT COUNT(*) AS n FROM notification_deliveries');
    expect(deliveries).toBeGreaterThan(0);
    expect(now.deliveries.total).toBe(deliveries);
    expect(now.deliveries.total).toBe(
      now.deliveries.byChannel.email.total +
        now.deliveries.byChannel.in_app.total +
        now.deliveries.byChannel.webhook.total,
    );
  });

  it('agrees with the API’s own lists on the seeded demo, year by year', async () => {
    const delegations = (
      await t.as(admin, 'get', '/api/admin/delegations?pageSize=100').expect(200)
    ).body.items as { id: string; departureDate: string; status: string }[];
    const applications = (await t.as(admin, 'get', '/api/applications?pageSize=100').expect(200))
      .body.items as { delegationId: string; status: string }[];
    const years = [...new Set(delegations.map((d) => Number(d.departureDate.slice(0, 4))))];
    expect(years.length).toBeGreaterThan(0);
    for (const year of years) {
      const inYear = delegations.filter(
        (d) => d.departureDate.startsWith(String(year)) && d.status !== 'draft',
      );
      const ids = new Set(inYear.map((d) => d.id));
      const held = inYear.filter((d) => d.status !== 'cancelled');
      const applied = applications.filter((a) => ids.has(a.delegationId));
      const s = await stats(`year=${year}`);
      expect([year, s.delegations.total]).toEqual([year, held.length]);
      expect([year, s.applications.submitted]).toEqual([year, applied.length]);
      for (const state of ['approved', 'waitlisted', 'rejected', 'withdrawn'] as const) {
        expect([year, state, s.applications[state]]).toEqual([
          year,
          state,
          applied.filter((a) => a.status === state).length,
        ]);
      }
      expect(
        s.applications.byDelegation.map((d: Stats) => d.delegationId as string).sort(),
      ).toEqual([...ids].sort());
    }
  });

  it.each([
    ['year=2025&from=2025-01-01', 'year', 'PERIOD_YEAR_OR_RANGE'],
    ['from=2025-05-02&to=2025-05-01', 'to', 'PERIOD_ENDS_BEFORE_START'],
    ['from=2025-02-30&to=2025-03-01', 'from', 'IS_PLAIN_DATE'],
    ['from=2025-01-01', 'to', 'REQUIRED'],
    ['year=1900', 'year', 'MIN'],
    ['year=abc', 'year', 'IS_INT'],
    ['from=2010-01-01&to=2024-01-01', 'to', 'PERIOD_TOO_LONG'],
  ])('refuses %s on %s with %s, in the caller’s language', async (query, field, code) => {
    const res = await t
      .as(admin, 'get', `/api/admin/statistics?${query}`)
      .set('accept-language', 'ru')
      .expect(refusal('VALIDATION_FAILED'));
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, code })]),
    );
    expect(res.body.errors[0].message).toMatch(/[а-яё]/i);
  });

  it('is for organizers only', async () => {
    await t.as(liveSchool, 'get', '/api/admin/statistics').expect(refusal('FORBIDDEN'));
    await t.as(undefined, 'get', '/api/admin/statistics').expect(refusal('UNAUTHORIZED'));
  });

  it('draws each chart as SVG that parses and holds the numbers', async () => {
    const res = await t
      .as(admin, 'get', '/api/admin/statistics/charts/travellersByKind?year=2025')
      .set('accept-language', 'ru')
      .expect(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = res.text ?? String(res.body);
    const texts: string[] = [];
    const parser = new SaxesParser();
    parser.on('text', (text) => text.trim() && texts.push(text.trim()));
    parser.write(svg).close();
    expect(texts[0]).toBe('Учащиеся и сопровождающие');
    const drawn = texts.slice(2);
    expect(drawn).toEqual(expect.arrayContaining(['5', '1']));
    await t
      .as(admin, 'get', '/api/admin/statistics/charts/overview?year=2025')
      .expect(refusal('NOT_FOUND'));
  });

  it('writes the workbook with a sheet per table, headers in the language asked for', async () => {
    const res = await t
      .as(admin, 'get', '/api/admin/statistics/workbook?year=2025&lang=ru')
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-disposition']).toContain('statistics-2025-ru.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toContain('Возраст');
    expect(workbook.worksheets).toHaveLength(13);
    const kinds = workbook.getWorksheet('Категории')!;
    expect(kinds.getRow(3).values).toEqual([undefined, 'Показатель', 'Участники поездок']);
    expect(kinds.getRow(4).values).toEqual([undefined, 'учащиеся', 5]);
  });

  it('shows the public page with totals only, never a count of people under five', async () => {
    const people = (html: string) =>
      [...html.matchAll(/<dd>([^<]*)<\/dd>|<td class="num">([^<]*)<\/td>/g)].map(
        (m) => m[1] ?? m[2],
      );
    const y2024 = (await t.http().get('/zh/year/2024').expect(200)).text;
    // 5 people, all one way: both directions hidden, or the total would give one away.
    expect(y2024).toContain('<dd>5</dd>');
    expect(y2024).toContain('少于 5');
    const y2025 = (await t.http().get('/ru/year/2025').expect(200)).text;
    expect(y2025).toContain('<dd>6</dd>');
    expect(y2025).toContain('меньше 5');
    const thisYear = (await t.http().get(`/ru/year/${live.year}`).expect(200)).text;
    // Three people went this year: the figure is hidden.
    expect(thisYear).toContain(
      '<dt>Школьники и сопровождающие, побывавшие в поездках</dt><dd>меньше 5</dd>',
    );
    for (const html of [y2024, y2025, thisYear]) {
      expect(html).not.toMatch(/[\u0410-\u044f]*?(?:李|安|彬|Егор|Фаина)/u);
      const travellerCells = people(html).filter((cell) => /^\d+$/.test(cell));
      // Delegations, schools and partners are not people; every people cell is ≥ 5 or hidden.
      expect(html.match(/<td class="num">[0-4]<\/td><\/tr>/g)).toBeNull();
      expect(travellerCells.length).toBeGreaterThan(0);
    }
    await t.http().get('/zh/year/1999').expect(404);
    await t.http().get('/zh/year/20x5').expect(404);
  });

  describe('after the retention job has erased everyone’s personal data', () => {
    const QUERIES = ['year=2024', 'year=2025', 'from=2024-07-01&to=2025-03-31'];
    let before: Stats[];
    let deliveriesBefore: number;

    beforeAll(async () => {
      QUERIES.push(`year=${live.year}`, `year=${heiheYear()}`);
      before = await Promise.all(QUERIES.map((q) => stats(q)));
      deliveriesBefore = await count('SELECT COUNT(*) AS n FROM notification_deliveries');
      await t.close();
      // 500 days on, every trip has long returned and the deliveries are past the history.
      t = await TestApp.start({ ...overrides, CLOCK_SHIFT_DAYS: '500' });
      db = t.app.get(DataSource);
      // The demo's organizer: with the demo's accounts made, no first admin is created.
      admin = await t.login('organizer@demo.youth-bridge', DEMO_PASSWORD);
      await t.as(admin, 'post', '/api/admin/retention/runs').expect(201);
    });

    it('erased the people and pruned the deliveries', async () => {
      const ids = Object.values(past.people);
      expect(
        await count(
          `SELECT COUNT(*) AS n FROM participants WHERE erasedAt IS NOT NULL AND id IN (${ids.map(() => '?').join(',')})`,
          ids,
        ),
      ).toBe(ids.length);
      expect(
        await count("SELECT COUNT(*) AS n FROM roster_members WHERE birthDate LIKE '%-01-01'"),
      ).toBeGreaterThan(10);
      expect(await count('SELECT COUNT(*) AS n FROM notification_deliveries')).toBeLessThan(
        deliveriesBefore,
      );
      expect(await count('SELECT COUNT(*) AS n FROM delivery_tallies')).toBeGreaterThan(0);
    });

    it('gives the same figures as before', async () => {
      const after = await Promise.all(QUERIES.map((q) => stats(q)));
      after.forEach((s, i) =>
        expect({ query: QUERIES[i], ...s }).toEqual({ query: QUERIES[i], ...before[i] }),
      );
    });
  });
});
