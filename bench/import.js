// A 5,000-row participant import (xlsx) through the API, against, in the same run, the
// least any importer must do: read the same file with exceljs and write the rows with
// one multi-row mysql2 INSERT. Needs MariaDB/MySQL and `npm run build` first:
//
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench node bench/import.js
const { randomUUID } = require('node:crypto');
const ExcelJS = require('exceljs');
const mysql = require('mysql2/promise');
const { ADMIN, machine, median, startApp } = require('./lib');

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COLUMNS = ['kind', 'nationality', 'familyName', 'givenName', 'gender', 'birthDate', 'birthPlace', 'passportNumber', 'passportExpiry', 'guardianName', 'guardianPhone', 'guardianRelation'];
const FAMILY = ['李', '王', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['雨轩', '浩然', '子涵', '欣怡', '思彤', '梓萱', '一诺', '宇航'];

async function workbook(round) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('participants');
  sheet.addRow(COLUMNS);
  for (let i = 0; i < ROWS; i++) {
    sheet.addRow(['student', 'CN', FAMILY[i % FAMILY.length], GIVEN[i % GIVEN.length], i % 2 ? 'male' : 'female', '2011-05-20', '黑龙江省黑河市', `R${round}${String(1_000_000 + i)}`, '2031-01-01', '李建国', '+86 139 0000 0000', 'father']);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function importThroughApi(base, token, file) {
  const form = new FormData();
  form.append('file', new Blob([file]), 'participants.xlsx');
  const started = process.hrtime.bigint();
  const response = await fetch(`${base}/api/participants/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  const body = await response.json();
  if (response.status !== 201 || body.imported !== ROWS) throw new Error(`import: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return elapsed;
}

/** The floor: parse the same file, one multi-row INSERT of the same values into a table like participants. */
async function baseline(connection, file, schoolId) {
  const started = process.hrtime.bigint();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file);
  const rows = [];
  book.worksheets[0].eachRow((row, number) => {
    if (number === 1) return;
    const v = row.values.slice(1).map((cell) => String(cell));
    rows.push([randomUUID(), schoolId, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], `${v[2]} ${v[3]}`]);
  });
  await connection.query(
    'INSERT INTO bench_participants (id, schoolId, kind, nationality, familyName, givenName, gender, birthDate, birthPlace, passportEncrypted, passportExpiry, guardianName, guardianPhone, guardianRelation, searchText) VALUES ?',
    [rows],
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL (the baseline is a mysql2 INSERT)');
  const app = await startApp(3932, { LOG_LEVEL: 'warn' });
  const call = app.call;
  const url = new URL(process.env.DATABASE_URL);
  const connection = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: url.pathname.slice(1) });
  try {
    const admin = (await call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
    const school = await call('POST', '/api/admin/organizations', admin, { type: 'school', country: 'CN', nameZh: '基准学校', nameRu: 'Школа', city: '黑河', preferredLanguage: 'zh' });
    const email = `school-${Date.now()}@bench.example`;
    await call('POST', '/api/admin/users', admin, { email, password: ADMIN.password, role: 'school_coordinator', organizationId: school.id, preferredLanguage: 'zh' });
    const coordinator = (await call('POST', '/api/auth/login', undefined, { email, password: ADMIN.password })).accessToken;
    await connection.query('DROP TEMPORARY TABLE IF EXISTS bench_participants');
    await connection.query('CREATE TEMPORARY TABLE bench_participants LIKE participants');

    const api = [];
    const floor = [];
    for (let round = 0; round < ROUNDS; round++) {
      const file = await workbook(round);
      floor.push(await baseline(connection, file, school.id));
      api.push(await importThroughApi(app.base, coordinator, file));
    }
    const a = median(api);
    const f = median(floor);
    console.log(`\n${machine()}, ${url.protocol.replace(':', '')}, ${ROWS} rows, median of ${ROUNDS} interleaved rounds\n`);
    console.log('| what | ms | ratio to the floor |');
    console.log('| --- | ---: | ---: |');
    console.log(`| floor: exceljs read + one multi-row mysql2 INSERT | ${f.toFixed(0)} | 1.00 |`);
    console.log(`| POST /api/participants/import (validate, names, encrypt, duplicates, audit, one transaction) | ${a.toFixed(0)} | ${(a / f).toFixed(2)} |`);
  } finally {
    await connection.end();
    app.process.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
