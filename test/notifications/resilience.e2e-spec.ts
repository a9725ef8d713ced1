import { performance } from 'node:perf_hooks';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { MailSink } from '../support/mail-sink';
import { chaperone, chineseStudent } from '../support/people';
import { RedisProcess, WorkerProcess } from '../support/processes';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { externalDatabaseUrl, TEST_ENCRYPTION_KEYS } from '../support/test-config';
import { WebhookReceiver } from '../support/webhook-receiver';

type User = Awaited<ReturnType<TestApp['createUser']>>;

jest.setTimeout(180_000);

/**
 * The production topology: an API process (ROLE=api) and a worker process (`node
 * dist/worker.js`), MariaDB, and a Redis the test stops, restarts and outlives workers
 * with. Needs MariaDB: the embedded default has no separate worker or Redis to lose.
 */
(externalDatabaseUrl ? describe : describe.skip)('notifications when parts fail', () => {
  let redis: RedisProcess;
  let mail: MailSink;
  let hooks: WebhookReceiver;
  let dropDatabase: () => Promise<void>;
  let api: TestApp;
  let admin: Session;
  let school: User;
  let worker: WorkerProcess | undefined;
  let workerEnv: Record<string, string>;

  beforeAll(async () => {
    redis = await RedisProcess.start();
    mail = await MailSink.start();
    hooks = await WebhookReceiver.start();
    const database = await isolatedDatabase();
    dropDatabase = database.drop;
    const shared = {
      SMTP_URL: mail.url,
      NOTIFICATION_RETRY_BASE_MS: '300',
      NOTIFICATION_POLL_MS: '200',
      NOTIFICATION_SEND_TIMEOUT_MS: '2000',
      NOTIFICATION_CONCURRENCY: '8',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    };
    api = await TestApp.start({
      ...database.overrides,
      ...shared,
      REDIS_URL: redis.url,
      ROLE: 'api',
      LOGIN_LIMIT_PER_ACCOUNT: '5',
    });
    workerEnv = {
      ...shared,
      DATABASE_URL: database.overrides.DATABASE_URL,
      MIGRATIONS_RUN: 'false',
      REDIS_URL: redis.url,
      REDIS_PREFIX: api.config.redisPrefix,
      JWT_SECRET: api.config.jwtSecret,
      ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    };
    worker = await WorkerProcess.start(workerEnv);
    admin = await api.loginAdmin();
    school = await api.createUser(admin, 'school_coordinator', { preferredLanguage: 'zh' });
  });

  afterAll(async () => {
    await worker?.kill();
    await api.close();
    await Promise.all([mail.close(), hooks.close(), redis.stop()]);
    await dropDatabase();
  });

  const as: TestApp['as'] = (...args) => api.as(...args);

  /** `count` submitted applications of the school to a new delegation with room for all. */
  async function submitted(count: number): Promise<string[]> {
    const delegation = await openDelegation(api, admin, { studentPlaces: count + 1 });
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const body = i === 0 ? chaperone() : chineseStudent({ givenName: `测${i}` });
      const participant = await api.registered(school, body, ['guardian']);
      ids.push(await api.applied(school, delegation.id, participant.id));
    }
    return ids;
  }

  const pendingDeliveries = async () =>
    (await as(admin, 'get', '/api/admin/notifications?status=pending').expect(200)).body
      .total as number;

  it('takes decisions at normal speed while Redis is down, and e-mails each once when it returns', async () => {
    const applications = await submitted(20);
    await redis.stop();

    const latencies: number[] = [];
    for (const id of applications) {
      const started = performance.now();
      await api.decide(admin, id, 'approve').expect(200);
      latencies.push(performance.now() - started);
    }
    // Waiting on Redis would take its 2 s connect timeout or more; none came near.
    expect(Math.max(...latencies)).toBeLessThan(1000);
    // Everything else answers too: logins (throttled in memory meanwhile), reads, pages.
    const others = [
      await api
        .http()
        .post('/api/auth/login')
        .send({ email: school.email, password: school.password }),
      await api
        .http()
        .post('/api/auth/login')
        .send({ email: school.email, password: 'wrong-password' }),
      await as(school, 'get', '/api/delegations'),
      await as(school, 'get', '/api/notifications'),
      await api.http().get('/zh/'),
      await api.http().get('/ru/delegations'),
    ];
    expect(others.map((r) => r.status)).toEqual([200, 401, 200, 200, 200, 200]);
    // The login limit (5 per account here) still holds, counted in this process's memory.
    const attempts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await api
        .http()
        .post('/api/auth/login')
        .send({ email: school.email, password: 'wrong-password' });
      attempts.push(response.status);
    }
    expect(attempts).toContain(429);
    expect(attempts.every((status) => status === 401 || status === 429)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(mail.to(school.email)).toHaveLength(0);

    await redis.start();
    await eventually('20 e-mails', () => mail.to(school.email).length >= 20, 60_000);
    await eventually('nothing pending', async () => (await pendingDeliveries()) === 0, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    const received = mail.to(school.email);
    expect(received).toHaveLength(20);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(20);
    const inbox = await as(school, 'get', '/api/notifications?pageSize=100').expect(200);
    expect(inbox.body.total).toBe(20);
  });

  it('delivers everything once after the worker is killed mid-batch', async () => {
    await as(admin, 'post', '/api/webhooks')
      .send({ url: hooks.url, events: ['application.decided'] })
      .expect(201);
    const applications = await submitted(30);
    const mailsBefore = mail.to(school.email).length;
    const inboxBefore = (await as(school, 'get', '/api/notifications').expect(200)).body
      .total as number;

    // Receivers stop answering: the worker's slots fill with webhook requests in flight.
    hooks.hold();
    await as(admin, 'post', '/api/admin/applications/decisions')
      .send({ items: applications.map((id) => ({ id, decision: 'approve' })) })
      .expect(200);
    await eventually('a worker busy with held requests', () => hooks.held >= 8, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const sentBeforeKill = mail.to(school.email).length - mailsBefore;
    await worker!.kill();
    hooks.release();
    expect(hooks.accepted()).toHaveLength(0);
    expect(sentBeforeKill).toBeLessThan(30);

    worker = await WorkerProcess.start(workerEnv);
    await eventually('30 webhooks accepted', () => hooks.accepted().length >= 30, 90_000);
    await eventually('nothing pending', async () => (await pendingDeliveries()) === 0, 60_000);
    await new Promise((r) => setTimeout(r, 1000));

    // Webhooks: every decision once, under one delivery id each, whatever was retried.
    const accepted = hooks.accepted();
    expect(accepted).toHaveLength(30);
    expect(new Set(accepted.map((h) => h.id)).size).toBe(30);
    const decided = accepted.map((h) => JSON.parse(h.body).data.applicationId as string);
    expect(new Set(decided)).toEqual(new Set(applications));
    // Requests cut off by the kill came again with the same id.
    const cut = hooks.received.filter((h) => !h.answered).map((h) => h.id);
    expect(cut.length).toBeGreaterThan(0);
    for (const id of cut) expect(accepted.map((h) => h.id)).toContain(id);

    // In-app: exactly one each; e-mail: every one arrived.
    const inbox = await as(school, 'get', '/api/notifications?pageSize=100').expect(200);
    expect(inbox.body.total - inboxBefore).toBe(30);
    const ids = new Set(mail.to(school.email).map((m) => m.messageId));
    expect(ids.size - mailsBefore).toBe(30);
    const failed = await as(admin, 'get', '/api/admin/notifications?status=failed').expect(200);
    expect(failed.body.total).toBe(0);
  });

  it('finishes the deliveries in flight on SIGTERM, then exits', async () => {
    const [application] = await submitted(1);
    hooks.hold();
    await api.decide(admin, application, 'approve').expect(200);
    await eventually('the webhook in flight', () => hooks.held >= 1, 30_000);
    const acceptedBefore = hooks.accepted().length;
    const exit = worker!.terminate();
    await new Promise((r) => setTimeout(r, 500));
    hooks.release();
    // Nest re-raises SIGTERM once closed, so the process ends by that signal.
    await exit;
    worker = undefined;
    expect(hooks.accepted()).toHaveLength(acceptedBefore + 1);
    const sent = await as(
      admin,
      'get',
      '/api/admin/notifications?channel=webhook&status=sent',
    ).expect(200);
    expect(sent.body.total).toBe(acceptedBefore + 1);
  });
});
