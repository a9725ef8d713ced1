// GET /api/admin/delegations/:id/applications with 5,000 applications, a page of 50,
// against a bare Fastify JSON route in the same run. Needs `npm run build` first.
//
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench REDIS_URL=redis://127.0.0.1:6379 node bench/applications-list.js
//   node bench/applications-list.js        (embedded SQLite)
const { fork, spawn } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const { tmpdir, cpus } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 5000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BARE_PORT = 3921;
const APP_PORT = 3922;
const ADMIN = { email: 'bench@bench.example', password: 'bench-password-123' };
const base = `http://127.0.0.1:${APP_PORT}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function waitFor(url) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

async function call(method, path, token, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function login(email, password) {
  return (await call('POST', '/api/auth/login', undefined, { email, password })).accessToken;
}

/** Runs `work` over `items` with `width` requests in flight. */
async function inParallel(items, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++], next);
    }),
  );
}

async function seed(admin) {
  const org = (fields) => call('POST', '/api/admin/organizations', admin, { country: 'CN', nameZh: '基准学校', nameRu: 'Школа', city: '黑河', preferredLanguage: 'zh', ...fields });
  const school = await org({ type: 'school' });
  const host = await org({ type: 'partner', country: 'RU' });
  await call('POST', '/api/admin/users', admin, { email: 'school@bench.example', password: ADMIN.password, role: 'school_coordinator', organizationId: school.id, preferredLanguage: 'zh' });
  const coordinator = await login('school@bench.example', ADMIN.password);
  const day = 86_400_000;
  const delegation = await call('POST', '/api/admin/delegations', admin, {
    titleZh: '基准代表团', titleRu: 'Делегация для замеров', direction: 'CN_TO_RU', hostOrganizationId: host.id,
    departureDate: new Date(Date.now() + 60 * day).toISOString().slice(0, 10),
    returnDate: new Date(Date.now() + 65 * day).toISOString().slice(0, 10),
    applicationOpensAt: new Date(Date.now() - day).toISOString(), applicationClosesAt: new Date(Date.now() + 30 * day).toISOString(),
    studentPlaces: 50, chaperonePlaces: 50, minAge: 10, maxAge: 17, studentsPerChaperone: 8,
  });
  await call('POST', `/api/admin/delegations/${delegation.id}/transitions`, admin, { to: 'open' });
  // Adult chaperones need no guardian consent, so each application is two requests;
  // submitting takes no place (approving does), so 5,000 fit a delegation of 50.
  await inParallel(Array.from({ length: APPLICATIONS }, (_, i) => i), 16, async (i) => {
    const participant = await call('POST', '/api/participants', coordinator, {
      kind: 'chaperone', nationality: 'CN', familyName: '王', givenName: '芳', gender: 'female',
      birthDate: '1980-01-01', birthPlace: '黑河', passportNumber: `B${String(10_000_000 + i)}`, passportExpiry: '2032-01-01',
    });
    await call('POST', '/api/applications', coordinator, { delegationId: delegation.id, participantId: participant.id });
  });
  return delegation.id;
}

function run(url, headers = {}) {
  return new Promise((done, fail) =>
    autocannon({ url, connections: 20, duration: DURATION, headers }, (error, result) => (error ? fail(error) : done(result))),
  );
}

async function main() {
  const bare = fork(resolve(__dirname, 'bare-fastify.js'), [String(BARE_PORT)], { stdio: 'ignore' });
  const app = spawn(process.execPath, [resolve(__dirname, '../dist/main.js')], {
    env: { ...process.env, PORT: String(APP_PORT), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-bench-')), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOGIN_LIMIT_PER_IP: '1000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${BARE_PORT}/json`);
    await waitFor(`${base}/health`);
    const admin = await login(ADMIN.email, ADMIN.password);
    const started = Date.now();
    const delegationId = await seed(admin);
    const seeded = (Date.now() - started) / 1000;
    const middlePage = Math.max(1, Math.floor(APPLICATIONS / 100));
    const listUrl = `${base}/api/admin/delegations/${delegationId}/applications?page=${middlePage}&pageSize=50`;
    const check = await call('GET', listUrl.slice(base.length), admin);
    if (check.total !== APPLICATIONS || check.items.length !== 50) throw new Error(`unexpected page: ${check.total}`);

    const runs = { bare: [], list: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await run(`http://127.0.0.1:${BARE_PORT}/json`));
      runs.list.push(await run(listUrl, { authorization: `Bearer ${admin}` }));
    }
    const summary = (results) => ({
      rps: median(results.map((r) => r.requests.average)),
      p50: median(results.map((r) => r.latency.p50)),
      p99: median(results.map((r) => r.latency.p99)),
      bad: results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    });
    const b = summary(runs.bare);
    const l = summary(runs.list);
    const database = process.env.DATABASE_URL ? process.env.DATABASE_URL.split(':')[0] : 'embedded SQLite';
    console.log(`\n${cpus().length} × ${cpus()[0].model}, Node ${process.version}, ${database}, ${APPLICATIONS} applications (seeded through the API in ${seeded.toFixed(0)} s), 20 connections, median of ${ROUNDS} interleaved ${DURATION} s runs\n`);
    console.log('| route | req/s | ratio to bare Fastify | p50 ms | p99 ms | non-2xx/errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| bare Fastify GET /json | ${Math.round(b.rps)} | 1.00 | ${b.p50} | ${b.p99} | ${b.bad} |`);
    console.log(`| GET /api/admin/delegations/:id/applications (a middle page of 50) | ${Math.round(l.rps)} | ${(l.rps / b.rps).toFixed(3)} | ${l.p50} | ${l.p99} | ${l.bad} |`);
  } finally {
    bare.kill();
    app.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
