// The retention pass erasing 20,000 people (each on a locked roster, with two consents
// and an approved application to a trip that returned in 2024), against, in the same run
// on an identically seeded database, the floor: raw mysql2 `UPDATE … ORDER BY id LIMIT n`
// statements making the same field changes (initials computed in SQL), each autocommit.
// While each pass runs, a school coordinator's `GET /api/participants?pageSize=50` is
// called in a loop (BENCH_CONNECTIONS at a time) against the API; its p50/p99 is also
// taken at rest, before the pass. Lock holding is measured twice: in the client (each
// transaction from START TRANSACTION to COMMIT's answer, each statement from sent to
// answered; the real pass is traced through mysql2's diagnostics channel by preloading
// this file into `node dist/cli.js retention-run`), and on the server by polling
// information_schema.innodb_trx (whose snapshots InnoDB refreshes at most every 100 ms).
// BENCH_ROUNDS interleaved rounds (floor, pass, floor, pass…), medians reported. Needs
// MariaDB/MySQL, Redis and `npm run build` first:
//
//   npm run build && node bench/retention.js
//   BENCH_PEOPLE=2000 BENCH_BATCH=100 BENCH_ROUNDS=1 BENCH_REST_SECONDS=3 node bench/retention.js
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench_retention REDIS_URL=redis://127.0.0.1:6379 node bench/retention.js
//
// Defaults: BENCH_PEOPLE=20000, BENCH_BATCH=100 (RETENTION_BATCH_SIZE and the floor's
// LIMIT), BENCH_CONNECTIONS=4, BENCH_REST_SECONDS=10, BENCH_ROUNDS=3. Every pass starts
// from a fresh database of that name (dropped and recreated).

