// A notice published to 10,000 users: in-app and e-mail to a local SMTP sink, with the API
// and one worker as separate processes (the production topology) on MariaDB and Redis.
// Times the publish request and publish-to-last-delivery, and in the same run raw Bull
// no-op jobs at the same concurrency on the same Redis.
//
//   npm run build && node bench/notifications.js
//   BENCH_USERS=2000 DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench_n REDIS_URL=redis://127.0.0.1:6379 node bench/notifications.js
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const Bull = require('bull');
const { SMTPServer } = require('smtp-server');
const { ADMIN, freshDatabase, machine, startApp } = require('./lib');

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const CONCURRENCY = Number(process.env.NOTIFICATION_CONCURRENCY ?? 20);
const DATABASE_URL =
  process.env.DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/yb_bench_notifications';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `ybbench${Date.now().toString(36)}:`;
// Any valid argon2 hash: these users never log in.
const HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2hzYWx0$9sVZcXoT7gJ1x6rK4uBqFqJ4y8h0ZsVfS8V5pGq0vXo';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    received: () => received,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** USERS coordinators in schools of 100, half reading Chinese and half Russian. */
async function seedUsers(db) {
  const now = new Date();
  const schools = [];
  for (let i = 0; i < Math.ceil(USERS / 100); i++) {
    schools.push([randomUUID(), 'school', 'CN', `黑河第${i}中学`, `Школа №${i}`, '黑河', 'zh', now, now]);
  }
  await db.query(
    'INSERT INTO organizations (id, type, country, nameZh, nameRu, city, preferredLanguage, createdAt, updatedAt) VALUES ?',
    [schools],
  );
  for (let start = 0; start < USERS; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(USERS, start + 1000); i++) {
      rows.push([
        randomUUID(),
        `user${i}@bench.example`,
        HASH,
        'school_coordinator',
        schools[Math.floor(i / 100)][0],
        i % 2 ? 'ru' : 'zh',
        0,
        0,
        now,
        now,
      ]);
    }
    await db.query(
      'INSERT INTO users (id, email, passwordHash, role, organizationId, preferredLanguage, disabled, sessionEpoch, createdAt, updatedAt) VALUES ?',
      [rows],
    );
  }
}

async function count(db, sql) {
  const [rows] = await db.query(sql);
  return Number(rows[0].n);
}

/** The same number of jobs through Bull with a handler that does nothing. */
async function rawBull(jobs) {
  const queue = new Bull('noop', REDIS_URL, { prefix: `${PREFIX}raw` });
  let done = 0;
  let finished;
  const all = new Promise((r) => (finished = r));
  void queue.process(CONCURRENCY, async () => {
    done += 1;
    if (done === jobs) finished();
  });
  const started = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({
        data: { i: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await all;
  const seconds = (performance.now() - started) / 1000;
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return jobs / seconds;
}

async function main() {
  const db = await (await freshDatabase(DATABASE_URL))();
  const sink = await smtpSink();
  const env = {
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    SMTP_URL: sink.url,
    LOG_LEVEL: 'warn',
    NOTIFICATION_CONCURRENCY: String(CONCURRENCY),
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 9).toString('base64')}`,
  };
  const api = await startApp(3961, { ...env, ROLE: 'api' });
  const worker = spawn(process.execPath, [resolve(__dirname, '../dist/worker.js')], {
    env: { ...process.env, ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-bench-w-')) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await seedUsers(db);
    const users = await count(db, 'SELECT COUNT(*) AS n FROM users WHERE disabled = 0');
    const { accessToken } = await api.call('POST', '/api/auth/login', undefined, ADMIN);
    const notice = await api.call('POST', '/api/admin/notices', accessToken, {
      titleZh: '冬令营报名须知',
      titleRu: 'Правила записи в зимний лагерь',
      bodyZh: '请各学校**按时**提交名单。',
      bodyRu: 'Просим школы **вовремя** прислать списки.',
      audience: 'public',
    });
    await sleep(1000);

    const started = performance.now();
    await api.call('POST', `/api/admin/notices/${notice.id}/publish`, accessToken, {});
    const publishMs = performance.now() - started;
    let inAppSeconds;
    let emailSeconds;
    for (;;) {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed > 900) throw new Error('deliveries did not finish within 15 minutes');
      if (!inAppSeconds && (await count(db, 'SELECT COUNT(*) AS n FROM user_notifications')) >= users) {
        inAppSeconds = elapsed;
      }
      if (!emailSeconds && sink.received() >= users) emailSeconds = elapsed;
      if (inAppSeconds && emailSeconds) break;
      await sleep(50);
    }
    const sent = await count(
      db,
      "SELECT COUNT(*) AS n FROM notification_deliveries WHERE channel = 'email' AND status = 'sent'",
    );
    const failed = await count(
      db,
      "SELECT COUNT(*) AS n FROM notification_deliveries WHERE status = 'failed'",
    );
    const bullRate = await rawBull(users);
    const inAppRate = users / inAppSeconds;
    const emailRate = users / emailSeconds;
    console.log(`\n${machine()}; MariaDB + Redis; API and one worker process; concurrency ${CONCURRENCY}`);
    console.log(`recipients: ${users} (in-app + e-mail each); e-mails sent ${sent}, failed deliveries ${failed}`);
    console.log('| measure | value | ratio to raw Bull no-op jobs/s |');
    console.log('| --- | ---: | ---: |');
    console.log(`| publish request | ${publishMs.toFixed(0)} ms | |`);
    console.log(`| raw Bull no-op jobs | ${bullRate.toFixed(0)} jobs/s | 1 |`);
    console.log(
      `| in-app, publish to last | ${inAppSeconds.toFixed(1)} s = ${inAppRate.toFixed(0)}/s | ${(inAppRate / bullRate).toFixed(2)} |`,
    );
    console.log(
      `| e-mail, publish to last | ${emailSeconds.toFixed(1)} s = ${emailRate.toFixed(0)}/s | ${(emailRate / bullRate).toFixed(2)} |`,
    );
  } finally {
    worker.kill('SIGTERM');
    api.process.kill('SIGTERM');
    await sink.close();
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
