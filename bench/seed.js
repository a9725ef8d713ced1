// The data the soak and the route profile run against, seeded through the API: two
// schools with their people imported and consented, an open delegation and a locked one.
const CHARS = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红梅鑫波斌宇浩凯瑞俊峰博晨阳雪琳欣怡涵轩';
/** A different two-character given name for each i (no digits: names are validated). */
const givenName = (i) => CHARS[i % CHARS.length] + CHARS[Math.floor(i / CHARS.length) % CHARS.length];

function participantsCsv(from, count) {
  const header =
    'kind,nationality,familyName,givenName,gender,birthDate,birthPlace,passportNumber,passportExpiry,guardianName,guardianPhone,guardianRelation';
  const lines = [header];
  for (let i = from; i < from + count; i++) {
    lines.push(
      `student,CN,张,${givenName(i)},male,2011-0${(i % 9) + 1}-1${i % 10},黑河,S${String(10_000_000 + i)},2034-01-01,张三,+86 139 0000 0000,father`,
    );
  }
  return lines.join('\n');
}

/**
 * Two schools with coordinators and `people` people between them, each with a guardian's
 * consent; an open delegation with `places` student places; a small one with ten approved
 * and its roster locked.
 */
async function seed(api, token, { people: count = 3000, places = 400 } = {}) {
  const as = (method, path, body, bearer = token) => api.call(method, path, bearer, body);
  const schools = [];
  for (const n of [1, 2]) {
    const school = await as('POST', '/api/admin/organizations', {
      type: 'school',
      country: 'CN',
      nameZh: `黑河第${n}中学`,
      nameRu: `Школа №${n}`,
      city: '黑河',
      preferredLanguage: 'zh',
    });
    const email = `coordinator${n}@soak.example`;
    await as('POST', '/api/admin/users', {
      email,
      password: 'soak-password-123',
      role: 'school_coordinator',
      organizationId: school.id,
      preferredLanguage: n === 1 ? 'zh' : 'ru',
    });
    const login = await api.call('POST', '/api/auth/login', undefined, {
      email,
      password: 'soak-password-123',
    });
    const form = new FormData();
    const csv = participantsCsv((n - 1) * (count / 2), count / 2);
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
    const imported = await fetch(`${api.base}/api/participants/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${login.accessToken}` },
      body: form,
    });
    if (imported.status !== 201) throw new Error(`import: ${imported.status} ${await imported.text()}`);
    schools.push({ token: login.accessToken, refresh: login.refreshToken });
  }
  const partner = await as('POST', '/api/admin/organizations', {
    type: 'partner',
    country: 'RU',
    nameZh: '阿穆尔州青年委员会',
    nameRu: 'Комитет по делам молодёжи',
    city: 'Благовещенск',
    preferredLanguage: 'ru',
  });
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const delegation = async (places) => {
    const created = await as('POST', '/api/admin/delegations', {
      titleZh: `黑河学生交流团 ${places}`,
      titleRu: `Делегация школьников ${places}`,
      direction: 'CN_TO_RU',
      hostOrganizationId: partner.id,
      departureDate: day(60),
      returnDate: day(66),
      applicationOpensAt: new Date(Date.now() - 86_400_000).toISOString(),
      applicationClosesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      studentPlaces: places,
      chaperonePlaces: 5,
      minAge: 10,
      maxAge: 17,
      studentsPerChaperone: 8,
    });
    await as('POST', `/api/admin/delegations/${created.id}/transitions`, { to: 'open' });
    return created.id;
  };
  const big = await delegation(places);
  const small = await delegation(20);
  const people = [];
  for (const school of schools) {
    const page = async (n) =>
      api.call('GET', `/api/participants?pageSize=100&page=${n}`, school.token);
    for (let n = 1; ; n++) {
      const { items } = await page(n);
      for (const p of items) people.push({ id: p.id, school });
      if (items.length < 100) break;
    }
  }
  // Minors apply with a guardian's consent on record.
  for (let i = 0; i < people.length; i += 20) {
    await Promise.all(
      people.slice(i, i + 20).map((p) =>
        api.call('POST', `/api/participants/${p.id}/consents`, p.school.token, {
          kind: 'guardian',
          givenBy: '张三',
          relation: 'father',
          givenAt: new Date().toISOString(),
          noticeVersion: '1',
        }),
      ),
    );
  }
  // The small delegation: ten approved, closed and locked, for exports.
  for (const p of people.slice(0, 10)) {
    const application = await api.call('POST', '/api/applications', p.school.token, {
      delegationId: small,
      participantId: p.id,
    });
    await as('POST', `/api/admin/applications/${application.id}/decision`, { decision: 'approve' });
  }
  await as('POST', `/api/admin/delegations/${small}/transitions`, { to: 'closed' });
  await as('POST', `/api/admin/delegations/${small}/roster/lock`, {
    override: { reason: 'soak test: minors without consents in the seed' },
  });
  return { schools, people: people.slice(10), big, small };
}

module.exports = { seed };
