// The portal under load, each page against the API's JSON of the same data in the same
// run, at 20 connections on MariaDB + Redis, bare Fastify as the floor: a school's people
// page (50 of its 2,000), the organizer's applications page of a delegation with 2,000
// applications (page of 50), and the partner's roster page (200 people). Then the size on
// the wire of every page, brotli and gzip, with its stylesheet and icon: the budgets are
// 30 KB for the school's pages, 40 KB for the console's and the partner's.
//
//   npm run build && node bench/portal.js
//   BENCH_SECONDS=10 BENCH_ROUNDS=3 node bench/portal.js
//   BENCH_PROFILE_DIR=/tmp/portal-profiles node bench/portal.js   (heaviest functions of each)
const { mkdirSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const {
  ADMIN,
  BENCH_SECRETS,
  freshDatabase,
  heaviest,
  profiling,
  load,
  machine,
  portalLogin,
  raw,
  startApp,
  startBare,
  summary,
  table,
} = require('./lib');
const { seed } = require('./seed');

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;
const DATABASE_URL = process.env.DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/yb_bench_portal';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BUDGET = 30 * 1024;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

async function main() {
  const connect = await freshDatabase(DATABASE_URL);
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const app = await startApp(3962, {
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX: `ybportal${Date.now().toString(36)}:`,
    LOG_LEVEL: 'warn',
    ...BENCH_SECRETS,
    ...profiling(PROFILE_DIR),
  });
  const db = await connect();
  const statements = async () => {
    const [[row]] = await db.query("SHOW GLOBAL STATUS LIKE 'Questions'");
    return Number(row.Value);
  };
  let bare;
  try {
    const admin = (await app.call('POST', '/api/auth/login', undefined, ADMIN)).accessToken;
    // Two schools of 2,000 people each, with a guardian's consent; an open delegation.
    const { schools, people, big } = await seed(app, admin, { people: 4000, places: 400 });
    const school = schools[0];
    const cookie = await portalLogin(app.base, 'coordinator1@soak.example', 'soak-password-123');
    const listed = await app.call('GET', '/api/participants?page=3&pageSize=50', school.token);
    if (listed.total !== 2000 || listed.items.length !== 50) {
      throw new Error(`expected 50 of 2,000, got ${listed.items.length} of ${listed.total}`);
    }
    const person = people.find((p) => p.school === school).id;
    const application = await app.call('POST', '/api/applications', school.token, {
      delegationId: big,
      participantId: person,
    });

    // The organizer's market: 2,000 applications on the big delegation (this one and
    // 1,999 more, from both schools); 200 of them approved and locked as the partner's
    // roster.
    const others = people.filter((p) => p.id !== person).slice(0, 1999);
    const applicationIds = [application.id];
    for (let i = 0; i < others.length; i += 20) {
      const made = await Promise.all(
        others.slice(i, i + 20).map((p) =>
          app.call('POST', '/api/applications', p.school.token, {
            delegationId: big,
            participantId: p.id,
          }),
        ),
      );
      applicationIds.push(...made.map((a) => a.id));
    }
    for (let i = 0; i < 200; i += 50) {
      await app.call('POST', '/api/admin/applications/decisions', admin, {
        items: applicationIds.slice(i, i + 50).map((id) => ({ id, decision: 'approve' })),
      });
    }
    await app.call('POST', `/api/admin/delegations/${big}/transitions`, admin, { to: 'closed' });
    await app.call('POST', `/api/admin/delegations/${big}/roster/lock`, admin, {
      override: { reason: 'bench: 200 students, no chaperone' },
    });
    const trip = await app.call('GET', `/api/admin/delegations/${big}`, admin);
    const partnerUser = { email: 'partner@bench.example', password: 'bench-partner-123' };
    await app.call('POST', '/api/admin/users', admin, {
      ...partnerUser,
      role: 'partner',
      organizationId: trip.hostOrganizationId,
      preferredLanguage: 'ru',
    });
    const partnerToken = (await app.call('POST', '/api/auth/login', undefined, partnerUser))
      .accessToken;
    const organizerCookie = await portalLogin(
      app.base,
      ADMIN.email,
      ADMIN.password,
      '/zh/console/',
    );
    const partnerCookie = await portalLogin(
      app.base,
      partnerUser.email,
      partnerUser.password,
      '/ru/partner/',
    );
    const marketPage = `${app.base}/zh/console/delegations/${big}/applications?page=3`;
    const rosterPage = `${app.base}/ru/partner/delegations/${big}/roster`;

    const peoplePage = `${app.base}/zh/school/people?page=3`;
    const check = await raw(peoplePage, { cookie });
    if (check.status !== 200 || !check.body.toString().includes('</table>')) {
      throw new Error(`people page: ${check.status}`);
    }
    bare = await startBare(3961);
    const targets = [
      { name: 'bare Fastify GET /json', url: bare.url, headers: {} },
      {
        name: 'API GET /api/participants?page=3&pageSize=50 (bearer)',
        url: `${app.base}/api/participants?page=3&pageSize=50`,
        headers: { authorization: `Bearer ${school.token}` },
      },
      {
        name: 'portal GET /zh/school/people?page=3 (session cookie)',
        url: peoplePage,
        headers: { cookie },
      },
      {
        name: 'API GET /api/admin/delegations/:id/applications?page=3&pageSize=50 (organizer)',
        url: `${app.base}/api/admin/delegations/${big}/applications?page=3&pageSize=50`,
        headers: { authorization: `Bearer ${admin}` },
      },
      {
        name: 'console GET /zh/console/delegations/:id/applications?page=3 (2,000 applications)',
        url: marketPage,
        headers: { cookie: organizerCookie },
      },
      {
        name: 'API GET /api/partner/delegations/:id/roster (200 people)',
        url: `${app.base}/api/partner/delegations/${big}/roster`,
        headers: { authorization: `Bearer ${partnerToken}` },
      },
      {
        name: 'partner GET /ru/partner/delegations/:id/roster (200 people)',
        url: rosterPage,
        headers: { cookie: partnerCookie },
      },
    ];
    for (const target of targets.slice(1)) {
      const response = await raw(target.url, target.headers);
      if (response.status !== 200) throw new Error(`${target.name}: ${response.status}`);
    }
    // SQL statements per request of each (100 sequential requests, nothing else running).
    const perRequest = [];
    for (const target of targets.slice(1)) {
      const before = await statements();
      for (let n = 0; n < 100; n++) await raw(target.url, target.headers);
      perRequest.push(((await statements()) - before - 1) / 100);
    }
    const runs = targets.map(() => []);
    const profiles = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, target] of targets.entries()) {
        const profiled = PROFILE_DIR && round === 0 && i > 0;
        if (profiled) app.process.kill('SIGWINCH');
        // As a browser asks: compressed, the way the page reaches a phone.
        runs[i].push(
          await load(target.url, {
            connections: CONNECTIONS,
            duration: DURATION,
            headers: { 'accept-encoding': 'br, gzip', ...target.headers },
          }),
        );
        if (profiled) {
          app.process.kill('SIGWINCH');
          await new Promise((r) => setTimeout(r, 1500));
          const files = readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.cpuprofile'));
          profiles.push([
            target.name,
            heaviest(
              join(PROFILE_DIR, files.sort().at(-1)),
              Number(process.env.BENCH_PROFILE_TOP ?? 12),
            ),
          ]);
        }
      }
    }
    const summaries = targets.map((target, i) => summary(target.name, runs[i]));
    const [, apiList, portalList, apiMarket, consoleMarket, apiRoster, partnerRoster] = summaries;
    const pairs = [
      ['school people page / API list', portalList, apiList, 30 * 1024],
      ['console applications page / API list', consoleMarket, apiMarket, 40 * 1024],
      ['partner roster page / API roster', partnerRoster, apiRoster, 40 * 1024],
    ];

    // Every page of the walk, on the wire, with what it loads (stylesheet, icon).
    const pages = [
      '/zh/login',
      '/zh/school/',
      '/zh/school/people',
      '/zh/school/people?page=3',
      '/zh/school/people/new',
      `/zh/school/people/${person}`,
      `/zh/school/people/${person}/edit`,
      `/zh/school/people/${person}/consent-form`,
      `/ru/school/people/${person}/consent-form?text=both`,
      '/zh/school/import',
      '/zh/school/delegations',
      `/zh/school/delegations/${big}`,
      `/zh/school/delegations/${big}/apply`,
      '/zh/school/applications',
      `/zh/school/applications/${application.id}/withdraw`,
      '/ru/account',
      '/ru/notifications',
    ];
    const sizes = [];
    const consolePages = [
      ['/zh/console/', organizerCookie],
      ['/zh/console/delegations', organizerCookie],
      [`/zh/console/delegations/${big}`, organizerCookie],
      [`/zh/console/delegations/${big}/applications?page=3`, organizerCookie],
      [`/zh/console/delegations/${big}/roster`, organizerCookie],
      ['/zh/console/notices', organizerCookie],
      ['/zh/console/deliveries', organizerCookie],
      ['/zh/console/organizations', organizerCookie],
      ['/zh/console/audit', organizerCookie],
      ['/ru/partner/', partnerCookie],
      [`/ru/partner/delegations/${big}/roster`, partnerCookie],
      ['/ru/partner/webhooks', partnerCookie],
    ];
    for (const [path, pageCookie] of [...pages.map((p) => [p, cookie]), ...consolePages]) {
      const row = {
        path,
        budget: /^\/(zh|ru)\/(console|partner)\//.test(path) ? 40 * 1024 : BUDGET,
      };
      for (const encoding of ['br', 'gzip', 'identity']) {
        const headers = {
          cookie: path === '/zh/login' ? '' : pageCookie,
          'accept-encoding': encoding,
        };
        const page = await raw(app.base + path, headers);
        if (page.status !== 200) throw new Error(`${path}: ${page.status}`);
        const html = page.body;
        let total = html.length;
        if (encoding === 'identity') {
          row.html = html.length;
        } else {
          const text = (
            await raw(app.base + path, { ...headers, 'accept-encoding': 'identity' })
          ).body.toString();
          for (const asset of text.matchAll(/<link rel="(?:stylesheet|icon)" href="([^"]+)"/g)) {
            total += (await raw(app.base + asset[1], { 'accept-encoding': encoding })).body.length;
          }
          row[encoding] = total;
        }
      }
      sizes.push(row);
    }
    const largest = Math.max(...sizes.map((s) => s.gzip));
    const overBudget = sizes.filter((s) => s.gzip > s.budget);

    console.log(
      `\n${machine()}, MariaDB + Redis, one school of 2,000 people (4,000 in all), ${CONNECTIONS} connections, median of ${ROUNDS} interleaved ${DURATION} s runs\n`,
    );
    console.log(table(summaries));
    console.log(
      `\nSQL statements per request: ${targets
        .slice(1)
        .map((target, i) => `${target.name.split(' (')[0]} ${perRequest[i].toFixed(2)}`)
        .join('; ')}`,
    );
    for (const [name, top] of profiles)
      console.log(`\n${name}, heaviest self time:\n${top.join('\n')}`);
    const ratios = pairs.map(([name, page, api]) => ({
      name,
      ratio: page.rps / api.rps,
      p99: page.p99,
    }));
    for (const r of ratios) {
      console.log(
        `\n${r.name}: ${r.ratio.toFixed(2)} of its requests/s (goal ≥ 0.70); p99 ${r.p99} ms (goal < 50 ms)`,
      );
    }
    console.log(
      '\n| page | HTML bytes | brotli, with stylesheet and icon | gzip, with stylesheet and icon |',
    );
    console.log('| --- | ---: | ---: | ---: |');
    for (const s of sizes)
      console.log(
        `| ${s.path.replace(/[0-9a-f-]{36}/g, ':id')} | ${s.html} | ${s.br} | ${s.gzip} |`,
      );
    console.log(
      `\nheaviest page on the wire (gzip, with its assets): ${largest} B; budgets ${BUDGET} B (school), 40960 B (console, partner); over: ${overBudget.map((o) => o.path).join(', ') || 'none'}`,
    );
    // Speed goals are reported (the machine decides them as much as the code); a page over
    // its budget or a failed request is a fault.
    console.log(
      `goals: ratios ${ratios.every((r) => r.ratio >= 0.7) ? 'met' : 'NOT all met'}, p99 ${ratios.every((r) => r.p99 < 50) ? 'met' : 'NOT all met'}, ` +
        `page sizes ${overBudget.length ? 'NOT met' : 'met'}`,
    );
    if (overBudget.length || summaries.some((r) => r.bad > 0)) process.exitCode = 1;
  } finally {
    app.process.kill();
    bare?.process.kill();
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
