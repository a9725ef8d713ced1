// GET /api/admin/delegations/:id/applications with 5,000 applications, a page of 50,
// against a bare Fastify JSON route in the same run. Needs `npm run build` first.
//
//   DATABASE_URL=mariadb://root@127.0.0.1:3306/yb_bench REDIS_URL=redis://127.0.0.1:6379 node bench/applications-list.js
//   node bench/applications-list.js        (embedded SQLite)
const { ADMIN, database, load, machine, startApp, startBare, summary, table } = require('./lib');

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 5000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Runs `work` over `items` with `width` requests in flight. */
async function inParallel(items, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++], next);
    }),
  );
}

async function seed(app, admin) {
  const call = app.call;
  const login = async (email, password) =>
    (await call('POST', '/api/auth/login', undefined, { email, password })).accessToken;
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

async function main() {
  const bare = await startBare(3921);
  const app = await startApp(3922);
  try {
    const admin = (await app.call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
    const started = Date.now();
    const delegationId = await seed(app, admin);
    const seeded = (Date.now() - started) / 1000;
    const middlePage = Math.max(1, Math.floor(APPLICATIONS / 100));
    const path = `/api/admin/delegations/${delegationId}/applications?page=${middlePage}&pageSize=50`;
    const check = await app.call('GET', path, admin);
    if (check.total !== APPLICATIONS || check.items.length !== 50) {
      throw new Error(`unexpected page: ${check.total}`);
    }
    const runs = { bare: [], list: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await load(bare.url, { connections: 20, duration: DURATION }));
      runs.list.push(
        await load(app.base + path, { connections: 20, duration: DURATION, headers: { authorization: `Bearer ${admin}` } }),
      );
    }
    console.log(
      `\n${machine()}, ${database()}, ${APPLICATIONS} applications (seeded through the API in ${seeded.toFixed(0)} s), 20 connections, median of ${ROUNDS} interleaved ${DURATION} s runs\n`,
    );
    console.log(
      table([
        summary('bare Fastify GET /json', runs.bare),
        summary('GET /api/admin/delegations/:id/applications (a middle page of 50)', runs.list),
      ]),
    );
  } finally {
    bare.process.kill();
    app.process.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
