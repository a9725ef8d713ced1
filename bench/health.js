// Throughput of GET /health and an authenticated GET /api/me against a bare Fastify
// JSON route, all started in this run on this machine. Results are ratios, not times.
//
//   npm run bench              (embedded SQLite, the `npm start` default)
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench REDIS_URL=redis://127.0.0.1:6379 npm run bench
const { ADMIN, database, load, machine, startApp, startBare, summary, table } = require('./lib');

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function main() {
  const bare = await startBare(3901);
  const app = await startApp(3902);
  try {
    const { accessToken } = await app.call('POST', '/api/auth/login', undefined, ADMIN);
    // Short warm-up so the JIT and connection pools are in steady state for everyone.
    for (const url of [bare.url, `${app.base}/health`]) await load(url, { connections: 10, duration: 2 });

    const targets = [
      ['bare Fastify GET /json', bare.url, {}],
      ['GET /health', `${app.base}/health`, {}],
      ['GET /api/me (authenticated)', `${app.base}/api/me`, { authorization: `Bearer ${accessToken}` }],
    ];
    const runs = targets.map(() => []);
    // Interleaved, so a slow minute on the host hits every target alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [, url, headers]] of targets.entries()) {
        runs[i].push(await load(url, { connections: CONNECTIONS, duration: DURATION, headers }));
      }
    }
    console.log(
      `\n${machine()}, ${database()}, ${CONNECTIONS} connections, median of ${ROUNDS} interleaved ${DURATION} s runs\n`,
    );
    console.log(table(targets.map(([name], i) => summary(name, runs[i]))));
  } finally {
    bare.process.kill();
    app.process.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
