import request from 'supertest';
import { DataSource } from 'typeorm';
import { sqlOf } from '../support/database';
import { manyPeopleCsv } from '../support/import-files';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { ApiProcess } from '../support/processes';
import { TEST_ADMIN, TEST_ENCRYPTION_KEYS, externalDatabaseUrl } from '../support/test-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { loadConfig } from '../../src/config/app-config';

jest.setTimeout(180_000);

/**
 * The API process killed with SIGKILL while an import of 5,000 rows is inside its
 * transaction: nothing of it is saved, and the same file imports in full afterwards.
 */
(externalDatabaseUrl ? describe : describe.skip)(
  'the API killed in the middle of an import',
  () => {
    let dropDatabase: () => Promise<void>;
    let env: Record<string, string>;
    let api: ApiProcess | undefined;
    let db: DataSource;

    beforeAll(async () => {
      const database = await isolatedDatabase();
      dropDatabase = database.drop;
      env = {
        DATABASE_URL: database.overrides.DATABASE_URL,
        MIGRATIONS_RUN: 'true',
        JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
        ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
        ADMIN_EMAIL: TEST_ADMIN.email,
        ADMIN_PASSWORD: TEST_ADMIN.password,
        LOGIN_LIMIT_PER_IP: '1000',
      };
      api = await ApiProcess.start(env);
      db = new DataSource(
        dataSourceOptions(loadConfig({ DATABASE_URL: env.DATABASE_URL, NODE_ENV: 'test', ...env })),
      );
      await db.initialize();
    });
    afterAll(async () => {
      await api?.kill();
      await db?.destroy();
      await dropDatabase();
    });

    it('saves nothing of the interrupted import, and the retry succeeds', async () => {
      const http = () => request(api!.url);
      const login = async (email: string, password: string) =>
        (await http().post('/api/auth/login').send({ email, password }).expect(200)).body
          .accessToken as string;
      const admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
      const school = await http()
        .post('/api/admin/organizations')
        .auth(admin, { type: 'bearer' })
        .send({
          type: 'school',
          country: 'CN',
          nameZh: '黑河第一中学',
          nameRu: 'Школа №1',
          city: '黑河',
          preferredLanguage: 'zh',
        })
        .expect(201);
      await http()
        .post('/api/admin/users')
        .auth(admin, { type: 'bearer' })
        .send({
          email: 'import@test.example',
          password: 'a-long-enough-password',
          role: 'school_coordinator',
          organizationId: school.body.id,
          preferredLanguage: 'zh',
        })
        .expect(201);
      const coordinator = await login('import@test.example', 'a-long-enough-password');
      const file = manyPeopleCsv(5000);
      const { count } = sqlOf(() => db);
      const participants = () => count('SELECT COUNT(*) AS n FROM participants');

      const upload = http()
        .post('/api/participants/import')
        .auth(coordinator, { type: 'bearer' })
        .attach('file', file, 'people.csv')
        .then(
          (response) => response.status,
          () => 'connection lost',
        );
      // Killed once the import's transaction has written to InnoDB and not committed.
      await eventually(
        'the import inside its transaction',
        async () =>
          (await count(
            'SELECT COUNT(*) AS n FROM information_schema.innodb_trx WHERE trx_rows_modified > 0',
          )) > 0,
        60_000,
      );
      await api!.kill();
      expect(await upload).toBe('connection lost');
      await eventually('the rollback', async () => (await participants()) === 0, 30_000);

      api = await ApiProcess.start(env);
      const retried = await request(api.url)
        .post('/api/participants/import')
        .auth(coordinator, { type: 'bearer' })
        .attach('file', file, 'people.csv')
        .expect(201);
      expect(retried.body).toEqual({ imported: 5000, dryRun: false });
      expect(await participants()).toBe(5000);
    });
  },
);
