// The soak's routes one at a time, to find where each spends its time: for every route,
// req/s and latency under a load of its own, with the API process's CPU time, MariaDB's
// CPU time and the number of SQL statements per request, and (with BENCH_PROFILE_DIR) a
// CPU profile of the API process during that load, summarized as its heaviest functions.
// Bare Fastify runs in the same session as the baseline for the ratios.
//
//   npm run build && node bench/routes.js
//   BENCH_PROFILE_DIR=/tmp/profiles BENCH_SECONDS=10 node bench/routes.js
const { execFileSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const autocannon = require('autocannon');
const {
  ADMIN,
  BENCH_SECRETS,
  freshDatabase,
  heaviest,
  machine,
  profiling,
  startApp,
  startBare,
} = require('./lib');
const { seed } = require('./seed');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DATABASE_URL = process.env.DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/yb_bench_routes';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const SUBMITTED = 1200; // applications seeded before the load, for lists and decisions
const SINGLE_DECISIONS = 500;
const BATCHES = 10;
const BATCH_SIZE = 50;
const SUBMISSIONS = 600;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process in ms (clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The local database server's process, if it runs on this machine (else its CPU is not read). */
function databasePid() {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      return Number(execFileSync('pidof', [name]).toString().split(' ')[0]);
    } catch {
      /* not this one */
    }
  }
  return undefined;
}
const dbCpuMs = (pid) => (pid ? cpuMs(pid) : NaN);

function load(options) {
  return new Promise((done, fail) =>
    autocannon(options, (error, result) => (error ? fail(error) : done(result))),
  );
}

