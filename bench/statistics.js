// The committee's statistics on MariaDB: three years (2023–2025) of 300 delegations,
// 60,000 applications by 30,000 people, about 11,000 people on approved rosters, notices
// and deliveries, seeded as rows. `GET /api/admin/statistics?year=2025` (the year with its
// year-over-year table) against, in the same run and on the same database, the floor: the
// aggregate SQL a person would write for the same numbers (joins, GROUP BY, window
// functions for unique people and medians; the people grouped by all their attributes in
// one pass, as the app does, summed per dimension after), on a mysql2 pool of the app's size, its
// queries in parallel as the app's are. The floor's answers are checked against the API's
// before anything is timed. Then the console's report page: its size on the wire, with its
// stylesheet and every chart, gzip and brotli. Needs MariaDB/MySQL, Redis, `npm run build`:
//
//   npm run build && node bench/statistics.js
//   BENCH_REQUESTS=10 BENCH_ROUNDS=1 node bench/statistics.js
//
// Defaults: BENCH_REQUESTS=20 per side per round, BENCH_ROUNDS=3 (interleaved).
const { performance } = require('node:perf_hooks');
const mysql = require('mysql2/promise');
const { ADMIN, BENCH_SECRETS, freshDatabase, machine, portalLogin, raw, startApp } = require('./lib');

const DATABASE_URL =
  process.env.DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/yb_bench_statistics';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = 3971;
const YEARS = [2023, 2024, 2025];
const PER_YEAR = 100;
const PER_DELEGATION = 200;
const PEOPLE = 30_000;
const SCHOOLS = 60;
const PARTNERS = 12;
const OLD = '2023-01-01 00:00:00';

