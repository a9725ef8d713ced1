import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { Row, sqlOf } from '../support/database';
import { chaperone, chineseStudent, russianStudent } from '../support/people';
import { refusal } from '../support/refusal';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { externalDatabaseUrl } from '../support/test-config';

jest.setTimeout(180_000);

/** The clock of the second app: 500 days on, every trip made today has long returned. */
const SHIFT_DAYS = '500';

type Account = Session & { email: string; password: string };
const relogin = async (t: TestApp, a: Account): Promise<Account> => ({
  ...(await t.login(a.email, a.password)),
  email: a.email,
  password: a.password,
});

/**
 * The data lifecycle on the real database: people travel, the clock moves past the policy,
 * and the job erases exactly the right fields of exactly the right people; what statistics
 * and the audit trail read stays as it was; erasure on request; a person's copy of their
 * data; the passport number gone from the database file or a dump.
 */
describe('retention and erasure', () => {
  let drop: () => Promise<void>;
  let overrides: Record<string, string>;
  let t: TestApp;
  let admin: Session;
  let school: Account;
  let otherSchool: Account;
  let partner: Account;
  let previewToday: { counts: { participants: number } };
  let past: { id: string; hostId: string };
  let ahead: { id: string; hostId: string };
  let heldTrip: { id: string; hostId: string };
  const people: Record<string, { id: string; passportNumber: string }> = {};
  let db: DataSource;

  const as = (s: Session, method: 'get' | 'post' | 'patch' | 'delete', url: string) =>
    t.as(s, method, url);
  const { query, count } = sqlOf(() => db);
  const participant = async (id: string) =>
    (await query('SELECT * FROM participants WHERE id = ?', [id]))[0];

  /** What the committee's statistics read: none of it may change when data is erased. */
  async function statisticsFacts() {
    return {
      people: await query(
        'SELECT id, schoolId, kind, nationality, gender, SUBSTR(birthDate, 1, 4) AS birthYear FROM participants ORDER BY id',
      ),
      applications: await query(
        'SELECT id, delegationId, participantId, schoolId, kind, status, decidedAt, submittedAt FROM applications ORDER BY id',
      ),
      members: await query(
        'SELECT rosterVersionId, participantId, schoolId, kind, nationality, gender, SUBSTR(birthDate, 1, 4) AS birthYear FROM roster_members ORDER BY id',
      ),
      versions: await query(
        'SELECT id, delegationId, version, hash, memberCount, partnerDecision FROM roster_versions ORDER BY id',
      ),
    };
  }

  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    t = await TestApp.start(isolated.overrides);
    overrides = { ...isolated.overrides, DATA_DIR: t.config.dataDir };
    admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
    otherSchool = await t.createUser(admin, 'school_coordinator');
    past = await openDelegation(t, admin);
    partner = await t.createUser(admin, 'partner', {
      organizationId: past.hostId,
      preferredLanguage: 'ru',
    });
    // Ahead even on the moved clock: it leaves 600 days from now.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    ahead = await openDelegation(t, admin, { departureDate: day(600), returnDate: day(607) });
    heldTrip = await openDelegation(t, admin);

    for (const [key, body] of Object.entries({
      leader: chaperone(),
      li: chineseStudent(),
      yulia: russianStudent(),
      // On the past trip and applying for the one ahead: kept.
      traveller: chineseStudent({ familyName: '张', givenName: '子涵' }),
      // On the past trip and held by an organizer: kept.
      held: chineseStudent({ familyName: '赵', givenName: '浩然', gender: 'male' }),
    })) {
      people[key] = await t.registered(school, body);
    }
    // Registered and never sent anywhere: due too once untouched for the policy's time.
    people.idle = await t.registered(
      school,
      chineseStudent({ familyName: '刘', givenName: '欣怡' }),
    );
    // Another school's, rejected for the past trip: due.
    people.rejected = await t.registered(otherSchool, russianStudent({ familyName: 'Орлова' }));
    // Applied to the delegation an organizer holds: kept.
    people.onHeldTrip = await t.registered(
      school,
      chineseStudent({ familyName: '孙', givenName: '悦' }),
    );

    const onPast = ['leader', 'li', 'yulia', 'traveller', 'held'].map((k) => people[k]);
    const rejected = await t.applied(otherSchool, past.id, people.rejected.id);
    await t.decide(admin, rejected, 'reject', 'Мест нет').expect(200);
    await t.approvedAndClosed(admin, school, past.id, onPast);
    const locked = await t.lockWithOverride(admin, past.id, 'test trip');
    await as(partner, 'post', `/api/partner/delegations/${past.id}/roster/approve`)
      .send({ version: locked.body.version, hash: locked.body.hash })
      .expect(200);
    await t.applied(school, ahead.id, people.traveller.id);
    await t.applied(school, heldTrip.id, people.onHeldTrip.id);
    await as(admin, 'post', '/api/admin/retention/holds')
      .send({ subjectType: 'participant', subjectId: people.held.id, reason: 'Страховой случай' })
      .expect(201);
    await as(admin, 'post', '/api/admin/retention/holds')
      .send({ subjectType: 'delegation', subjectId: heldTrip.id, reason: '审计检查' })
      .expect(201);
    previewToday = (await as(admin, 'get', '/api/admin/retention/preview').expect(200)).body;
    await t.close();

    t = await TestApp.start({ ...overrides, CLOCK_SHIFT_DAYS: SHIFT_DAYS });
    db = t.app.get(DataSource);
    admin = await t.loginAdmin();
    school = await relogin(t, school);
    otherSchool = await relogin(t, otherSchool);
  });

  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('today nothing is due: the policy counts from the return', () => {
    expect(previewToday.counts.participants).toBe(0);
  });

  describe('the pass, once the policy has passed', () => {
    let before: Awaited<ReturnType<typeof statisticsFacts>>;
    let auditBefore: Row[];
    let ciphertexts: string[];

    beforeAll(async () => {
      before = await statisticsFacts();
      auditBefore = await query('SELECT * FROM audit_log ORDER BY id');
      const due = ['leader', 'li', 'yulia', 'idle', 'rejected'].map((k) => people[k].id);
      ciphertexts = (
        await query<{ passportEncrypted: string; passportHash: string }>(
          `SELECT passportEncrypted, passportHash FROM participants WHERE id IN (${due.map(() => '?').join(',')})`,
          due,
        )
      ).flatMap((r) => [r.passportEncrypted, r.passportHash]);
      ciphertexts.push(
        ...(
          await query<{ passportEncrypted: string }>(
            `SELECT passportEncrypted FROM roster_members WHERE participantId IN (${due.map(() => '?').join(',')})`,
            due,
          )
        ).map((r) => r.passportEncrypted),
      );
      expect(ciphertexts.every((c) => typeof c === 'string' && c.length > 20)).toBe(true);
    });

    it('previews counts per school and delegation, naming nobody', async () => {
      const preview = await as(admin, 'get', '/api/admin/retention/preview').expect(200);
      expect(preview.body.policy).toEqual({
        personalMonths: 12,
        auditMonths: 36,
        historyDays: 180,
        keepNames: false,
      });
      expect(preview.body.counts).toMatchObject({ participants: 5, rosterCopies: 3 });
      expect(preview.body.held).toBe(2);
      const bySchool = Object.fromEntries(
        (preview.body.bySchool as { id: string; count: number }[]).map((s) => [s.id, s.count]),
      );
      expect(bySchool).toEqual({ [school.organizationId]: 4, [otherSchool.organizationId]: 1 });
      expect(preview.body.byDelegation).toEqual([
        expect.objectContaining({ id: past.id, count: 4 }),
      ]);
      const text = JSON.stringify(preview.body);
      for (const p of Object.values(people)) {
        expect(text).not.toContain(p.id);
        expect(text).not.toContain(p.passportNumber);
      }
      expect(text).not.toMatch(/李|Щербакова/);
      // A preview changes nothing.
      expect((await participant(people.li.id)).erasedAt).toBeNull();
    });

    it('is for organizers only', async () => {
      await as(school, 'get', '/api/admin/retention/preview').expect(refusal('FORBIDDEN'));
      await as(school, 'post', '/api/admin/retention/runs').expect(refusal('FORBIDDEN'));
    });

    it('erases exactly the due people, exactly the personal fields', async () => {
      const run = await as(admin, 'post', '/api/admin/retention/runs').expect(201);
      expect(run.body).toMatchObject({
        status: 'done',
        source: 'request',
        counts: expect.objectContaining({ participants: 5, rosterCopies: 3 }),
      });

      const li = await participant(people.li.id);
      expect(li).toMatchObject({
        familyName: '李',
        givenName: '雨',
        latinFamily: 'L.',
        birthDate: '2011-01-01',
        birthPlace: '',
        passportEncrypted: null,
        passportHash: null,
        passportExpiry: null,
        guardianName: null,
        guardianPhone: null,
        guardianRelation: null,
        emergencyContact: null,
        phone: null,
        email: null,
        kind: 'student',
        nationality: 'CN',
        gender: 'female',
        schoolId: school.organizationId,
      });
      expect(li.erasedAt).not.toBeNull();
      const yulia = await participant(people.yulia.id);
      expect(yulia).toMatchObject({ familyName: 'Щ.', givenName: 'Ю.', birthDate: '2010-01-01' });
      const consents = await query<{ givenBy: string; relation: string }>(
        'SELECT givenBy, relation FROM participant_consents WHERE participantId = ?',
        [people.li.id],
      );
      expect(consents).toEqual([
        { givenBy: '李', relation: 'father' },
        { givenBy: '李', relation: 'father' },
      ]);

      for (const kept of ['traveller', 'held', 'onHeldTrip']) {
        const row = await participant(people[kept].id);
        expect(row.erasedAt).toBeNull();
        expect(row.passportEncrypted).not.toBeNull();
        expect(row.birthPlace).not.toBe('');
      }
      const revealed = await as(
        admin,
        'post',
        `/api/admin/participants/${people.traveller.id}/reveal`,
      ).expect(200);
      expect(revealed.body.passportNumber).toBe(people.traveller.passportNumber);

      const members = await query<{
        participantId: string;
        erasedAt: unknown;
        passportEncrypted: unknown;
        birthPlace: string;
        contentDigest: string;
      }>(
        'SELECT participantId, erasedAt, passportEncrypted, birthPlace, contentDigest FROM roster_members',
      );
      for (const m of members) {
        const due = [people.leader.id, people.li.id, people.yulia.id].includes(m.participantId);
        expect(m.erasedAt !== null).toBe(due);
        expect(m.passportEncrypted === null).toBe(due);
        expect(m.birthPlace === '').toBe(due);
        expect(m.contentDigest).toMatch(/^[0-9a-f]{64}$/);
      }
    });

    it('leaves every count the statistics read and the audit trail as they were', async () => {
      expect(await statisticsFacts()).toEqual(before);
      const after = await query('SELECT * FROM audit_log ORDER BY id');
      const old = new Set(auditBefore.map((e) => JSON.stringify(e)));
      const kept = after.filter((e) => old.has(JSON.stringify(e)));
      expect(kept).toHaveLength(auditBefore.length);
      // The test before revealed a kept passport: audited, and not the pass's doing.
      const added = after.filter((e) => !old.has(JSON.stringify(e)) && e.action !== 'reveal');
      expect(added).toEqual([
        expect.objectContaining({
          action: 'erase',
          entityType: 'retention_run',
          actorId: admin.userId,
          note: expect.stringContaining('5 people, 3 roster copies'),
        }),
      ]);
      expect(JSON.parse(String(added[0].changedFields))).toEqual(
        expect.arrayContaining(['passportNumber', 'birthPlace', 'guardianName', 'familyName']),
      );
    });

    it('keeps the approved hash verifiable from what was kept', async () => {
      const integrity = await as(
        admin,
        'get',
        `/api/admin/delegations/${past.id}/roster/versions/1/integrity`,
      ).expect(200);
      expect(integrity.body).toMatchObject({
        scheme: 2,
        matches: true,
        members: 5,
        erasedMembers: 3,
      });
      expect(integrity.body.recomputed).toBe(integrity.body.hash);
    });

    it('exports the old version saying what was erased, instead of failing', async () => {
      const csv = await as(
        admin,
        'get',
        `/api/admin/delegations/${past.id}/roster/export?format=csv&lang=ru`,
      ).expect(200);
      const text = csv.text;
      expect(text).toContain('удалено по сроку хранения');
      expect(text).toContain(people.traveller.passportNumber);
      for (const k of ['leader', 'li', 'yulia'])
        expect(text).not.toContain(people[k].passportNumber);
      const roster = await as(admin, 'get', `/api/admin/delegations/${past.id}/roster`).expect(200);
      const erased = (roster.body.members as { erased: boolean; birthDate: string }[]).filter(
        (m) => m.erased,
      );
      expect(erased).toHaveLength(3);
      expect(erased.every((m) => /^\d{4}$/.test(m.birthDate))).toBe(true);
    });

    it('does nothing the second time', async () => {
      const again = await as(admin, 'post', '/api/admin/retention/runs').expect(201);
      expect(again.body.counts).toMatchObject({ participants: 0, rosterCopies: 0 });
      expect(await statisticsFacts()).toEqual(before);
    });

    it('shows the last run on /health/ready to organizers only', async () => {
      const ready = await as(admin, 'get', '/health/ready').expect(200);
      expect(ready.body.details.retention.lastRun).toMatchObject({ status: 'done' });
      const anonymous = await t.http().get('/health/ready').expect(200);
      expect(anonymous.body.details.retention).toBeUndefined();
      const asSchool = await as(school, 'get', '/health/ready').expect(200);
      expect(asSchool.body.details.retention).toBeUndefined();
    });

    it('leaves no erased passport in the database file or a dump', async () => {
      if (externalDatabaseUrl) {
        const url = new URL(overrides.DATABASE_URL);
        const dump = execFileSync('mysqldump', [
          `--host=${url.hostname}`,
          `--port=${url.port || 3306}`,
          `--user=${decodeURIComponent(url.username)}`,
          '--single-transaction',
          url.pathname.slice(1),
        ]).toString('utf8');
        expect(dump).toContain('INSERT INTO `participants`');
        for (const c of ciphertexts) expect(dump).not.toContain(c);
      } else {
        await t.close();
        const file = `${t.config.dataDir}/youth-bridge.sqlite`;
        const bytes = Buffer.concat(
          [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
        );
        for (const c of ciphertexts) expect(bytes.includes(Buffer.from(c, 'utf8'))).toBe(false);
        // The kept people's ciphertexts are still there: the search itself works.
        const kept = await TestApp.start({ ...overrides, CLOCK_SHIFT_DAYS: SHIFT_DAYS });
        t = kept;
        db = t.app.get(DataSource);
        const row = await participant(people.traveller.id);
        expect(bytes.includes(Buffer.from(String(row.passportEncrypted), 'utf8'))).toBe(true);
        admin = await t.loginAdmin();
        school = await relogin(t, school);
        otherSchool = await relogin(t, otherSchool);
      }
    });
  });

  describe('on request', () => {
    it('is refused while the person has an application in the running or a trip ahead', async () => {
      await as(school, 'post', `/api/participants/${people.traveller.id}/erase`).expect(
        refusal('PARTICIPANT_HAS_OPEN_APPLICATION'),
      );
      const application = (
        await as(admin, 'get', `/api/admin/delegations/${ahead.id}/applications`).expect(200)
      ).body.items[0].id as string;
      await t.decide(admin, application, 'approve').expect(200);
      const refused = await as(school, 'post', `/api/participants/${people.traveller.id}/erase`)
        .set('accept-language', 'ru')
        .expect(refusal('PARTICIPANT_ON_UPCOMING_TRIP'));
      expect(refused.body.message).toContain('делегации');
      expect((await participant(people.traveller.id)).erasedAt).toBeNull();
    });

    it('is refused while held, and done once the hold is released', async () => {
      await as(school, 'post', `/api/participants/${people.held.id}/erase`).expect(
        refusal('PARTICIPANT_ON_LEGAL_HOLD'),
      );
      const holds = await as(admin, 'get', '/api/admin/retention/holds').expect(200);
      const hold = (holds.body as { id: string; subjectId: string }[]).find(
        (h) => h.subjectId === people.held.id,
      )!;
      await as(admin, 'post', `/api/admin/retention/holds/${hold.id}/release`).expect(200);
      await as(admin, 'post', `/api/admin/retention/holds/${hold.id}/release`).expect(
        refusal('LEGAL_HOLD_RELEASED'),
      );
      const erased = await as(school, 'post', `/api/participants/${people.held.id}/erase`).expect(
        200,
      );
      expect(erased.body).toMatchObject({ participantId: people.held.id, rosterCopies: 1 });
      const again = await as(school, 'post', `/api/participants/${people.held.id}/erase`).expect(
        200,
      );
      expect(again.body.erasedAt).toBe(erased.body.erasedAt);
      expect(await participant(people.held.id)).toMatchObject({
        passportEncrypted: null,
        birthPlace: '',
        familyName: '赵',
        givenName: '浩',
      });
      const audit = await as(
        admin,
        'get',
        `/api/admin/audit?entityType=participant&entityId=${people.held.id}&action=erase`,
      ).expect(200);
      expect(audit.body.items).toHaveLength(1);
    });

    it("is another school's business only as a 404, and never a partner's", async () => {
      await as(otherSchool, 'post', `/api/participants/${people.onHeldTrip.id}/erase`).expect(
        refusal('NOT_FOUND'),
      );
      const partnerSession = await relogin(t, partner);
      await as(partnerSession, 'post', `/api/participants/${people.onHeldTrip.id}/erase`).expect(
        refusal('FORBIDDEN'),
      );
    });

    it('leaves an erased person unchangeable and unable to apply', async () => {
      await as(school, 'patch', `/api/participants/${people.held.id}`)
        .send({ birthPlace: '黑河' })
        .expect(refusal('PARTICIPANT_ERASED'));
      await as(school, 'post', `/api/participants/${people.held.id}/consents`)
        .send({
          kind: 'guardian',
          givenBy: 'x',
          relation: 'father',
          givenAt: new Date().toISOString(),
          noticeVersion: '2026-01',
        })
        .expect(refusal('PARTICIPANT_ERASED'));
      const list = await as(school, 'get', '/api/participants?pageSize=100').expect(200);
      const listed = (list.body.items as { id: string }[]).map((p) => p.id);
      expect(listed).not.toContain(people.held.id);
      expect(listed).toContain(people.traveller.id);
    });
  });

  describe("a person's copy of their data", () => {
    it('holds everything about them, with consent texts, and nothing of anyone else', async () => {
      const id = people.traveller.id;
      await eventually(
        'the deliveries of the decisions',
        async () =>
          (await count(
            'SELECT COUNT(*) AS n FROM notification_deliveries d JOIN notification_outbox o ON o.id = d.outboxId WHERE o.participantId = ?',
            [id],
          )) > 0,
      );
      const copy = await as(school, 'get', `/api/participants/${id}/data-export`).expect(200);
      expect(copy.headers['cache-control']).toBe('no-store');
      const body = copy.body;
      expect(body.person).toMatchObject({
        id,
        passportNumber: people.traveller.passportNumber,
        birthPlace: '黑龙江省黑河市',
        guardian: expect.objectContaining({ name: '李建国' }),
      });
      expect(body.consents).toHaveLength(2);
      for (const consent of body.consents) {
        expect(consent.text).toMatchObject({ version: '2026-01' });
        expect(consent.text.zh.length).toBeGreaterThan(50);
        expect(consent.text.ru.length).toBeGreaterThan(50);
      }
      expect(
        body.applications.map((a: { delegation: { id: string } }) => a.delegation.id).sort(),
      ).toEqual([past.id, ahead.id].sort());
      expect(body.rosterVersions).toEqual([
        expect.objectContaining({ delegationId: past.id, version: 1, erased: false }),
      ]);
      expect(body.deliveries.length).toBeGreaterThan(0);
      expect(body.deliveries[0]).not.toHaveProperty('userId');
      const actions = (body.audit as { action: string }[]).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['create', 'consent', 'submit', 'reveal']));
      const text = JSON.stringify(body);
      for (const [key, other] of Object.entries(people)) {
        if (key === 'traveller') continue;
        expect(text).not.toContain(other.id);
        expect(text).not.toContain(other.passportNumber);
      }
      const exported = await as(
        admin,
        'get',
        `/api/admin/audit?entityType=participant&entityId=${id}&action=export`,
      ).expect(200);
      expect(exported.body.items).toHaveLength(1);
    });

    it("is a readable document in the family's language", async () => {
      const ru = await as(
        school,
        'get',
        `/api/participants/${people.rejected.id}/data-export?format=html`,
      ).expect(404);
      expect(ru.body.code).toBe('NOT_FOUND');
      const own = await as(
        otherSchool,
        'get',
        `/api/participants/${people.rejected.id}/data-export?format=html`,
      ).expect(200);
      expect(own.headers['content-type']).toMatch(/^text\/html/);
      expect(own.text).toContain('<html lang="ru">');
      expect(own.text).toContain('Копия персональных данных');
      expect(own.text).toContain('удалены');
      const zh = await as(
        school,
        'get',
        `/api/participants/${people.traveller.id}/data-export?format=html`,
      ).expect(200);
      expect(zh.text).toContain('个人信息副本');
      expect(zh.text).toContain(people.traveller.passportNumber);
      expect(zh.text).toContain('本人是上述参加者的监护人');
    });
  });
});
