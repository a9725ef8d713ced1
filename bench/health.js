// Throughput of GET /health and an authenticated GET /api/me against a bare Fastify
// JSON route, all started in this run on this machine. Results are ratios, not times.
//
//   npm run bench              (embedded SQLite, the `npm start` default)
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench REDIS_URL=redis://127.0.0.1:6379 npm run bench
const { fork, spawn } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const { tmpdir, cpus } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BARE_PORT = 3901;
const APP_PORT = 3902;
const ADMIN = { email: 'bench@bench.example', password: 'bench-password-123' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

function run(url, headers = {}) {
  return new Promise((resolvePromise, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers }, (error, result) =>
      error ? reject(error) : resolvePromise(result),
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median over rounds: this machine shares its cores, so single runs swing by ±30%. */
function summary(name, results) {
  return {
    name,
    rps: median(results.map((r) => r.requests.average)),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    bad: results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
  };
}

async function main() {
  const bare = fork(resolve(__dirname, 'bare-fastify.js'), [String(BARE_PORT)], {
    stdio: 'ignore',
  });
  const app = spawn(process.execPath, [resolve(__dirname, '../dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(APP_PORT),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-bench-')),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_LIMIT_PER_IP: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${BARE_PORT}/json`);
    await waitFor(`http://127.0.0.1:${APP_PORT}/health`);
    const login = await fetch(`http://127.0.0.1:${APP_PORT}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = await login.json();
    if (!accessToken) throw new Error(`login failed: ${login.status}`);

    // Short warm-up so the JIT and connection pools are in steady state for everyone.
    for (const url of [
      `http://127.0.0.1:${BARE_PORT}/json`,
      `http://127.0.0.1:${APP_PORT}/health`,
    ]) {
      await new Promise((r) => autocannon({ url, connections: 10, duration: 2 }, r));
    }

    const targets = [
      ['bare Fastify GET /json', `http://127.0.0.1:${BARE_PORT}/json`, {}],
      ['GET /health', `http://127.0.0.1:${APP_PORT}/health`, {}],
      [
        'GET /api/me (authenticated)',
        `http://127.0.0.1:${APP_PORT}/api/me`,
        { authorization: `Bearer ${accessToken}` },
      ],
    ];
    const runs = targets.map(() => []);
    // Interleaved, so a slow minute on the host hits every target alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [, url, headers]] of targets.entries()) runs[i].push(await run(url, headers));
    }
    const results = targets.map(([name], i) => summary(name, runs[i]));
    const baseline = results[0].rps;
    const database = process.env.DATABASE_URL
      ? process.env.DATABASE_URL.split(':')[0]
      : 'embedded SQLite';
    console.log(
      `\n${cpus().length} × ${cpus()[0].model}, Node ${process.version}, ${database}` +
        `${process.env.REDIS_URL ? ' + Redis' : ''}, ${CONNECTIONS} connections, median of ${ROUNDS} interleaved ${DURATION} s runs\n`,
    );
    console.log('| route | req/s | ratio to bare Fastify | p50 ms | p99 ms | non-2xx/errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      console.log(
        `| ${r.name} | ${Math.round(r.rps)} | ${(r.rps / baseline).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.bad} |`,
      );
    }
  } finally {
    bare.kill();
    app.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