const uuid = (kind, n) =>
  `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pad = (n) => String(n).padStart(2, '0');

async function insertMany(db, table, rows) {
  const columns = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += 2000) {
    await db.query(
      `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`,
      [rows.slice(i, i + 2000).map((row) => columns.map((c) => row[c]))],
    );
  }
}

/** The rows: every choice is a function of the index, so each run seeds the same data. */
async function seed(db, { schoolIds, ruSchoolIds, partnerIds, adminId }) {
  const people = [];
  const cn = [];
  const ru = [];
  for (let i = 0; i < PEOPLE; i++) {
    const russian = i % 3 === 2;
    const chaperone = i % 10 === 0;
    const schools = russian ? ruSchoolIds : schoolIds;
    const birthYear = chaperone ? 1955 + (i % 40) : 2007 + (i % 10);
    people.push({
      id: uuid(1, i),
      schoolId: schools[i % schools.length],
      kind: chaperone ? 'chaperone' : 'student',
      chaperoneRole: chaperone ? ['teacher', 'volunteer', 'other'][i % 3] : null,
      nationality: russian ? 'RU' : 'CN',
      familyName: russian ? 'Иванова' : '李',
      givenName: russian ? 'Анна' : '雨轩',
      gender: i % 2 ? 'male' : 'female',
      birthDate: `${birthYear}-${pad((i % 12) + 1)}-${pad((i % 28) + 1)}`,
      birthPlace: russian ? 'Благовещенск' : '黑河',
      searchText: russian ? 'иванова анна' : '李 雨轩',
      createdAt: OLD,
      updatedAt: OLD,
    });
    (russian ? ru : cn).push(i);
  }
  await insertMany(db, 'participants', people);

  const delegations = [];
  const applications = [];
  const versions = [];
  const members = [];
  let n = 0;
  for (const year of YEARS) {
    for (let k = 0; k < PER_YEAR; k++, n++) {
      const toRussia = k % 3 !== 2;
      const month = (k % 12) + 1;
      const day = (k % 25) + 1;
      const departure = `${year}-${pad(month)}-${pad(day)}`;
      const returning = `${year}-${pad(month)}-${pad(day + 2 + (k % 4))}`;
      const status =
        year < 2025 || k < 80
          ? 'completed'
          : k < 90
            ? 'confirmed'
            : k < 95
              ? 'cancelled'
              : 'closed';
      const id = uuid(5, n);
      delegations.push({
        id,
        titleZh: `交流团 ${departure}`,
        titleRu: `Делегация ${departure}`,
        descriptionZh: '',
        descriptionRu: '',
        direction: toRussia ? 'CN_TO_RU' : 'RU_TO_CN',
        hostOrganizationId: partnerIds[(n * 5) % partnerIds.length],
        departureDate: departure,
        returnDate: returning,
        applicationOpensAt: `${year - 1}-10-01 00:00:00`,
        applicationClosesAt: `${year - 1}-12-01 00:00:00`,
        studentPlaces: 36,
        chaperonePlaces: 6,
        studentPlacesTaken: 34,
        chaperonePlacesTaken: 6,
        minAge: 8,
        maxAge: 80,
        studentsPerChaperone: 8,
        travelRegimeId: '00000000-0000-4000-8000-000000000001',
        status,
        rosterVersion: status === 'completed' || status === 'confirmed' ? 1 : 0,
        createdAt: OLD,
        updatedAt: OLD,
      });
      const pool = toRussia ? cn : ru;
      const rostered = status === 'completed' || status === 'confirmed';
      const version = uuid(6, n);
      let position = 0;
      for (let j = 0; j < PER_DELEGATION; j++) {
        const p = pool[(n * 7919 + j * 104729) % pool.length];
        const person = people[p];
        // 40 approved, 20 waitlisted (8 of the approved were too), 5 offered, 100 rejected, 35 withdrawn.
        const status2 =
          j < 40
            ? 'approved'
            : j < 60
              ? 'waitlisted'
              : j < 65
                ? 'offered'
                : j < 165
                  ? 'rejected'
                  : 'withdrawn';
        const submitted = new Date(`${year - 1}-10-${pad((j % 28) + 1)}T02:00:00Z`);
        const decided =
          status2 === 'withdrawn' ? null : new Date(submitted.getTime() + ((j * 37) % 40) * 3_600_000 * 5);
        const waitlisted = (j < 8 || (j >= 40 && j < 65)) && decided ? decided : null;
        const applicationId = uuid(7, n * PER_DELEGATION + j);
        applications.push({
          id: applicationId,
          delegationId: id,
          participantId: person.id,
          schoolId: person.schoolId,
          kind: person.kind,
          status: status2,
          decidedAt: decided,
          waitlistedAt: waitlisted,
          firstDecidedAt: waitlisted ?? decided,
          submittedAt: submitted,
          createdAt: OLD,
          updatedAt: OLD,
        });
        if (rostered && status2 === 'approved') {
          position += 1;
          const age =
            Number(departure.slice(0, 4)) -
            Number(person.birthDate.slice(0, 4)) -
            (departure.slice(5) < person.birthDate.slice(5) ? 1 : 0);
          members.push({
            id: uuid(8, members.length),
            rosterVersionId: version,
            position,
            participantId: person.id,
            applicationId,
            schoolId: person.schoolId,
            kind: person.kind,
            chaperoneRole: person.chaperoneRole,
            ageOnDeparture: age,
            nationality: person.nationality,
            familyName: person.familyName,
            givenName: person.givenName,
            gender: person.gender,
            birthDate: person.birthDate,
            birthPlace: person.birthPlace,
          });
        }
      }
      if (rostered) {
        versions.push({
          id: version,
          delegationId: id,
          version: 1,
          hash: 'f'.repeat(64),
          hashScheme: 2,
          memberCount: position,
          direction: toRussia ? 'CN_TO_RU' : 'RU_TO_CN',
          departureDate: departure,
          returnDate: returning,
          hostOrganizationId: delegations[delegations.length - 1].hostOrganizationId,
          lockedAt: `${year}-01-05 00:00:00`,
          lockedById: adminId,
          partnerDecision: 'approved',
        });
      }
    }
  }
  await insertMany(db, 'delegations', delegations);
  await insertMany(db, 'applications', applications);
  await insertMany(db, 'roster_versions', versions);
  await insertMany(db, 'roster_members', members);

  const notices = [];
  for (let i = 0; i < 300; i++) {
    const year = YEARS[i % 3];
    notices.push({
      id: uuid(9, i),
      slug: `bench-${i}`,
      titleZh: i % 5 === 4 ? null : '通知',
      titleRu: i % 7 === 6 ? null : 'Объявление',
      bodyZh: '内容',
      bodyRu: 'Текст',
      audience: 'public',
      status: 'published',
      publishedAt: `${year}-${pad((i % 12) + 1)}-10 04:00:00`,
      authorId: adminId,
    });
  }
  await insertMany(db, 'notices', notices);
  const outbox = [];
  const deliveries = [];
  for (let i = 0; i < 600; i++) {
    outbox.push({
      id: uuid(10, i),
      event: 'notice.published',
      audience: '{}',
      data: '{}',
      channels: 'email,in_app',
      status: 'done',
      availableAt: OLD,
    });
    for (let j = 0; j < 50; j++) {
      const year = YEARS[i % 3];
      const created = `${year}-${pad((i % 12) + 1)}-${pad((j % 27) + 1)} 03:00:00`;
      deliveries.push({
        id: uuid(11, i * 50 + j),
        outboxId: uuid(10, i),
        event: 'notice.published',
        channel: ['email', 'in_app', 'webhook'][j % 3],
        recipientKey: uuid(12, j),
        language: j % 2 ? 'ru' : 'zh',
        status: j % 17 === 0 ? 'failed' : 'sent',
        nextAttemptAt: created,
        createdAt: created,
        updatedAt: created,
      });
    }
  }
  await insertMany(db, 'notification_outbox', outbox);
  await insertMany(db, 'notification_deliveries', deliveries);
  return { people: people.length, applications: applications.length, members: members.length };
}

/**
 * The floor: what a person would write against these tables for the same numbers, joins
 * and all, for 2025 with its year-over-year rows. Run in parallel on the pool.
 */
function floorQueries() {
  const held = "d.status NOT IN ('draft', 'cancelled')";
  const nonDraft = "d.status <> 'draft'";
  const days = 'TIMESTAMPDIFF(MICROSECOND, a.submittedAt, a.firstDecidedAt) / 86400000000';
  const firsts = (partition) =>
    'WITH m AS (SELECT YEAR(d.departureDate) AS y, r.participantId, v.direction, r.nationality, r.gender, r.schoolId, r.ageOnDeparture, ' +
    "CASE WHEN r.kind = 'student' THEN 'student' ELSE COALESCE(r.chaperoneRole, 'other') END AS kind, " +
    `ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY d.departureDate, v.id) AS n ` +
    'FROM roster_members r JOIN roster_versions v ON v.id = r.rosterVersionId JOIN delegations d ON d.id = v.delegationId ' +
    "WHERE d.status IN ('confirmed', 'completed') AND v.partnerDecision = 'approved' " +
    'AND v.version = (SELECT MAX(w.version) FROM roster_versions w WHERE w.delegationId = v.delegationId) ' +
    'AND d.departureDate BETWEEN ? AND ?) ';
  const span = ['2023-01-01', '2025-12-31'];
  const median = (key) =>
    `SELECT k, AVG(x) AS median FROM (SELECT ${key} AS k, ${days} AS x, ` +
    `ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY ${days}) AS n, COUNT(*) OVER (PARTITION BY ${key}) AS c ` +
    `FROM applications a JOIN delegations d ON d.id = a.delegationId WHERE ${nonDraft} AND d.departureDate BETWEEN ? AND ? ` +
    'AND a.firstDecidedAt IS NOT NULL) t WHERE 2 * n BETWEEN c AND c + 2 GROUP BY k';
  return {
    delegations: [
      'SELECT YEAR(departureDate) AS y, direction, status, hostOrganizationId, COUNT(*) AS n, SUM(studentPlaces) AS sp, SUM(chaperonePlaces) AS cp, ' +
        'SUM(studentPlacesTaken) AS st, SUM(chaperonePlacesTaken) AS ct, SUM(DATEDIFF(returnDate, departureDate) + 1) AS days, MAX(DATEDIFF(returnDate, departureDate) + 1) AS longest ' +
        'FROM delegations WHERE departureDate <= ? GROUP BY y, direction, status, hostOrganizationId',
      ['2025-12-31'],
    ],
    travellers: [
      firsts('YEAR(d.departureDate), r.participantId') +
        // One pass over the people: every attribute at once; the dimensions are summed after.
        "SELECT 'person' AS what, y, nationality, gender, ageOnDeparture AS age, schoolId, kind, NULL AS direction, COUNT(*) AS n " +
        'FROM m WHERE n = 1 GROUP BY y, nationality, gender, ageOnDeparture, schoolId, kind ' +
        "UNION ALL SELECT 'direction', y, NULL, NULL, NULL, NULL, NULL, direction, COUNT(DISTINCT participantId) FROM m GROUP BY y, direction",
      span,
    ],
    funnel: [
      'SELECT YEAR(d.departureDate) AS y, a.status, a.waitlistedAt IS NOT NULL AS w, COUNT(*) AS n FROM applications a JOIN delegations d ON d.id = a.delegationId ' +
        `WHERE ${nonDraft} AND d.departureDate BETWEEN ? AND ? GROUP BY y, a.status, w`,
      span,
    ],
    funnelByDelegation: [
      'SELECT a.delegationId, a.status, a.waitlistedAt IS NOT NULL AS w, COUNT(*) AS n FROM applications a JOIN delegations d ON d.id = a.delegationId ' +
        `WHERE ${nonDraft} AND d.departureDate BETWEEN ? AND ? GROUP BY a.delegationId, a.status, w`,
      ['2025-01-01', '2025-12-31'],
    ],
    medianByYear: [median('YEAR(d.departureDate)'), span],
    medianByDelegation: [median('a.delegationId'), ['2025-01-01', '2025-12-31']],
    schools: [
      'SELECT y, COUNT(*) AS involved, SUM(y = first) AS fresh FROM (SELECT a.schoolId, YEAR(d.departureDate) AS y, ' +
        'MIN(YEAR(d.departureDate)) OVER (PARTITION BY a.schoolId) AS first FROM applications a JOIN delegations d ON d.id = a.delegationId ' +
        `WHERE ${nonDraft} AND d.departureDate <= ? GROUP BY a.schoolId, y) s GROUP BY y`,
      ['2025-12-31'],
    ],
    partners: [
      'SELECT y, COUNT(*) AS involved, SUM(y = first) AS fresh FROM (SELECT d.hostOrganizationId, YEAR(d.departureDate) AS y, ' +
        `MIN(YEAR(d.departureDate)) OVER (PARTITION BY d.hostOrganizationId) AS first FROM delegations d WHERE ${held} AND d.departureDate <= ? ` +
        'GROUP BY d.hostOrganizationId, y) s GROUP BY y',
      ['2025-12-31'],
    ],
    notices: [
      "SELECT YEAR(DATE_ADD(publishedAt, INTERVAL 8 HOUR)) AS y, titleZh IS NOT NULL AS zh, titleRu IS NOT NULL AS ru, COUNT(*) AS n FROM notices WHERE status <> 'draft' " +
        'AND publishedAt BETWEEN ? AND ? GROUP BY y, zh, ru',
      ['2022-12-31 16:00:00', '2025-12-31 15:59:59'],
    ],
    deliveries: [
      'SELECT YEAR(DATE_ADD(createdAt, INTERVAL 8 HOUR)) AS y, channel, status, COUNT(*) AS n FROM notification_deliveries ' +
        'WHERE createdAt >= ? AND createdAt < ? GROUP BY y, channel, status',
      ['2022-12-31 16:00:00', '2025-12-31 16:00:00'],
    ],
    tallies: [
      'SELECT SUBSTR(day, 1, 4) AS y, channel, status, SUM(count) AS n FROM delivery_tallies WHERE day BETWEEN ? AND ? GROUP BY y, channel, status',
      span,
    ],
    names: [
      "SELECT id, nameZh, nameRu FROM organizations WHERE type = 'school'",
      [],
    ],
  };
}

async function floor(pool) {
  const queries = floorQueries();
  const entries = await Promise.all(
    Object.entries(queries).map(async ([name, [sql, params]]) => [name, (await pool.query(sql, params))[0]]),
  );
  return Object.fromEntries(entries);
}

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The floor's answers in the API's terms, for 2025: checked before anything is timed. */
function floorAnswers(f) {
  const y = (row) => Number(row.y);
  const tr = f.travellers.filter((r) => y(r) === 2025);
  const band = (age) =>
    age >= 60 ? '60+' : age >= 35 ? '35-59' : age >= 18 ? '18-34' : age >= 14 ? '14-17' : age >= 10 ? '10-13' : '0-9';
  const sum = (rows, key) => {
    const out = {};
    for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + Number(r.n);
    return sorted(out);
  };
  const people = tr.filter((r) => r.what === 'person');
  const dims = {
    direction: sum(tr.filter((r) => r.what === 'direction'), (r) => r.direction),
    band: sum(people, (r) => band(Number(r.age))),
    kind: sum(people, (r) => r.kind),
  };
  const dim = (d) => dims[d];
  const funnel = {};
  for (const r of f.funnel.filter((r) => y(r) === 2025)) {
    funnel[r.status] = (funnel[r.status] ?? 0) + Number(r.n);
  }
  const years = Object.fromEntries(f.schools.map((r) => [y(r), r]));
  return {
    travellers: people.reduce((n, r) => n + Number(r.n), 0),
    byDirection: dim('direction'),
    byAgeBand: dim('band'),
    byKind: dim('kind'),
    approved: funnel.approved,
    rejected: funnel.rejected,
    median: Math.round(Number(f.medianByYear.find((r) => Number(r.k) === 2025).median) * 10) / 10,
    schools: Number(years[2025].involved),
    delegations: f.delegations
      .filter((r) => y(r) === 2025 && r.status !== 'draft' && r.status !== 'cancelled')
      .reduce((n, r) => n + Number(r.n), 0),
  };
}

function apiAnswers(s) {
  const nonzero = (o) => sorted(Object.fromEntries(Object.entries(o).filter(([, v]) => v > 0)));
  return {
    travellers: s.travellers.total,
    byDirection: nonzero(s.travellers.byDirection),
    byAgeBand: nonzero(s.travellers.byAgeBand),
    byKind: nonzero(s.travellers.byKind),
    approved: s.applications.approved,
    rejected: s.applications.rejected,
    median: s.applications.medianDaysToDecision,
    schools: s.schools.involved,
    delegations: s.delegations.total,
  };
}

async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main() {
  const connect = await freshDatabase(DATABASE_URL);
  const app = await startApp(PORT, {
    ...BENCH_SECRETS,
    NODE_ENV: 'test',
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX: `ybstatistics${Date.now().toString(36)}:`,
    ROLE: 'api',
    LOG_LEVEL: 'warn',
  });
  const db = await connect();
  const url = new URL(DATABASE_URL);
  const pool = mysql.createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    connectionLimit: 10,
    dateStrings: ['DATE'],
    timezone: 'Z',
  });
  try {
    const admin = (await app.call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
    const org = (fields) =>
      app.call('POST', '/api/admin/organizations', admin, {
        country: 'CN',
        city: '黑河',
        preferredLanguage: 'zh',
        ...fields,
      });
    const schoolIds = [];
    const ruSchoolIds = [];
    for (let i = 0; i < SCHOOLS; i++) {
      const russian = i % 5 === 4;
      const created = await org({
        type: 'school',
        country: russian ? 'RU' : 'CN',
        nameZh: russian ? `布拉戈维申斯克第${i}学校` : `黑河市第${i}中学`,
        nameRu: russian ? `Школа № ${i} г. Благовещенска` : `Школа № ${i} г. Хэйхэ`,
      });
      (russian ? ruSchoolIds : schoolIds).push(created.id);
    }
    const partnerIds = [];
    for (let i = 0; i < PARTNERS; i++) {
      partnerIds.push(
        (
          await org({
            type: 'partner',
            country: i % 2 ? 'CN' : 'RU',
            nameZh: `合作机构 ${i}`,
            nameRu: `Партнёр ${i}`,
          })
        ).id,
      );
    }
    const [[{ adminId }]] = await db.query('SELECT id AS adminId FROM users WHERE email = ?', [
      ADMIN.email,
    ]);
    const seedStarted = performance.now();
    const seeded = await seed(db, { schoolIds, ruSchoolIds, partnerIds, adminId });
    console.log(
      `seeded ${seeded.people} people, ${seeded.applications} applications, ${seeded.members} roster rows in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    await db.query('ANALYZE TABLE participants, applications, delegations, roster_versions, roster_members, notices, notification_deliveries');

    const path = '/api/admin/statistics?year=2025';
    const fromApi = apiAnswers(await app.call('GET', path, admin));
    const fromFloor = floorAnswers(await floor(pool));
    if (JSON.stringify(fromApi) !== JSON.stringify(fromFloor)) {
      throw new Error(
        `the floor and the API disagree:\nAPI   ${JSON.stringify(fromApi)}\nfloor ${JSON.stringify(fromFloor)}`,
      );
    }
    console.log(`answers agree: ${JSON.stringify(fromApi)}`);

    const api = [];
    const raw_ = [];
    for (let i = 0; i < 3; i++) {
      await app.call('GET', path, admin);
      await floor(pool);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const a = [];
      const f = [];
      for (let i = 0; i < REQUESTS; i++) {
        f.push(await timed(() => floor(pool)));
        a.push(await timed(() => app.call('GET', path, admin)));
      }
      console.log(
        `round ${round}: API median ${median(a).toFixed(1)} ms, floor median ${median(f).toFixed(1)} ms, ratio ${(median(a) / median(f)).toFixed(2)}`,
      );
      api.push(median(a));
      raw_.push(median(f));
    }

    // The report page as a browser gets it: HTML, stylesheet, every chart; gzip and brotli.
    const email = 'statistics-organizer@bench.example';
    await app.call('POST', '/api/admin/users', admin, {
      email,
      password: ADMIN.password,
      role: 'organizer',
      organizationId: (await db.query("SELECT id FROM organizations WHERE type = 'committee' LIMIT 1"))[0][0].id,
      preferredLanguage: 'zh',
    });
    const cookie = await portalLogin(app.base, email, ADMIN.password, '/zh/console/');
    const sizes = {};
    for (const lang of ['zh', 'ru']) {
      const pageUrl = `${app.base}/${lang}/console/statistics?year=2025`;
      const html = await raw(pageUrl, { cookie });
      if (html.status !== 200) throw new Error(`report page: ${html.status}`);
      const text = html.body.toString();
      const assets = [
        ...text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g),
        ...text.matchAll(/<img src="([^"]+)"/g),
      ].map((m) => m[1].replace(/&amp;/g, '&'));
      for (const encoding of ['br', 'gzip', 'identity']) {
        let total = 0;
        for (const target of [pageUrl, ...assets.map((a) => `${app.base}${a}`)]) {
          const got = await raw(target, { cookie, 'accept-encoding': encoding });
          if (got.status !== 200) throw new Error(`${target}: ${got.status}`);
          total += got.body.length;
        }
        sizes[`${lang} ${encoding}`] = total;
      }
      sizes[`${lang} charts`] = assets.length - 1;
    }
    const ratio = median(api) / median(raw_);
    console.log(
      `\n${machine()}, MariaDB + Redis\n` +
        `GET ${path}: median ${median(api).toFixed(1)} ms over ${ROUNDS} rounds of ${REQUESTS}; ` +
        `floor (the same numbers in raw SQL on a pool of 10) ${median(raw_).toFixed(1)} ms; ratio ${ratio.toFixed(2)} (goal ≤ 1.5, and under 1 s)\n` +
        `report page with its stylesheet and ${sizes['zh charts']} charts: ` +
        `zh ${(sizes['zh br'] / 1024).toFixed(1)} KB brotli, ${(sizes['zh gzip'] / 1024).toFixed(1)} KB gzip, ${(sizes['zh identity'] / 1024).toFixed(1)} KB raw; ` +
        `ru ${(sizes['ru br'] / 1024).toFixed(1)} KB brotli, ${(sizes['ru gzip'] / 1024).toFixed(1)} KB gzip (budget 100 KB compressed)`,
    );
  } finally {
    await pool.end();
    await db.end();
    app.process.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
