import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app.setup';
import { AppConfig } from '../../src/config/app-config';
import { consentBody } from './people';
import { TEST_ADMIN, testConfig } from './test-config';

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  organizationId: string;
}

/** An entry of `GET /api/admin/audit`. */
export interface AuditEntry {
  id: string;
  actorId: string | null;
  organizationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changedFields: string[];
  note: string | null;
  requestId: string | null;
  at: string;
}

/** The real application (same setup as production) with helpers for building test data. */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
  ) {}

  static async start(
    overrides: Record<string, string | undefined> = {},
    options: Parameters<typeof createApp>[1] = {},
  ): Promise<TestApp> {
    const config = testConfig(overrides);
    const app = await createApp(config, options);

    await app.getHttpAdapter().getInstance().ready();
    return new TestApp(app, config);
  }

  http() {
    return request(this.app.getHttpServer());
  }

  /** A request as this session (bearer token), or anonymous without one. */
  as(session: Session | undefined, method: 'get' | 'post' | 'patch' | 'delete', url: string) {
    const req = this.http()[method](url);
    return session ? req.auth(session.accessToken, { type: 'bearer' }) : req;
  }

  /**
   * A participant of the session's school with the consents given (a guardian's and the
   * cross-border one by default): ready to apply and to pass a roster's checks.
   */
  async registered(
    school: Session,
    body: Record<string, unknown>,
    kinds: ('guardian' | 'cross_border')[] = ['guardian', 'cross_border'],
  ): Promise<{ id: string; consents: Record<string, string>; passportNumber: string }> {
    const created = await this.as(school, 'post', '/api/participants').send(body).expect(201);
    const id = created.body.id as string;
    const consents: Record<string, string> = {};
    for (const kind of kinds) {
      const given = await this.as(school, 'post', `/api/participants/${id}/consents`)
        .send(consentBody(kind))
        .expect(201);
      consents[kind] = given.body.id as string;
    }
    return { id, consents, passportNumber: body.passportNumber as string };
  }

  /** The school's application of a participant to a delegation: its id. */
  async applied(school: Session, delegationId: string, participantId: string): Promise<string> {
    const submitted = await this.as(school, 'post', '/api/applications')
      .send({ delegationId, participantId })
      .expect(201);
    return submitted.body.id as string;
  }

  /** An organizer's decision on an application (approve, reject, waitlist), not yet awaited. */
  decide(organizer: Session, applicationId: string, decision: string, note?: string) {
    return this.as(organizer, 'post', `/api/admin/applications/${applicationId}/decision`).send({
      decision,
      note,
    });
  }

  /** The audit entries matching these filters, as an organizer reads them (first 100). */
  async audit(
    organizer: Session,
    filters: Partial<Record<'entityType' | 'entityId' | 'actorId' | 'action', string>>,
  ): Promise<AuditEntry[]> {
    const response = await this.as(organizer, 'get', '/api/admin/audit')
      .query({ ...filters, pageSize: 100 })
      .expect(200);
    return response.body.items as AuditEntry[];
  }

  /**
   * Each person applied and approved, then the delegation closed: a roster ready to lock.
   * The application ids, in the people's order.
   */
  async approvedAndClosed(
    admin: Session,
    school: Session,
    delegationId: string,
    people: { id: string }[],
  ): Promise<string[]> {
    const applications: string[] = [];
    for (const person of people) {
      const id = await this.applied(school, delegationId, person.id);
      await this.decide(admin, id, 'approve').expect(200);
      applications.push(id);
    }
    await this.as(admin, 'post', `/api/admin/delegations/${delegationId}/transitions`)
      .send({ to: 'closed' })
      .expect(200);
    return applications;
  }

  /** The next roster version, locked whatever the readiness checks say (an override). */
  lockWithOverride(admin: Session, delegationId: string, reason: string) {
    return this.as(admin, 'post', `/api/admin/delegations/${delegationId}/roster/lock`)
      .send({ override: { reason } })
      .expect(201);
  }

  close(): Promise<void> {
    return this.app.close();
  }

  async login(email: string, password: string): Promise<Session> {
    const response = await this.http()
      .post('/api/auth/login')
      .send({ email, password })
      .expect(200);
    const body = response.body as {
      accessToken: string;
      refreshToken: string;
      user: { id: string; organizationId: string };
    };
    return {
      accessToken: body.accessToken,
      refreshToken: body.refreshToken,
      userId: body.user.id,
      organizationId: body.user.organizationId,
    };
  }

  loginAdmin(): Promise<Session> {
    return this.login(TEST_ADMIN.email, TEST_ADMIN.password);
  }

  async createOrganization(
    admin: Session,
    fields: Partial<
      Record<'type' | 'country' | 'nameZh' | 'nameRu' | 'city' | 'preferredLanguage', string>
    > = {},
  ): Promise<{ id: string }> {
    const response = await this.http()
      .post('/api/admin/organizations')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        type: 'school',
        country: 'CN',
        nameZh: `黑河市第${Math.floor(Math.random() * 1000)}中学`,
        nameRu: 'Школа г. Хэйхэ',
        city: '黑河',
        preferredLanguage: 'zh',
        ...fields,
      })
      .expect(201);
    return response.body as { id: string };
  }

  /** A user in a new or given organization, logged in. */
  async createUser(
    admin: Session,
    role: 'organizer' | 'school_coordinator' | 'partner',
    options: { organizationId?: string; preferredLanguage?: 'zh' | 'ru' } = {},
  ): Promise<Session & { email: string; password: string }> {
    const type = { organizer: 'committee', school_coordinator: 'school', partner: 'partner' }[role];
    const organizationId =
      options.organizationId ?? (await this.createOrganization(admin, { type })).id;
    const email = `${role}-${randomUUID()}@test.example`;
    const password = 'a-long-enough-password';
    await this.http()
      .post('/api/admin/users')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        email,
        password,
        role,
        organizationId,
        preferredLanguage: options.preferredLanguage ?? 'zh',
      })
      .expect(201);
    return { ...(await this.login(email, password)), email, password };
  }
}

