import { createConnection, createServer, Server, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { consentBody, chineseStudent } from '../support/people';
import { freePort } from '../support/processes';
import { openDelegation, Session, TestApp } from '../support/test-app';
import { externalDatabaseUrl } from '../support/test-config';

jest.setTimeout(120_000);

/** A TCP proxy in front of MariaDB that the test can cut: every connection dropped, new ones refused. */
class DatabaseProxy {
  down = false;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: URL): Promise<DatabaseProxy> {
    const port = await freePort();
    let proxy: DatabaseProxy | undefined = undefined;
    const server = createServer((client) => {
      if (proxy!.down) return client.destroy();
      const upstream = createConnection(Number(target.port || 3306), target.hostname);
      for (const socket of [client, upstream]) {
        proxy!.sockets.add(socket);
        socket.on('close', () => proxy!.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    proxy = new DatabaseProxy(server, port);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return proxy;
  }

  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * MariaDB gone for 10 s while decisions and reads keep coming: they fail fast with 503
 * and Retry-After, the app reconnects by itself, and every decision is either whole
 * (application, places, audit entry, outbox row) or absent.
 */
(externalDatabaseUrl ? describe : describe.skip)('the database going away under load', () => {
  let t: TestApp;
  let proxy: DatabaseProxy;
  let dropDatabase: () => Promise<void>;
  let admin: Session;

  beforeAll(async () => {
    const database = await isolatedDatabase();
    dropDatabase = database.drop;
    proxy = await DatabaseProxy.start(new URL(database.overrides.DATABASE_URL));
    const url = new URL(database.overrides.DATABASE_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    t = await TestApp.start({ ...database.overrides, DATABASE_URL: url.toString() });
    admin = await t.loginAdmin();
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
    await dropDatabase();
  });

  it('answers 503 with Retry-After at once, recovers alone, and leaves nothing half-written', async () => {
    const school = await t.createUser(admin, 'school_coordinator');
    const delegation = await openDelegation(t, admin, { studentPlaces: 40 });
    const applications: string[] = [];
    for (let i = 0; i < 40; i++) {
      const participant = await t
        .http()
        .post('/api/participants')
        .auth(school.accessToken, { type: 'bearer' })
        .send(chineseStudent({ givenName: `测${i}`, birthDate: '2012-01-01' }))
        .expect(201);
      await t
        .http()
        .post(`/api/participants/${participant.body.id}/consents`)
        .auth(school.accessToken, { type: 'bearer' })
        .send(consentBody())
        .expect(201);
      const application = await t
        .http()
        .post('/api/applications')
        .auth(school.accessToken, { type: 'bearer' })
        .send({ delegationId: delegation.id, participantId: participant.body.id })
        .expect(201);
      applications.push(application.body.id as string);
    }

    const outcomes: { status: number; ms: number; retryAfter?: string; code?: string }[] = [];
    const call = async (request: () => ReturnType<ReturnType<TestApp['http']>['get']>) => {
      const started = performance.now();
      const response = await request();
      outcomes.push({
        status: response.status,
        ms: performance.now() - started,
        retryAfter: response.headers['retry-after'],
        code: (response.body as { code?: string }).code,
      });
    };
    // Decisions one after another and reads alongside, while the database goes away.
    const decisions = (async () => {
      for (const id of applications) {
        await call(() =>
          t
            .http()
            .post(`/api/admin/applications/${id}/decision`)
            .auth(admin.accessToken, { type: 'bearer' })
            .send({ decision: 'approve' }),
        );
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    const reads = (async () => {
      for (let i = 0; i < 60; i++) {
        await call(() =>
          t.http().get('/api/delegations').auth(school.accessToken, { type: 'bearer' }),
        );
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    proxy.cut();
    await new Promise((r) => setTimeout(r, 10_000));
    proxy.down = false;
    await Promise.all([decisions, reads]);

    const failed = outcomes.filter((o) => o.status >= 500);
    expect(failed.length).toBeGreaterThan(0);
    for (const outcome of failed) {
      expect(outcome).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(Number(outcome.retryAfter)).toBeGreaterThan(0);
      // Fast: no waiting for a database that is not there beyond the connect timeout.
      expect(outcome.ms).toBeLessThan(6000);
    }
    expect(outcomes.filter((o) => o.status < 500).every((o) => [200, 409].includes(o.status))).toBe(
      true,
    );

    // Back by itself, without a restart.
    await eventually(
      'ready again',
      async () => (await t.http().get('/health/ready')).status === 200,
    );
    await t.http().get('/api/delegations').auth(school.accessToken, { type: 'bearer' }).expect(200);

    // Every decision is whole or absent: status, place, audit entry and outbox row together.
    const db = t.app.get(DataSource);
    const approved = (
      await db.query<{ id: string }[]>(
        "SELECT id FROM applications WHERE delegationId = ? AND status = 'approved'",
        [delegation.id],
      )
    ).map((row) => row.id);
    const [places] = await db.query<{ taken: number }[]>(
      'SELECT studentPlacesTaken AS taken FROM delegations WHERE id = ?',
      [delegation.id],
    );
    expect(Number(places.taken)).toBe(approved.length);
    const audited = await db.query<{ entityId: string }[]>(
      "SELECT entityId FROM audit_log WHERE action = 'decision' AND entityType = 'application'",
    );
    const outbox = await db.query<{ data: string }[]>(
      "SELECT data FROM notification_outbox WHERE event = 'application.decided'",
    );
    const announced = outbox.map(
      (row) => (JSON.parse(row.data) as { applicationId: string }).applicationId,
    );
    expect(new Set(audited.map((row) => row.entityId))).toEqual(new Set(approved));
    expect(new Set(announced)).toEqual(new Set(approved));
    expect(announced).toHaveLength(approved.length);
    expect(approved.length).toBeGreaterThan(0);
    expect(approved.length).toBeLessThan(applications.length);
  });
});
