// Public pages under load: the cached notice page /ru/notices/:slug and the list
// /zh/delegations, with autocannon -c 50, against a bare Fastify server answering an 8 KB
// HTML string in the same run. Seeds the demo data (npm run seed:demo) first.
//
//   npm run build && node bench/pages.js                      (embedded SQLite)
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench REDIS_URL=redis://127.0.0.1:6379 node bench/pages.js
const { execFileSync } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { database, load, machine, startApp, startBare, summary, table } = require('./lib');

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-bench-pages-'));
  // The demo: delegations each way and public notices in both languages.
  execFileSync(process.execPath, [resolve(__dirname, '../dist/cli.js'), 'seed-demo'], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const bare = await startBare(3951);
  const app = await startApp(3952, { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  try {
    const list = await fetch(`${app.base}/ru/notices`).then((r) => r.text());
    const slug = /href="\/ru\/notices\/([a-z0-9-]+)"/.exec(list)?.[1];
    if (!slug) throw new Error('no public notice to load');
    const targets = {
      bare: bare.url.replace('/json', '/html'),
      notice: `${app.base}/ru/notices/${slug}`,
      delegations: `${app.base}/zh/delegations`,
    };
    const sizes = {};
    for (const [name, url] of Object.entries(targets)) {
      const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
      if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
      sizes[name] = (await response.arrayBuffer()).byteLength;
    }
    const runs = { bare: [], notice: [], delegations: [], noticeBr: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(runs)) {
        const br = name === 'noticeBr';
        runs[name].push(
          await load(br ? targets.notice : targets[name], {
            connections: CONNECTIONS,
            duration: DURATION,
            headers: br ? { 'accept-encoding': 'br, gzip' } : {},
          }),
        );
      }
    }
    console.log(
      `\n${machine()}, ${database()}, demo data, ${CONNECTIONS} connections, median of ${ROUNDS} interleaved ${DURATION} s runs` +
        `\nbodies: bare ${sizes.bare} B, notice ${sizes.notice} B, delegations ${sizes.delegations} B (no compression asked)\n`,
    );
    console.log(
      table([
        summary('bare Fastify GET /html (8 KB string)', runs.bare),
        summary(`GET /ru/notices/${slug} (cached)`, runs.notice),
        summary('GET /zh/delegations (cached)', runs.delegations),
        summary(`GET /ru/notices/${slug} (cached, Accept-Encoding: br)`, runs.noticeBr),
      ]),
    );
  } finally {
    bare.process.kill();
    app.process.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
