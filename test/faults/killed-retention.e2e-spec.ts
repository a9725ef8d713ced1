import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { sqlOf } from '../support/database';
import { manyPeopleCsv } from '../support/import-files';
import { eventually, isolatedDatabase } from '../support/isolated-database';
import { TestApp } from '../support/test-app';
import { externalRedisUrl, TEST_ADMIN, TEST_ENCRYPTION_KEYS } from '../support/test-config';

jest.setTimeout(240_000);

const PEOPLE = 3000;

/** `node dist/cli.js …` with `env`; resolves with its exit and what it printed. */
function cli(args: string[], env: Record<string, string>) {
  const path = resolve(__dirname, '..', '..', 'dist', 'cli.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [path, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal, out })),
  );
  return { child: child as ChildProcess, done };
}

/**
 * The retention pass as `npm run cli -- retention-run`, killed with SIGKILL between its
 * batches: every person is either wholly erased or wholly kept, never half; the next pass
 * finishes the rest; `--dry-run` changes nothing.
 */
describe('a retention pass killed midway', () => {
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  let db: DataSource;

  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    const t = await TestApp.start(isolated.overrides);
    const admin = await t.loginAdmin();
    const school = await t.createUser(admin, 'school_coordinator');
    await t
      .as(school, 'post', '/api/participants/import')
      .attach('file', manyPeopleCsv(PEOPLE), 'people.csv')
      .expect(201);
    env = {
      NODE_ENV: 'test',
      DATA_DIR: t.config.dataDir,
      ...(isolated.overrides.DATABASE_URL
        ? { DATABASE_URL: isolated.overrides.DATABASE_URL, MIGRATIONS_RUN: 'false' }
        : {}),
      ...(externalRedisUrl ? { REDIS_URL: externalRedisUrl } : {}),
      REDIS_PREFIX: t.config.redisPrefix,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: 'warn',
      CLOCK_SHIFT_DAYS: '500',
      RETENTION_BATCH_SIZE: '5',
    };
    await t.close();
    db = new DataSource(dataSourceOptions(loadConfig(env)));
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  const { count } = sqlOf(() => db);
  const erased = () => count('SELECT COUNT(*) AS n FROM participants WHERE erasedAt IS NOT NULL');

  it('previews with --dry-run and changes nothing', async () => {
    const { done } = cli(['retention-run', '--dry-run'], env);
    const result = await done;
    expect(result.code).toBe(0);
    const preview = JSON.parse(result.out.slice(result.out.indexOf('{'))) as {
      counts: { participants: number };
    };
    expect(preview.counts.participants).toBe(PEOPLE);
    expect(await erased()).toBe(0);
  });

  it('leaves nobody half-erased, and the next pass finishes', async () => {
    const { child, done } = cli(['retention-run'], env);
    await eventually('a first committed batch', async () => (await erased()) > 0, 60_000);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');

    const partly = await erased();
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(PEOPLE);
    // Whole people only: erased with every field, or untouched with every field.
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM participants WHERE erasedAt IS NOT NULL AND (passportEncrypted IS NOT NULL OR passportHash IS NOT NULL OR birthPlace <> '' OR guardianName IS NOT NULL)",
      ),
    ).toBe(0);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM participants WHERE erasedAt IS NULL AND (passportEncrypted IS NULL OR birthPlace <> '黑河' OR guardianName IS NULL OR givenName <> '伟')",
      ),
    ).toBe(0);
    // Each committed batch wrote its audit entry with it.
    const batches = await count(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'erase' AND entityType = 'retention_run'",
    );
    expect(batches).toBe(Math.ceil(partly / 5));

    const { done: again } = cli(['retention-run'], env);
    const finished = await again;
    expect(finished.code).toBe(0);
    const run = JSON.parse(finished.out.slice(finished.out.indexOf('{'))) as {
      status: string;
      counts: { participants: number };
    };
    expect(run).toMatchObject({ status: 'done', counts: { participants: PEOPLE - partly } });
    expect(await erased()).toBe(PEOPLE);
    expect(
      await count('SELECT COUNT(*) AS n FROM participants WHERE passportEncrypted IS NOT NULL'),
    ).toBe(0);
    // The killed pass is on record as started and never finished.
    const runs = await db.query<{ status: string; finishedAt: unknown }[]>(
      'SELECT status, finishedAt FROM retention_runs ORDER BY startedAt',
    );
    expect(runs.map((r) => r.status)).toEqual(['running', 'done']);
  });
});
