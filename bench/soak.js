// 60 s of mixed traffic against the production topology (API and worker as separate
// processes, MariaDB and Redis), three times in a row: public pages in both languages,
// coordinators listing and submitting, organizers deciding and exporting. Records per
// route req/s, p50/p99 and unexpected statuses, the API process's RSS before and after
// each run, and notifications delivered.
//
//   npm run build && node bench/soak.js
//   BENCH_SECONDS=30 DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench_soak REDIS_URL=redis://127.0.0.1:6379 node bench/soak.js
const { spawn } = require('node:child_process');
const { readFileSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { ADMIN, freshDatabase, machine, startApp } = require('./lib');
const { seed } = require('./seed');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DATABASE_URL = process.env.DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/yb_bench_soak';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const rssOf = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

function run(name, options) {
  return new Promise((done, fail) =>
    autocannon({ duration: SECONDS, ...options }, (error, result) =>
      error ? fail(error) : done({ name, result }),
    ),
  );
}

/** Statuses that mean a bug, as opposed to 4xx answers the traffic provokes by design. */
function unexpected(result, allowed) {
  let n = result.errors + result.timeouts;
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!allowed.includes(Number(code))) n += count;
  }
  return n;
}

async function main() {
  const connect = await freshDatabase(DATABASE_URL);
  const env = {
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX: `ybsoak${Date.now().toString(36)}:`,
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 9).toString('base64')}`,
    LOGIN_LIMIT_PER_ACCOUNT: '100000',
  };
  const api = await startApp(3971, { ...env, ROLE: 'api' });
  const worker = spawn(process.execPath, [resolve(__dirname, '../dist/worker.js')], {
    env: { ...process.env, ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-soak-w-')) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const db = await connect();
  try {
    const { accessToken } = await api.call('POST', '/api/auth/login', undefined, ADMIN);
    const { schools, people, big, small } = await seed(api, accessToken);
    const auth = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    let nextPerson = 0;
    const decidable = [];
    let nextDecision = 0;
    const rssStart = rssOf(api.process.pid);
    console.log(`\n${machine()}; MariaDB + Redis; API and one worker process; ${SECONDS} s × ${RUNS}`);
    console.log(`API RSS at start (after seeding): ${rssStart.toFixed(0)} MB`);
    for (let round = 1; round <= RUNS; round++) {
      // Coordinators' tokens last 15 minutes: fresh ones each round.
      for (const school of schools) {
        const fresh = await api.call('POST', '/api/auth/refresh', undefined, {
          refreshToken: school.refresh,
        });
        Object.assign(school, { token: fresh.accessToken, refresh: fresh.refreshToken });
      }
      const admin = (await api.call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
      const results = await Promise.all([
        run('public pages /zh/ and /ru/delegations', {
          url: api.base,
          connections: 10,
          requests: [{ path: '/zh/' }, { path: '/ru/delegations' }],
        }),
        run('coordinator: GET /api/applications', {
          url: `${api.base}/api/applications?pageSize=50`,
          connections: 4,
          headers: auth(schools[0].token),
        }),
        run('coordinator: POST /api/applications', {
          url: api.base,
          connections: 2,
          overallRate: 20,
          requests: [
            {
              method: 'POST',
              path: '/api/applications',
              setupRequest: (request) => {
                const person = people[nextPerson++ % people.length];
                return {
                  ...request,
                  headers: auth(person.school.token),
                  body: JSON.stringify({ delegationId: big, participantId: person.id }),
                };
              },
              onResponse: (status, body) => {
                if (status === 201) decidable.push(JSON.parse(body).id);
              },
            },
          ],
        }),
        run('organizer: POST …/decision', {
          url: api.base,
          connections: 2,
          overallRate: 15,
          requests: [
            {
              method: 'POST',
              setupRequest: (request) => {
                const id = decidable[nextDecision++] ?? '00000000-0000-4000-8000-000000000000';
                return {
                  ...request,
                  path: `/api/admin/applications/${id}/decision`,
                  headers: auth(admin),
                  body: JSON.stringify({ decision: nextDecision % 3 ? 'approve' : 'waitlist' }),
                };
              },
            },
          ],
        }),
        run('organizer: roster export (csv)', {
          url: `${api.base}/api/admin/delegations/${small}/roster/export?format=csv`,
          connections: 1,
          overallRate: 2,
          headers: auth(admin),
        }),
      ]);
      const allowed = {
        'public pages /zh/ and /ru/delegations': [200],
        'coordinator: GET /api/applications': [200],
        // 409: the same person again once the pool is used; every place taken.
        'coordinator: POST /api/applications': [201, 409],
        // 404 when it runs ahead of the submissions; 409 once the places are gone.
        'organizer: POST …/decision': [200, 404, 409],
        'organizer: roster export (csv)': [200],
      };
      await sleep(5000);
      const [[sent]] = await db.query(
        "SELECT COUNT(*) AS n FROM notification_deliveries WHERE status = 'sent'",
      );
      const [[pending]] = await db.query(
        "SELECT COUNT(*) AS n FROM notification_deliveries WHERE status = 'pending'",
      );
      const rss = rssOf(api.process.pid);
      console.log(`\nRun ${round}: API RSS ${rss.toFixed(0)} MB (${(((rss - rssStart) / rssStart) * 100).toFixed(1)} % over start); deliveries sent ${sent.n}, pending ${pending.n} (5 s after)`);
      console.log('| route | req/s | p50 ms | p99 ms | statuses | unexpected |');
      console.log('| --- | ---: | ---: | ---: | --- | ---: |');
      for (const { name, result } of results) {
        const statuses = Object.entries(result.statusCodeStats ?? {})
          .map(([code, { count }]) => `${code}×${count}`)
          .join(' ');
        console.log(
          `| ${name} | ${result.requests.average.toFixed(1)} | ${result.latency.p50} | ${result.latency.p99} | ${statuses} | ${unexpected(result, allowed[name])} |`,
        );
      }
    }
  } finally {
    worker.kill('SIGTERM');
    api.process.kill('SIGTERM');
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
