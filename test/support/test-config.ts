import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, loadConfig } from '../../src/config/app-config';

/**
 * The suite runs twice in CI: with DATABASE_URL/REDIS_URL (MariaDB + Redis) and
 * without (embedded SQLite + in-process runner). Each test app gets its own data
 * directory and Redis key prefix so suites never see each other's files or counters.
 */
export const externalDatabaseUrl = process.env.DATABASE_URL || undefined;
export const externalRedisUrl = process.env.REDIS_URL || undefined;

export const TEST_ENCRYPTION_KEYS = `t1:${Buffer.alloc(32, 7).toString('base64')}`;

export const TEST_ADMIN = { email: 'admin@test.example', password: 'test-admin-password-1' };

export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-test-'));
  const databaseUrl = 'DATABASE_URL' in overrides ? overrides.DATABASE_URL : externalDatabaseUrl;
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: externalRedisUrl,
    REDIS_PREFIX: `ybt:${randomBytes(4).toString('hex')}:`,
    // The MySQL database is migrated once in global setup; a fresh SQLite file per app.
    MIGRATIONS_RUN: databaseUrl ? 'false' : 'true',

    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOGIN_LIMIT_PER_IP: '1000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000',
    // Suites create far more people per account than a school; the oracle suite lowers them.
    PARTICIPANT_WRITES_PER_HOUR: '100000',
    IMPORTS_PER_HOUR: '100000',
    ...overrides,
  });
}