/** Preloaded into the CLI (`--require`): records statement and transaction times. */
function traceQueries(file) {
  const { tracingChannel } = require('node:diagnostics_channel');
  const { writeFileSync } = require('node:fs');
  const { performance } = require('node:perf_hooks');
  const LOCKING = /^\s*(UPDATE|INSERT|DELETE|REPLACE)\b|\bFOR UPDATE\b|\bLOCK IN SHARE MODE\b/i;
  const trace = {
    statements: 0,
    locking: 0,
    longestMs: 0,
    longest: '',
    transactions: [],
    byKind: {},
  };
  // The pass runs one transaction at a time; `overlaps` says if that ever did not hold.
  let open = null;
  trace.overlaps = 0;
  tracingChannel('mysql2:query').subscribe({
    start(context) {
      const now = performance.now();
      context.benchStarted = now;
      if (/^\s*(START TRANSACTION|BEGIN)\b/i.test(context.query)) {
        if (open) trace.overlaps++;
        open = { started: now, locked: null, statements: 0, waitedMs: 0 };
        return;
      }
      if (/^\s*(COMMIT|ROLLBACK)\b/i.test(context.query)) return;
      trace.statements++;
      if (open) open.statements++;
      if (LOCKING.test(context.query)) {
        trace.locking++;
        if (open && open.locked === null) open.locked = now;
      }
    },
    asyncStart(context) {
      const now = performance.now();
      if (/^\s*(COMMIT|ROLLBACK)\b/i.test(context.query)) {
        const commits = (trace.byKind.COMMIT ??= { count: 0, ms: 0 });
        commits.count++;
        commits.ms += now - context.benchStarted;
        if (!open) return;
        trace.transactions.push({
          ms: now - open.started,
          lockMs: open.locked === null ? 0 : now - open.locked,
          statements: open.statements,
          waitedMs: open.waitedMs + (now - context.benchStarted),
        });
        open = null;
        return;
      }
      const ms = now - context.benchStarted;
      if (open) open.waitedMs += ms;
      // Time per kind of statement: its verb and table (`UPDATE participants`).
      const kind = /^\s*(\w+)[^`]*`?(\w+)`?/.exec(context.query)?.slice(1).join(' ') ?? '?';
      const shape = (trace.byKind[kind] ??= { count: 0, ms: 0 });
      shape.count++;
      shape.ms += ms;
      if (ms > trace.longestMs) {
        trace.longestMs = ms;
        trace.longest = context.query.slice(0, 80);
      }
    },
    end() {},
    asyncEnd() {},
    error() {},
  });
  process.on('exit', () => writeFileSync(file, JSON.stringify(trace)));
}

if (require.main !== module) {
  if (process.env.BENCH_RETENTION_TRACE) traceQueries(process.env.BENCH_RETENTION_TRACE);
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

async function main() {
  const { spawn, execSync } = require('node:child_process');
  const { createHash } = require('node:crypto');
  const { mkdtempSync, readFileSync } = require('node:fs');
  const { loadavg, tmpdir } = require('node:os');
  const { join, resolve } = require('node:path');
  const { performance } = require('node:perf_hooks');
  const { ADMIN, BENCH_SECRETS, freshDatabase, machine, median, startApp } = require('./lib');
  const { PassportCipher } = require('../dist/participants/passport-cipher');

  const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 20000);
  const BATCH = Number(process.env.BENCH_BATCH ?? 100);
  const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
  const REST_SECONDS = Number(process.env.BENCH_REST_SECONDS ?? 10);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
  const DATABASE_URL =
    process.env.DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/yb_bench_retention';
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const PORT = 3971;
  const PER_DELEGATION = 5000;
  const OLD = '2024-01-01 08:00:00.000000';

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const [keyId, keyBase64] = BENCH_SECRETS.ENCRYPTION_KEYS.split(':');
  const cipher = new PassportCipher([{ id: keyId, key: Buffer.from(keyBase64, 'base64') }]);
  const uuid = (kind, i) =>
    `0000000${kind}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`.slice(-36);
  const percentile = (sorted, p) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;

  const CN = {
    family: [
      ['张', 'ZHANG', 'Чжан'],
      ['王', 'WANG', 'Ван'],
      ['李', 'LI', 'Ли'],
      ['刘', 'LIU', 'Лю'],
      ['陈', 'CHEN', 'Чэнь'],
    ],
    given: [
      ['雨轩', 'YUXUAN', 'Юйсюань'],
      ['浩然', 'HAORAN', 'Хаожань'],
      ['子涵', 'ZIHAN', 'Цзыхань'],
      ['欣怡', 'XINYI', 'Синьи'],
      ['宇航', 'YUHANG', 'Юйхан'],
      ['一诺', 'YINUO', 'Ино'],
    ],
  };
  const RU = {
    family: [
      ['Иванов', 'IVANOV', '伊万诺夫'],
      ['Петрова', 'PETROVA', '彼得罗娃'],
      ['Смирнов', 'SMIRNOV', '斯米尔诺夫'],
      ['Кузнецова', 'KUZNETSOVA', '库兹涅佐娃'],
    ],
    given: [
      ['Иван', 'IVAN', '伊万'],
      ['Мария', 'MARIIA', '玛丽亚'],
      ['Алексей', 'ALEKSEI', '阿列克谢'],
      ['Анна', 'ANNA', '安娜'],
      ['Дмитрий', 'DMITRII', '德米特里'],
    ],
  };

  /** One seeded person's columns, the same in both databases (the ciphertexts aside). */
  function person(i, schoolIds) {
    const ru = i % 2 === 1;
    const names = ru ? RU : CN;
    const [family, latinFamily, other] = names.family[i % names.family.length];
    const [given, latinGiven, otherGiven] = names.given[Math.floor(i / 7) % names.given.length];
    const id = uuid(1, i);
    const passport = ru ? String(1_000_000_000 + i) : `E${10_000_000 + i}`;
    return {
      id,
      schoolId: schoolIds[i % schoolIds.length],
      kind: 'student',
      nationality: ru ? 'RU' : 'CN',
      familyName: family,
      givenName: given,
      latinFamily,
      latinGiven,
      cyrillicFamily: ru ? family : other,
      cyrillicGiven: ru ? given : otherGiven,
      chineseFamily: ru ? other : family,
      chineseGiven: ru ? otherGiven : given,
      gender: i % 3 ? 'male' : 'female',
      birthDate: `2010-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      birthPlace: ru ? 'Благовещенск' : '黑龙江省黑河市',
      passport,
      passportExpiry: '2030-06-30',
      guardianName: ru ? 'Иванова Ольга Петровна' : '张建国',
      guardianPhone: ru ? '+7 914 000 00 00' : '+86 139 0000 0000',
      guardianRelation: ru ? 'mother' : 'father',
      emergencyContact: ru ? 'Иванов Пётр, +7 914 111 11 11' : '张建华 +86 139 1111 1111',
      phone: ru ? '+7 914 222 22 22' : '+86 139 2222 2222',
      email: `p${i}@example.org`,
    };
  }

  const NAME_COLUMNS = [
    'familyName',
    'givenName',
    'latinFamily',
    'latinGiven',
    'cyrillicFamily',
    'cyrillicGiven',
    'chineseFamily',
    'chineseGiven',
  ];

  async function insertMany(db, table, rows) {
    const columns = Object.keys(rows[0]);
    for (let i = 0; i < rows.length; i += 1000) {
      await db.query(
        `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`,
        [rows.slice(i, i + 1000).map((row) => columns.map((c) => row[c]))],
      );
    }
  }

  /** Delegations of 2024, their locked rosters (scheme 2, digests kept), the people. */
  async function seed(db, { schoolIds, partnerId, adminId }) {
    const delegations = [];
    const count = Math.ceil(PEOPLE / PER_DELEGATION);
    for (let d = 0; d < count; d++) {
      const month = String(d + 3).padStart(2, '0');
      const size = Math.min(PER_DELEGATION, PEOPLE - d * PER_DELEGATION);
      delegations.push({
        id: uuid(5, d),
        titleZh: `黑河学生交流团 2024-${month}`,
        titleRu: `Делегация школьников 2024-${month}`,
        descriptionZh: '',
        descriptionRu: '',
        direction: 'CN_TO_RU',
        hostOrganizationId: partnerId,
        departureDate: `2024-${month}-01`,
        returnDate: `2024-${month}-08`,
        applicationOpensAt: '2023-12-01 00:00:00',
        applicationClosesAt: '2024-01-15 00:00:00',
        studentPlaces: size,
        chaperonePlaces: 0,
        studentPlacesTaken: size,
        chaperonePlacesTaken: 0,
        minAge: 10,
        maxAge: 17,
        studentsPerChaperone: 8,
        travelRegimeId: '00000000-0000-4000-8000-000000000001',
        status: 'completed',
        rosterVersion: 1,
        createdAt: OLD,
        updatedAt: OLD,
      });
    }
    await insertMany(db, 'delegations', delegations);
    await insertMany(
      db,
      'roster_versions',
      delegations.map((d, n) => ({
        id: uuid(6, n),
        delegationId: d.id,
        version: 1,
        hash: createHash('sha256').update(d.id).digest('hex'),
        memberCount: d.studentPlaces,
        direction: d.direction,
        departureDate: d.departureDate,
        returnDate: d.returnDate,
        hostOrganizationId: partnerId,
        lockedAt: '2024-01-20 08:00:00',
        lockedById: adminId,
        partnerDecision: 'approved',
        partnerDecidedAt: '2024-01-25 08:00:00',
        hashScheme: 2,
        createdAt: '2024-01-20 08:00:00',
      })),
    );
    const participants = [];
    const consents = [];
    const applications = [];
    const members = [];
    for (let i = 0; i < PEOPLE; i++) {
      const p = person(i, schoolIds);
      const d = Math.floor(i / PER_DELEGATION);
      const names = Object.fromEntries(NAME_COLUMNS.map((c) => [c, p[c]]));
      const { passport, ...columns } = p;
      participants.push({
        ...columns,
        passportEncrypted: cipher.encrypt(passport, p.id),
        passportHash: cipher.duplicateHash(passport),
        searchText: Object.values(names).join(' ').toLowerCase(),
        createdAt: OLD,
        updatedAt: OLD,
      });
      for (const [k, kind] of ['guardian', 'cross_border'].entries()) {
        consents.push({
          id: uuid(2, i * 2 + k),
          participantId: p.id,
          kind,
          givenBy: p.guardianName,
          relation: p.guardianRelation,
          givenAt: OLD,
          noticeVersion: '2026-01',
          createdAt: OLD,
        });
      }
      applications.push({
        id: uuid(3, i),
        delegationId: delegations[d].id,
        participantId: p.id,
        schoolId: p.schoolId,
        kind: 'student',
        status: 'approved',
        motivation: p.nationality === 'RU' ? 'Хочу увидеть Хэйхэ.' : '我想去布拉戈维申斯克交朋友。',
        decidedById: adminId,
        decidedAt: '2024-01-18 08:00:00',
        approvedParticipantVersion: 1,
        submittedAt: OLD,
        createdAt: OLD,
        updatedAt: OLD,
      });
      const memberId = uuid(4, i);
      members.push({
        id: memberId,
        rosterVersionId: uuid(6, d),
        position: (i % PER_DELEGATION) + 1,
        participantId: p.id,
        applicationId: uuid(3, i),
        schoolId: p.schoolId,
        kind: p.kind,
        nationality: p.nationality,
        ...names,
        gender: p.gender,
        birthDate: p.birthDate,
        birthPlace: p.birthPlace,
        passportEncrypted: cipher.encrypt(passport, memberId),
        passportExpiry: p.passportExpiry,
        // Set, as every version locked under scheme 2 has it: no decryption when erased.
        contentDigest: createHash('sha256').update(memberId).digest('hex'),
      });
    }
    await insertMany(db, 'participants', participants);
    await insertMany(db, 'participant_consents', consents);
    await insertMany(db, 'applications', applications);
    await insertMany(db, 'roster_members', members);
    return { consents: consents.length };
  }

  /** `initialOf` (erasure-rules.ts) in SQL: `Иванов` → `И.`, `wang` → `W.`, `王` → `王`. */
  const initial = (c) =>
    `CASE WHEN ${c} IS NULL THEN NULL WHEN TRIM(${c}) = '' THEN '' ` +
    `WHEN LEFT(TRIM(${c}), 1) REGEXP '^\\\\p{Han}' THEN LEFT(TRIM(${c}), 1) ` +
    `ELSE CONCAT(UPPER(LEFT(TRIM(${c}), 1)), '.') END`;
  const names = (alias = '') => NAME_COLUMNS.map((c) => `${alias}${c} = ${initial(alias + c)}`);
  // Single-table UPDATE assigns left to right: searchText reads the initials just set.
  const ERASE_PARTICIPANTS = `UPDATE participants SET ${names().join(', ')},
    searchText = LEFT(LOWER(CONCAT_WS(' ', ${NAME_COLUMNS.map((c) => `NULLIF(${c}, '')`).join(', ')})), 1000),
    birthDate = MAKEDATE(YEAR(birthDate), 1), birthPlace = '', passportEncrypted = NULL,
    passportHash = NULL, passportExpiry = NULL, guardianName = NULL, guardianPhone = NULL,
    guardianRelation = NULL, emergencyContact = NULL, phone = NULL, email = NULL, erasedAt = ?
    WHERE erasedAt IS NULL AND updatedAt < ? AND id > ? ORDER BY id LIMIT ?`;
  const ERASE_MEMBERS = `UPDATE roster_members m JOIN participants p ON p.id = m.participantId
    SET ${names('m.').join(', ')}, m.birthDate = MAKEDATE(YEAR(m.birthDate), 1),
    m.birthPlace = '', m.passportEncrypted = NULL, m.passportExpiry = NULL, m.erasedAt = ?
    WHERE p.erasedAt = ? AND m.erasedAt IS NULL`;
  const ERASE_CONSENTS = `UPDATE participant_consents c JOIN participants p ON p.id = c.participantId
    SET c.givenBy = ${initial('c.givenBy')} WHERE p.erasedAt = ?`;
  const FORGET_MOTIVATIONS = `UPDATE applications a JOIN participants p ON p.id = a.participantId
    SET a.motivation = NULL WHERE p.erasedAt = ?`;

  /**
   * The floor: per batch, one `UPDATE … ORDER BY id LIMIT n` of the people (marked with a
   * timestamp of their own, walking on from the last id), then their roster copies,
   * consents and applications by that mark, one audit row; every statement autocommit.
   * Run until the first statement erases nobody.
   */
  async function floorPass(db) {
    const before = new Date(Date.now() - 365 * 86_400_000);
    const stats = { people: 0, rosterCopies: 0, statements: 0, longestMs: 0, longest: '' };
    const timed = async (sql, params) => {
      const started = performance.now();
      const [result] = await db.query(sql, params);
      const ms = performance.now() - started;
      stats.statements++;
      if (ms > stats.longestMs) {
        stats.longestMs = ms;
        stats.longest = sql.replace(/\s+/g, ' ').slice(0, 80);
      }
      return result.affectedRows;
    };
    let micros = Date.now() * 1000;
    let after = '';
    const started = performance.now();
    for (;;) {
      micros = Math.max(micros + 1, Date.now() * 1000);
      const at = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23).replace('T', ' ');
      const mark = `${at}${String(micros % 1000).padStart(3, '0')}`;
      const people = await timed(ERASE_PARTICIPANTS, [mark, before, after, BATCH]);
      if (!people) break;
      stats.people += people;
      // Where the next statement starts (from the index on erasedAt, id): without it each
      // statement scans, and locks, every row erased before it from the start of the table.
      stats.statements++;
      [[{ after }]] = await db.query(
        'SELECT MAX(id) AS after FROM participants WHERE erasedAt = ?',
        [mark],
      );
      stats.rosterCopies += await timed(ERASE_MEMBERS, [mark, mark]);
      await timed(ERASE_CONSENTS, [mark]);
      await timed(FORGET_MOTIVATIONS, [mark]);
      await timed(
        'INSERT INTO audit_log (id, action, entityType, entityId, changedFields, note, `at`) VALUES (UUID(), ?, ?, ?, ?, ?, NOW(6))',
        ['erase', 'retention_run', uuid(9, 0), '[]', `${people} people`],
      );
    }
    stats.seconds = (performance.now() - started) / 1000;
    return stats;
  }

  /** The real pass: the CLI, as an operator runs it, traced from inside. */
  async function realPass(env) {
    const traceFile = join(mkdtempSync(join(tmpdir(), 'yb-retention-')), 'trace.json');
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--require', __filename, resolve(__dirname, '../dist/cli.js'), 'retention-run'],
      {
        env: { ...process.env, ...env, BENCH_RETENTION_TRACE: traceFile },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const code = await new Promise((done) => child.on('exit', done));
    const wall = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`retention-run exited with ${code}: ${out.slice(0, 1000)}`);
    const run = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1));
    const trace = JSON.parse(readFileSync(traceFile, 'utf8'));
    const longestTx = trace.transactions.reduce(
      (a, t, n) => (t.lockMs > a.lockMs ? { ...t, n: n + 1 } : a),
      { ms: 0, lockMs: 0, statements: 0, n: 0 },
    );
    const txMs = trace.transactions.map((t) => t.ms).sort((a, b) => a - b);
    return {
      people: run.counts.participants,
      rosterCopies: run.counts.rosterCopies,
      status: run.status,
      seconds: (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000,
      wall,
      statements: trace.statements,
      locking: trace.locking,
      overlaps: trace.overlaps,
      transactions: trace.transactions.length,
      txMedianMs: percentile(txMs, 0.5),
      txP90Ms: percentile(txMs, 0.9),
      txOver200: trace.transactions.filter((t) => t.lockMs > 200).length,
      // Of the time inside transactions, the share spent waiting for MariaDB's answers.
      waited:
        trace.transactions.reduce((n, t) => n + t.waitedMs, 0) /
        trace.transactions.reduce((n, t) => n + t.ms, 0),
      longestTx,
      longestMs: trace.longestMs,
      longest: trace.longest,
      byKind: Object.entries(trace.byKind).sort((a, b) => b[1].ms - a[1].ms),
    };
  }

  /** Row-locking transactions seen in innodb_trx snapshots: how long each stayed there. */
  async function lockWatch(connect) {
    const db = await connect();
    const [[{ self }]] = await db.query('SELECT CONNECTION_ID() AS self');
    const seen = new Map();
    let running = true;
    let snapshots = 0;
    const loop = (async () => {
      while (running) {
        const now = performance.now();
        const [rows] = await db.query(
          'SELECT trx_id, trx_rows_locked FROM information_schema.innodb_trx WHERE trx_rows_locked > 0 AND trx_mysql_thread_id <> ?',
          [self],
        );
        snapshots++;
        for (const row of rows) {
          const id = String(row.trx_id);
          const entry = seen.get(id);
          if (entry) entry.last = now;
          else seen.set(id, { first: now, last: now });
        }
        // InnoDB refreshes the snapshot only after 100 ms without a read: poll slower.
        await sleep(110);
      }
    })();
    return async () => {
      running = false;
      await loop;
      await db.end();
      const spans = [...seen.values()].map((e) => e.last - e.first);
      return { transactions: spans.length, longestMs: Math.max(0, ...spans), snapshots };
    };
  }

  /** `connections` clients calling `url` back to back until stopped. */
  function listLoad(url, token) {
    const latencies = [];
    let failures = 0;
    let running = true;
    const started = performance.now();
    const clients = Array.from({ length: CONNECTIONS }, async () => {
      while (running) {
        const t = performance.now();
        try {
          const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          if (!response.ok) failures++;
        } catch {
          failures++;
        }
        latencies.push(performance.now() - t);
      }
    });
    return async () => {
      running = false;
      await Promise.all(clients);
      const sorted = latencies.sort((a, b) => a - b);
      return {
        requests: sorted.length,
        rps: sorted.length / ((performance.now() - started) / 1000),
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: sorted[sorted.length - 1],
        failures,
      };
    };
  }

  /** What erasure left, row by row, to compare the two passes' results. */
  async function snapshot(db) {
    const rows = {};
    const [people] = await db.query(
      `SELECT id, ${NAME_COLUMNS.join(', ')}, searchText, DATE_FORMAT(birthDate, '%Y-%m-%d') AS birthDate, birthPlace,
       passportEncrypted, passportHash, passportExpiry, guardianName, guardianPhone, guardianRelation,
       emergencyContact, phone, email, erasedAt IS NOT NULL AS erased FROM participants ORDER BY id`,
    );
    const [members] = await db.query(
      `SELECT id, ${NAME_COLUMNS.join(', ')}, DATE_FORMAT(birthDate, '%Y-%m-%d') AS birthDate, birthPlace,
       passportEncrypted, passportExpiry, contentDigest, erasedAt IS NOT NULL AS erased FROM roster_members ORDER BY id`,
    );
    const [consents] = await db.query('SELECT id, givenBy FROM participant_consents ORDER BY id');
    const [motivations] = await db.query('SELECT id, motivation FROM applications ORDER BY id');
    for (const row of [...people, ...members, ...consents, ...motivations]) {
      rows[row.id] = JSON.stringify(row);
    }
    const left = {
      people: people.filter((r) => !r.erased).length,
      members: members.filter((r) => !r.erased).length,
      passports: people.filter((r) => r.passportEncrypted || r.passportHash).length,
      memberPassports: members.filter((r) => r.passportEncrypted).length,
      motivations: motivations.filter((r) => r.motivation !== null).length,
    };
    return { rows, left };
  }

  /** Write statements the server has run, all sessions (single- and multi-table). */
  async function writes(db) {
    const [rows] = await db.query(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_update', 'Com_update_multi', 'Com_insert', 'Com_delete', 'Com_delete_multi')",
    );
    return rows.reduce((n, row) => n + Number(row.Value), 0);
  }

  async function phase(kind) {
    const connect = await freshDatabase(DATABASE_URL);
    const env = {
      ...BENCH_SECRETS,
      NODE_ENV: 'test',
      DATABASE_URL,
      REDIS_URL,
      REDIS_PREFIX: `ybretention${Date.now().toString(36)}:`,
      ROLE: 'api',
      LOG_LEVEL: 'warn',
      RETENTION_PERSONAL_MONTHS: '12',
      RETENTION_BATCH_SIZE: String(BATCH),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-bench-')),
    };
    const app = await startApp(PORT, env);
    const db = await connect();
    try {
      const admin = (await app.call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
      const org = (fields) =>
        app.call('POST', '/api/admin/organizations', admin, {
          country: 'CN',
          city: '黑河',
          preferredLanguage: 'zh',
          ...fields,
        });
      const schools = [
        await org({ type: 'school', nameZh: '黑河市第一中学', nameRu: 'Школа № 1 г. Хэйхэ' }),
        await org({ type: 'school', nameZh: '黑河市第二中学', nameRu: 'Школа № 2 г. Хэйхэ' }),
      ];
      const partner = await org({
        type: 'partner',
        country: 'RU',
        city: 'Благовещенск',
        nameZh: '阿穆尔州青年事务委员会',
        nameRu: 'Комитет по делам молодёжи Амурской области',
        preferredLanguage: 'ru',
      });
      const email = 'retention-coordinator@bench.example';
      await app.call('POST', '/api/admin/users', admin, {
        email,
        password: ADMIN.password,
        role: 'school_coordinator',
        organizationId: schools[0].id,
        preferredLanguage: 'zh',
      });
      const coordinator = (
        await app.call('POST', '/api/auth/login', undefined, { email, password: ADMIN.password })
      ).accessToken;
      const [[{ adminId }]] = await db.query('SELECT id AS adminId FROM users WHERE email = ?', [
        ADMIN.email,
      ]);
      const seedStarted = performance.now();
      const seeded = await seed(db, {
        schoolIds: schools.map((s) => s.id),
        partnerId: partner.id,
        adminId,
      });
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      const listUrl = `${app.base}/api/participants?pageSize=50`;
      const first = await app.call('GET', '/api/participants?pageSize=50', coordinator);
      if (!first.items.length || !first.items[0].passportNumber) {
        throw new Error(
          `the list does not show the seeded people: ${JSON.stringify(first).slice(0, 300)}`,
        );
      }

      let stop = listLoad(listUrl, coordinator);
      await sleep(REST_SECONDS * 1000);
      const rest = await stop();

      const before = await writes(db);
      const watch = await lockWatch(connect);
      stop = listLoad(listUrl, coordinator);
      const loadBefore = loadavg()[0];
      const pass = kind === 'floor' ? await floorPass(db) : await realPass(env);
      const load = [loadBefore, loadavg()[0]];
      const during = await stop();
      const server = await watch();
      const after = await writes(db);
      const result = await snapshot(db);
      return {
        kind,
        seedSeconds,
        consents: seeded.consents,
        rest,
        during,
        pass,
        server,
        writes: after - before,
        load,
        ...result,
      };
    } finally {
      await db.end();
      app.process.kill('SIGTERM');
      await new Promise((done) => app.process.once('exit', done));
    }
  }

  const commit = execSync('git rev-parse --short HEAD', { cwd: __dirname }).toString().trim();
  console.log(
    `commit ${commit}, ${new Date().toISOString().slice(0, 10)}, ${machine()}, MariaDB + Redis, ` +
      `${PEOPLE} people, batches of ${BATCH}, ${CONNECTIONS} list clients, ${ROUNDS} rounds`,
  );
  const rounds = { floor: [], real: [] };
  let different = 0;
  let example = '';
  for (let round = 1; round <= ROUNDS; round++) {
    const floor = await phase('floor');
    console.log(
      `round ${round}, floor: seeded in ${floor.seedSeconds.toFixed(1)} s, erased ${floor.pass.people} in ${floor.pass.seconds.toFixed(2)} s`,
    );
    const real = await phase('real');
    console.log(
      `round ${round}, retention-run: seeded in ${real.seedSeconds.toFixed(1)} s, erased ${real.pass.people} in ${real.pass.seconds.toFixed(2)} s (${real.pass.status})`,
    );
    for (const [id, row] of Object.entries(real.rows)) {
      if (floor.rows[id] === row) continue;
      different++;
      if (!example) example = `${floor.rows[id]}\n   vs ${row}`;
    }
    delete floor.rows;
    delete real.rows;
    rounds.floor.push(floor);
    rounds.real.push(real);
  }

  const ms = (n) => (Number.isFinite(n) ? n.toFixed(0) : '–');
  const mid = (values) => median(values);
  const markdown = (rows) => {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    const line = (row) =>
      `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
    const rule = widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`));
    return [line(rows[0]), `| ${rule.join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
  };
  const name = (kind) =>
    kind === 'floor'
      ? `floor: raw mysql2 UPDATE … LIMIT ${BATCH}, autocommit`
      : `node dist/cli.js retention-run (RETENTION_BATCH_SIZE=${BATCH})`;
  const floorSeconds = mid(rounds.floor.map((r) => r.pass.seconds));
  const passes = [
    [
      'pass',
      'people erased',
      'roster copies',
      's (median)',
      's per round',
      'ratio to floor',
      'SQL statements',
      'statements/s',
      'longest lock holding, client ms',
      'longest row-locking trx in innodb_trx, ms',
    ],
  ];
  for (const kind of ['floor', 'real']) {
    const all = rounds[kind];
    const p = all[0].pass;
    const seconds = mid(all.map((r) => r.pass.seconds));
    const worst = all.reduce((a, r) =>
      (
        kind === 'floor'
          ? r.pass.longestMs > a.pass.longestMs
          : r.pass.longestTx.lockMs > a.pass.longestTx.lockMs
      )
        ? r
        : a,
    ).pass;
    const server = Math.max(...all.map((r) => r.server.longestMs));
    passes.push([
      name(kind),
      String(p.people),
      String(p.rosterCopies),
      seconds.toFixed(2),
      all.map((r) => r.pass.seconds.toFixed(2)).join(' / '),
      (seconds / floorSeconds).toFixed(2),
      String(p.statements),
      ms(p.statements / seconds),
      kind === 'floor'
        ? `${ms(worst.longestMs)} (a statement)`
        : `${ms(worst.longestTx.lockMs)} (a transaction of ${worst.longestTx.statements} statements)`,
      // Seen in one snapshot only: shorter than the time between two.
      server ? `≥ ${ms(server)}` : '< 110',
    ]);
  }
  const api = [
    [
      `GET /api/participants?pageSize=50 (coordinator, ${CONNECTIONS} clients)`,
      'requests',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'non-2xx/errors',
    ],
  ];
  for (const kind of ['floor', 'real']) {
    for (const [when, key] of [
      [`at rest, before the ${kind === 'floor' ? 'floor' : 'real pass'}`, 'rest'],
      [`during ${name(kind)}`, 'during'],
    ]) {
      const all = rounds[kind].map((r) => r[key]);
      api.push([
        when,
        String(all.reduce((n, l) => n + l.requests, 0)),
        ms(mid(all.map((l) => l.rps))),
        ms(mid(all.map((l) => l.p50))),
        ms(mid(all.map((l) => l.p99))),
        ms(Math.max(...all.map((l) => l.max))),
        String(all.reduce((n, l) => n + l.failures, 0)),
      ]);
    }
  }
  console.log(
    `\nMedians of ${ROUNDS} interleaved rounds (each on a freshly seeded database); lock ` +
      `holding and max latency: the worst of all rounds.\n\n${markdown(passes)}\n\n${markdown(api)}\n`,
  );
  console.log(
    `Ratio per round: ${rounds.real.map((r, n) => (r.pass.seconds / rounds.floor[n].pass.seconds).toFixed(2)).join(' / ')}.`,
  );
  for (const [n, { pass }] of rounds.real.entries()) {
    console.log(
      `retention-run, round ${n + 1}: ${pass.wall.toFixed(2)} s wall with the CLI's start and stop; ` +
        `${pass.transactions} transactions (median ${ms(pass.txMedianMs)} ms, p90 ` +
        `${ms(pass.txP90Ms)} ms; ${pass.txOver200} holding locks over 200 ms; the longest, ` +
        `number ${pass.longestTx.n}, ${ms(pass.longestTx.ms)} ms from START TRANSACTION ` +
        `to COMMIT; ${(pass.waited * 100).toFixed(0)} % of the time inside transactions ` +
        `waiting for the database's answers, the rest in Node between statements); longest ` +
        `single statement ${pass.longestMs.toFixed(1)} ms (${pass.longest}); overlapping transactions: ${pass.overlaps}.`,
    );
  }
  console.log(
    `retention-run, round 1, time waiting for the database by statement (count, total ms): ` +
      rounds.real[0].pass.byKind
        .slice(0, 8)
        .map(([kind, { count, ms: total }]) => `${kind} ${count} × → ${ms(total)}`)
        .join('; ') +
      '.',
  );
  for (const [n, { pass }] of rounds.floor.entries()) {
    console.log(
      `floor, round ${n + 1}: longest statement ${pass.longestMs.toFixed(1)} ms (${pass.longest}).`,
    );
  }
  const [floor, real] = [rounds.floor[0], rounds.real[0]];
  console.log(
    `Write statements the server counted during the pass (Com_update, _multi, Com_insert, Com_delete), ` +
      `round 1: floor ${floor.writes}, retention-run ${real.writes}. innodb_trx (≥ 110 ms apart): ` +
      `${floor.server.snapshots} / ${real.server.snapshots} snapshots, ` +
      `${floor.server.transactions} / ${real.server.transactions} row-locking transactions seen.`,
  );
  console.log(
    `1-minute load average at the start and end of each pass (nothing else should run): ` +
      `floor ${rounds.floor.map((r) => r.load.map((l) => l.toFixed(2)).join(' → ')).join(', ')}; ` +
      `retention-run ${rounds.real.map((r) => r.load.map((l) => l.toFixed(2)).join(' → ')).join(', ')}.`,
  );
  console.log(
    `Left unerased: ${[...rounds.floor, ...rounds.real].every((r) => Object.values(r.left).every((n) => n === 0)) ? 'nothing, in every round' : JSON.stringify([...rounds.floor, ...rounds.real].map((r) => r.left))}.`,
  );
  console.log(
    `Rows that differ between the floor's and the pass's results, all rounds (participants, ` +
      `roster copies, consents, applications; ciphertexts are all erased): ${different}` +
      (example ? `\n  e.g. ${example}` : ''),
  );
}