async function main() {
  const connect = await freshDatabase(DATABASE_URL);
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const api = await startApp(3972, {
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX: `ybroutes${Date.now().toString(36)}:`,
    ROLE: 'api',
    LOG_LEVEL: 'warn',
    ...BENCH_SECRETS,
    ...profiling(PROFILE_DIR),
  });
  let bare;
  const db = await connect();
  const statements = async () => {
    const [[row]] = await db.query("SHOW GLOBAL STATUS LIKE 'Questions'");
    return Number(row.Value);
  };
  try {
    const login = async () => (await api.call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
    // Two in three decisions approve: about 670 of the 1,000 places (the most allowed).
    const { schools, people, big, small } = await seed(api, await login(), { places: 1000 });
    const submitted = [];
    const pool = people.slice();
    for (let i = 0; i < SUBMITTED; i += 20) {
      const batch = pool.splice(0, 20);
      const made = await Promise.all(
        batch.map((p) =>
          api.call('POST', '/api/applications', p.school.token, {
            delegationId: big,
            participantId: p.id,
          }),
        ),
      );
      submitted.push(...made.map((a) => a.id));
    }
    const auth = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const admin = await login();
    let nextDecision = 0;
    const batches = submitted.slice(SINGLE_DECISIONS);
    const routes = [
      { name: 'bare Fastify GET /json', bare: true, options: { connections: 20 } },
      {
        name: 'coordinator: GET /api/applications?pageSize=50',
        options: {
          url: `${api.base}/api/applications?pageSize=50&page=3`,
          connections: 8,
          headers: auth(schools[0].token),
        },
      },
      {
        name: 'organizer: GET /api/admin/delegations/:id/applications?pageSize=50',
        options: {
          url: `${api.base}/api/admin/delegations/${big}/applications?pageSize=50&page=5`,
          connections: 8,
          headers: auth(admin),
        },
      },
      {
        name: 'coordinator: GET /api/participants?pageSize=50',
        options: {
          url: `${api.base}/api/participants?pageSize=50&page=3`,
          connections: 8,
          headers: auth(schools[0].token),
        },
      },
      {
        name: 'coordinator: POST /api/applications',
        consumes: true,
        options: {
          url: api.base,
          connections: 4,
          amount: SUBMISSIONS,
          requests: [
            {
              method: 'POST',
              path: '/api/applications',
              setupRequest: (request) => {
                const person = pool.shift();
                return {
                  ...request,
                  headers: auth(person.school.token),
                  body: JSON.stringify({ delegationId: big, participantId: person.id }),
                };
              },
            },
          ],
        },
      },
      {
        name: 'organizer: POST /api/admin/applications/:id/decision',
        consumes: true,
        options: {
          url: api.base,
          connections: 4,
          amount: SINGLE_DECISIONS,
          requests: [
            {
              method: 'POST',
              setupRequest: (request) => ({
                ...request,
                path: `/api/admin/applications/${submitted[nextDecision++]}/decision`,
                headers: auth(admin),
                body: JSON.stringify({ decision: nextDecision % 3 ? 'approve' : 'waitlist' }),
              }),
            },
          ],
        },
      },
      {
        name: `organizer: POST /api/admin/applications/decisions (${BATCH_SIZE} a batch)`,
        consumes: true,
        options: {
          url: api.base,
          connections: 1,
          amount: BATCHES,
          requests: [
            {
              method: 'POST',
              path: '/api/admin/applications/decisions',
              setupRequest: (request) => ({
                ...request,
                headers: auth(admin),
                body: JSON.stringify({
                  items: batches
                    .splice(0, BATCH_SIZE)
                    .map((id, i) => ({ id, decision: i % 3 ? 'approve' : 'waitlist' })),
                }),
              }),
            },
          ],
        },
      },
      {
        name: 'organizer: roster export (csv, 10 people)',
        options: {
          url: `${api.base}/api/admin/delegations/${small}/roster/export?format=csv`,
          connections: 2,
          headers: auth(admin),
        },
      },
      {
        name: 'public page /ru/delegations',
        options: { url: `${api.base}/ru/delegations`, connections: 20 },
      },
    ];
    bare = await startBare(3973);
    bare.process.on('exit', (code, signal) => console.error(`bare Fastify exited: ${code} ${signal}`));
    routes[0].options.url = bare.url;
    const dbPid = databasePid();
    const rows = [];
    let profileNo = 0;
    for (const route of routes) {
      const options = { duration: SECONDS, ...route.options };
      // Reads get a warm-up; routes that use up their data run once, on warm code.
      if (!route.consumes) await load({ ...options, duration: 2 });
      const pid = route.bare ? bare.process.pid : api.process.pid;
      if (PROFILE_DIR && !route.bare) process.kill(pid, 'SIGWINCH');
      const before = { cpu: cpuMs(pid), db: dbCpuMs(dbPid), statements: await statements() };
      const result = await load(options);
      const after = { cpu: cpuMs(pid), db: dbCpuMs(dbPid), statements: await statements() };
      let profile = [];
      if (PROFILE_DIR && !route.bare) {
        const file = join(PROFILE_DIR, `${++profileNo}.cpuprofile`);
        // An earlier run's file of the same name must not pass for this one.
        rmSync(file, { force: true });
        process.kill(pid, 'SIGWINCH');
        for (let i = 0; i < 100; i++) {
          try {
            profile = heaviest(file);
            break;
          } catch {
            await sleep(100);
          }
        }
      }
      const requests = result.requests.total;
      rows.push({
        name: route.name,
        // Routes that use up their data run for a few seconds: the average of whole
        // seconds would round, so the rate is the requests over the run's duration.
        rps: result.requests.total / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        cpu: (after.cpu - before.cpu) / requests,
        db: (after.db - before.db) / requests,
        // One statement is the SHOW STATUS that reads the counter.
        statements: route.bare ? 0 : (after.statements - before.statements - 1) / requests,
        bad: result.errors + result.timeouts + result.non2xx,
        profile,
      });
      if (profile.length) {
        writeFileSync(join(PROFILE_DIR, `${profileNo}.txt`), `${route.name}\n${profile.join('\n')}\n`);
      }
    }
    console.log(`\n${machine()}; MariaDB + Redis; API process alone (ROLE=api); one route at a time`);
    console.log(
      '| route | req/s | ratio to bare Fastify | p50 ms | p99 ms | API CPU ms/req | MariaDB CPU ms/req | SQL statements/req | non-2xx/errors |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      const ratio = r.rps / rows[0].rps;
      console.log(
        `| ${r.name} | ${r.rps.toFixed(1)} | ${ratio < 0.1 ? ratio.toFixed(4) : ratio.toFixed(2)} | ${r.p50} | ${r.p99} | ${r.cpu.toFixed(2)} | ${r.db.toFixed(2)} | ${r.statements.toFixed(1)} | ${r.bad} |`,
      );
    }
    for (const r of rows.filter((row) => row.profile.length)) {
      console.log(`\n${r.name}: heaviest functions (self time in the API process)`);
      console.log(r.profile.join('\n'));
    }
  } finally {
    api.process.kill('SIGTERM');
    bare?.process.kill('SIGTERM');
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
