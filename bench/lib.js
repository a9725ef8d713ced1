// What every benchmark here shares: starting the built app and the bare Fastify baseline,
// waiting for them, calling the API, running autocannon, and summarizing rounds.
const { fork, spawn } = require('node:child_process');
const { request } = require('node:http');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir, cpus } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const mysql = require('mysql2/promise');

const ADMIN = { email: 'bench@bench.example', password: 'bench-password-123' };

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

/** Fixed secrets for the runs against MariaDB, where the data outlives one process. */
const BENCH_SECRETS = {
  JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
  ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 9).toString('base64')}`,
  LOGIN_LIMIT_PER_ACCOUNT: '100000',
};

/** The environment that makes the app write a CPU profile per SIGWINCH pair into `dir`. */
function profiling(dir) {
  return dir
    ? { BENCH_PROFILE_DIR: dir, NODE_OPTIONS: `--require ${resolve(__dirname, 'profile-hook.js')}` }
    : {};
}

/** The built app (`npm run build` first) on a port, with its own data directory and admin. */
async function startApp(port, env = {}) {
  const app = spawn(process.execPath, [resolve(__dirname, '../dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-bench-')),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_LIMIT_PER_IP: '1000',
      // The benches seed thousands of people through one coordinator: the per-account
      // budgets against trying passport numbers in bulk would stop the seeding.
      PARTICIPANT_WRITES_PER_HOUR: '10000000',
      IMPORTS_PER_HOUR: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health`);
  return { process: app, base, call: (method, path, token, body) => call(base, method, path, token, body) };
}

/** The baseline: a bare Fastify server with one JSON route. */
async function startBare(port) {
  const bare = fork(resolve(__dirname, 'bare-fastify.js'), [String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/json`;
  await waitFor(url);
  return { process: bare, url };
}

async function call(base, method, path, token, body) {
  const response = await fetch(base + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

function load(url, { connections, duration, headers = {} }) {
  return new Promise((done, fail) =>
    autocannon({ url, connections, duration, headers }, (error, result) =>
      error ? fail(error) : done(result),
    ),
  );
}

/** Median over rounds: this machine shares its cores, so single runs swing by ±30 %. */
function summary(name, results) {
  return {
    name,
    rps: median(results.map((r) => r.requests.average)),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    bad: results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
  };
}

function machine() {
  return `${cpus().length} × ${cpus()[0].model}, Node ${process.version}`;
}

function database() {
  const url = process.env.DATABASE_URL;
  return `${url ? url.split(':')[0] : 'embedded SQLite'}${process.env.REDIS_URL ? ' + Redis' : ''}`;
}

/** A Markdown table of summaries, each as a ratio to the first (the baseline). */
function table(results) {
  const lines = [
    '| route | req/s | ratio to bare Fastify | p50 ms | p99 ms | non-2xx/errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const ratio = r.rps / results[0].rps;
    lines.push(
      `| ${r.name} | ${Math.round(r.rps)} | ${ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2)} | ${r.p50} | ${r.p99} | ${r.bad} |`,
    );
  }
  return lines.join('\n');
}

/** Drops and recreates the database named by the URL; returns a way to connect to it. */
async function freshDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  const options = {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  const admin = await mysql.createConnection(options);
  const name = url.pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return () => mysql.createConnection({ ...options, database: name });
}

/** V8 profile nodes → self time per function, the heaviest first. */
function heaviest(file, top = 8) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const interval = (profile.endTime - profile.startTime) / profile.samples.length;
  const hits = new Map(profile.nodes.map((node) => [node.id, 0]));
  for (const id of profile.samples) hits.set(id, hits.get(id) + 1);
  const self = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    const where = url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '');
    const shortWhere = where.replace(resolve(__dirname, '..') + '/', '');
    const key = `${functionName || '(anonymous)'} ${shortWhere}${url ? `:${lineNumber + 1}` : ''}`;
    const ms = (hits.get(node.id) * interval) / 1000;
    self.set(key, (self.get(key) ?? 0) + ms);
    total += ms;
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, ms]) => `${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}


/** One GET, the body as sent (compressed when asked), with the response's headers. */
function raw(url, headers = {}) {
  return new Promise((done, fail) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

/** Signs in through the login form, as a browser does: the session cookie it ends with. */
async function portalLogin(base, email, password, home = '/zh/school/') {
  const page = await raw(`${base}/zh/login`);
  const cookie = String(page.headers['set-cookie']).split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())[1];
  const response = await fetch(`${base}/zh/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie,
      origin: base,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  if (response.status !== 303) throw new Error(`portal login: ${response.status}`);
  const signedIn = response.headers.getSetCookie()[0].split(';')[0];
  // The first page after signing in gives the new session its CSRF secret, in a new
  // cookie that the browser keeps; later pages leave the cookie as it is.
  const first = await raw(`${base}${home}`, { cookie: signedIn });
  const renewed = first.headers['set-cookie'];
  return renewed ? String(renewed).split(';')[0] : signedIn;
}

module.exports = {
  raw,
  portalLogin,
  ADMIN, BENCH_SECRETS, freshDatabase, heaviest, median, profiling, startApp, startBare, load, summary, machine, database, table };
