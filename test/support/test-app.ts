import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app.setup';
import { AppConfig } from '../../src/config/app-config';
import { TEST_ADMIN, testConfig } from './test-config';

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  organizationId: string;
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
