// Exports a locked roster of 1,000 people as xlsx and csv through the API, timing each
// download and sampling the API process's resident memory while it streams. The floor,
// in the same run: exceljs's streaming writer (and csv-stringify for csv) writing
// the same number of rows in this process, with no database, decryption or HTTP.
//
//   npm run build && node bench/roster-export.js          (embedded SQLite)
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench REDIS_URL=redis://127.0.0.1:6379 node bench/roster-export.js
const { readFileSync } = require('node:fs');
const { PassThrough } = require('node:stream');
const ExcelJS = require('exceljs');
const { stringify } = require('csv-stringify/sync');
const { ADMIN, database, machine, median, startApp } = require('./lib');

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FAMILY = ['李', '王', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['雨轩', '浩然', '子涵', '欣怡', '思彤', '梓萱', '一诺', '宇航'];

async function inParallel(items, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Resident and peak resident memory of a process, in MiB, from /proc. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

async function seed(call, admin) {
  const org = (fields) => call('POST', '/api/admin/organizations', admin, { country: 'CN', nameZh: '黑河市第一中学', nameRu: 'Средняя школа № 1 г. Хэйхэ', city: '黑河', preferredLanguage: 'zh', ...fields });
  const school = await org({ type: 'school' });
  const host = await org({ type: 'partner', country: 'RU', nameZh: '阿穆尔州青年事务委员会', nameRu: 'Комитет по делам молодёжи Амурской области' });
  const email = `school-${Date.now()}@bench.example`;
  await call('POST', '/api/admin/users', admin, { email, password: ADMIN.password, role: 'school_coordinator', organizationId: school.id, preferredLanguage: 'zh' });
  const coordinator = (await call('POST', '/api/auth/login', undefined, { email, password: ADMIN.password })).accessToken;
  const day = 86_400_000;
  const delegation = await call('POST', '/api/admin/delegations', admin, {
    titleZh: '黑河青少年赴布拉戈维申斯克夏令营', titleRu: 'Летний лагерь школьников Хэйхэ в Благовещенске', direction: 'CN_TO_RU', hostOrganizationId: host.id,
    departureDate: new Date(Date.now() + 60 * day).toISOString().slice(0, 10),
    returnDate: new Date(Date.now() + 67 * day).toISOString().slice(0, 10),
    applicationOpensAt: new Date(Date.now() - day).toISOString(), applicationClosesAt: new Date(Date.now() + 30 * day).toISOString(),
    studentPlaces: Math.ceil(PEOPLE / 2), chaperonePlaces: Math.ceil(PEOPLE / 2), minAge: 10, maxAge: 100, studentsPerChaperone: 8,
  });
  await call('POST', `/api/admin/delegations/${delegation.id}/transitions`, admin, { to: 'open' });
  // Adults need no guardian consent (half of them "students" in a 10–100 age range, as the
  // places of each kind stop at 1,000): each person is two requests, then batch approvals.
  const applications = [];
  await inParallel(Array.from({ length: PEOPLE }, (_, i) => i), 16, async (i) => {
    const participant = await call('POST', '/api/participants', coordinator, {
      kind: i % 2 ? 'student' : 'chaperone', nationality: 'CN', familyName: FAMILY[i % FAMILY.length], givenName: GIVEN[i % GIVEN.length],
      gender: i % 2 ? 'male' : 'female', birthDate: '1980-01-01', birthPlace: '黑龙江省黑河市',
      passportNumber: `E${String(10_000_000 + i)}${Date.now() % 10}`, passportExpiry: '2032-01-01',
    });
    applications.push((await call('POST', '/api/applications', coordinator, { delegationId: delegation.id, participantId: participant.id })).id);
  });
  for (let i = 0; i < applications.length; i += 500) {
    await call('POST', '/api/admin/applications/decisions', admin, { items: applications.slice(i, i + 500).map((id) => ({ id, decision: 'approve' })) });
  }
  await call('POST', `/api/admin/delegations/${delegation.id}/transitions`, admin, { to: 'closed' });
  // A group of 1,000 is over the visa-free regime's 50, so the lock needs an override.
  const locked = await call('POST', `/api/admin/delegations/${delegation.id}/roster/lock`, admin, { override: { reason: 'benchmark: a roster of 1,000' } });
  if (locked.memberCount !== PEOPLE) throw new Error(`locked ${locked.memberCount} people`);
  return delegation.id;
}

/** Downloads one export, sampling the app's memory every 5 ms until the last byte. */
async function download(app, url, token) {
  let peak = memory(app.process.pid).rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memory(app.process.pid).rss);
  }, 5);
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.toString().slice(0, 300)}`);
  return { ms, bytes: body.length, peak: Math.max(peak, memory(app.process.pid).rss) };
}

function floorRow(i) {
  return [String(i + 1), '带队人员 / сопровождающий', FAMILY[i % 10], GIVEN[i % 8], 'LI', 'YUXUAN', 'Ли', 'Юйсюань', FAMILY[i % 10], GIVEN[i % 8], '女 / жен.', '1980-01-01', '黑龙江省黑河市', '中国 / Китай', `E${10_000_000 + i}`, '2032-01-01', '黑河市第一中学 / Средняя школа № 1 г. Хэйхэ'];
}

async function floorXlsx() {
  const started = process.hrtime.bigint();
  const output = new PassThrough();
  output.resume();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet('v1');
  for (let i = 0; i < PEOPLE; i++) sheet.addRow(floorRow(i)).commit();
  sheet.commit();
  await book.commit();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// csv-stringify, which the export writes with, on the same rows with the same quoting
// (every cell quoted that holds a separator, quote, line break or formula lead).
function floorCsv() {
  const started = process.hrtime.bigint();
  const rows = Array.from({ length: PEOPLE }, (_, i) => floorRow(i));
  const text = `\uFEFF${stringify(rows, { delimiter: ',', record_delimiter: 'windows', quoted_match: /[,;"'\n=+\-@\t\r＝＋－＠]/ })}`;
  Buffer.from(text);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main() {
  const app = await startApp(3941, { LOG_LEVEL: 'warn' });
  try {
    const admin = (await app.call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
    const started = Date.now();
    const id = await seed(app.call, admin);
    const seeded = (Date.now() - started) / 1000;
    const before = memory(app.process.pid);
    const results = { xlsx: [], csv: [] };
    const floors = { xlsx: [], csv: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const format of ['xlsx', 'csv']) {
        results[format].push(await download(app, `${app.base}/api/admin/delegations/${id}/roster/export?format=${format}&lang=both`, admin));
        floors[format].push(format === 'xlsx' ? await floorXlsx() : floorCsv());
      }
    }
    const after = memory(app.process.pid);
    console.log(`\n${machine()}, ${database()}, a roster of ${PEOPLE} (seeded through the API in ${seeded.toFixed(0)} s), median of ${ROUNDS} interleaved rounds\n`);
    console.log('| export | size | time ms | floor ms (exceljs stream / csv-stringify, in-process) | floor ÷ time | peak RSS during export MiB |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const format of ['xlsx', 'csv']) {
      const time = median(results[format].map((r) => r.ms));
      const floor = median(floors[format]);
      const peak = Math.max(...results[format].map((r) => r.peak));
      console.log(`| ${format}, lang=both | ${Math.round(results[format][0].bytes / 1024)} KiB | ${time.toFixed(0)} | ${floor.toFixed(0)} | ${(floor / time).toFixed(2)} | ${peak.toFixed(0)} |`);
    }
    console.log(`\nAPI process RSS: ${before.rss.toFixed(0)} MiB before the first export, ${after.rss.toFixed(0)} MiB after ${ROUNDS * 2}; peak since start (VmHWM, seeding included) ${after.hwm.toFixed(0)} MiB.`);
  } finally {
    app.process.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
