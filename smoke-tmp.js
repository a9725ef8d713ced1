const { chromium } = require('playwright-core');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const ctx = await b.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const p = await ctx.newPage();
  p.on('console', (m) => console.log('console:', m.text()));
  const base = 'http://localhost:3999';
  await p.goto(base + '/zh/login');
  await p.fill('#email', 'heihe-1@demo.youth-bridge');
  await p.fill('#password', 'demo-password-2026');
  await p.click('button[type=submit]');
  console.log('after login', p.url());
  await p.screenshot({ path: '/tmp/shots/home.png', fullPage: true });
  for (const path of ['/zh/school/people', '/zh/school/people/new', '/zh/school/import', '/zh/school/delegations', '/zh/school/applications', '/zh/account', '/zh/notifications']) {
    const r = await p.goto(base + path);
    console.log(path, r.status());
    await p.screenshot({ path: '/tmp/shots/' + path.replace(/\//g, '_') + '.png', fullPage: true });
  }
  await p.goto(base + '/zh/school/people');
  const first = await p.locator('table a').first().getAttribute('href');
  const r = await p.goto(base + first);
  console.log('person', r.status());
  await p.screenshot({ path: '/tmp/shots/person.png', fullPage: true });
  await p.goto(base + first + '/consent-form');
  await p.screenshot({ path: '/tmp/shots/consent.png', fullPage: true });
  await p.goto(base + '/zh/school/people/new');
  await p.click('form.form button[type=submit]');
  console.log('after empty submit', p.url(), await p.title());
  await p.screenshot({ path: '/tmp/shots/new-errors.png', fullPage: true });
  console.log('focused summary', await p.locator('.error-summary:focus').count());
  await b.close();
})().catch((e) => { console.error(e); process.exit(1); });