/** An open delegation (window open now, departure in two months) hosted by a new partner. */
export async function openDelegation(
  t: TestApp,
  admin: Session,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; hostId: string }> {
  const host = await t.createOrganization(admin, {
    type: 'partner',
    country: 'RU',
    nameZh: '阿穆尔州青年事务委员会',
    nameRu: 'Комитет по делам молодёжи Амурской области',
    city: 'Благовещенск',
    preferredLanguage: 'ru',
  });
  const departure = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const returning = new Date(Date.now() + 67 * 86_400_000).toISOString().slice(0, 10);
  const created = await t
    .http()
    .post('/api/admin/delegations')
    .auth(admin.accessToken, { type: 'bearer' })
    .send({
      titleZh: '黑河学生赴布拉戈维申斯克夏令营',
      titleRu: 'Летний лагерь школьников Хэйхэ в Благовещенске',
      direction: 'CN_TO_RU',
      hostOrganizationId: host.id,
      departureDate: departure,
      returnDate: returning,
      applicationOpensAt: new Date(Date.now() - 86_400_000).toISOString(),
      applicationClosesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      studentPlaces: 10,
      chaperonePlaces: 2,
      minAge: 10,
      maxAge: 17,
      studentsPerChaperone: 8,
      ...fields,
    })
    .expect(201);
  const id = (created.body as { id: string }).id;
  await t
    .http()
    .post(`/api/admin/delegations/${id}/transitions`)
    .auth(admin.accessToken, { type: 'bearer' })
    .send({ to: 'open' })
    .expect(200);
  return { id, hostId: host.id };
}

/** A notice with its title and body in both languages, ready to publish. */
export function bilingualNotice(audience: 'public' | 'schools' | 'partners') {
  return { titleZh: '通知', titleRu: 'Объявление', bodyZh: '内容', bodyRu: 'Текст', audience };
}
