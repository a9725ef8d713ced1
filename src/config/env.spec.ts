import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const key = Buffer.alloc(32, 1).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'yb-env-')), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to the embedded database in DATA_DIR and port 3000', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-env-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({
      type: 'better-sqlite3',
      path: join(dataDir, 'youth-bridge.sqlite'),
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.migrationsRun).toBe(true);
    expect(config.bodyLimit).toBe(1024 * 1024);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.1, 10.0.1.0/24,::1', ['10.0.0.1', '10.0.1.0/24', '::1']],
  ])('reads TRUST_PROXY %j as %j', (value, expected) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-env-'));
    expect(
      loadConfig({ DATA_DIR: dataDir, ...(value ? { TRUST_PROXY: value } : {}) }).trustProxy,
    ).toEqual(expected);
  });

  it('has a retention policy by default, 0 months allowed, nothing negative', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-env-'));
    expect(loadConfig({ DATA_DIR: dataDir }).retention).toEqual({
      personalMonths: 12,
      auditMonths: 36,
      historyDays: 180,
      keepNames: false,
      batchSize: 100,
    });
    const zero = loadConfig({
      DATA_DIR: dataDir,
      RETENTION_PERSONAL_MONTHS: '0',
      RETENTION_HISTORY_DAYS: '0',
      RETENTION_KEEP_NAMES: 'true',
    });
    expect(zero.retention).toMatchObject({ personalMonths: 0, historyDays: 0, keepNames: true });
    expect(problemsOf({ RETENTION_PERSONAL_MONTHS: '-1' })).toEqual([
      expect.stringMatching(/^RETENTION_PERSONAL_MONTHS: /),
    ]);
    expect(problemsOf({ RETENTION_BATCH_SIZE: '0' })).toEqual([
      expect.stringMatching(/^RETENTION_BATCH_SIZE: /),
    ]);
  });

  it.each([
    ['500', 500],
    ['-30', -30],
    [undefined, 0],
  ])('moves the retention clock by CLOCK_SHIFT_DAYS=%j outside production', (value, days) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-env-'));
    expect(
      loadConfig({ DATA_DIR: dataDir, ...(value ? { CLOCK_SHIFT_DAYS: value } : {}) })
        .clockShiftDays,
    ).toBe(days);
  });

  it('refuses a moved clock in production', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        ENCRYPTION_KEYS: `k1:${key}`,
        PUBLIC_URL: 'https://youth-bridge.example',
        CLOCK_SHIFT_DAYS: '1',
      }),
    ).toEqual(['CLOCK_SHIFT_DAYS: is not allowed in production']);
    expect(problemsOf({ CLOCK_SHIFT_DAYS: 'soon' })).toEqual([
      expect.stringMatching(/^CLOCK_SHIFT_DAYS: /),
    ]);
  });

  it('refuses a TRUST_PROXY that is none of those', () => {
    for (const bad of ['maybe', 'proxy.example', '-1', '10.0.0.1;rm']) {
      expect(problemsOf({ TRUST_PROXY: bad })).toEqual([expect.stringMatching(/^TRUST_PROXY: /)]);
    }
  });

  it('takes the site origin without a path, or the listening address outside production', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-env-'));
    expect(loadConfig({ DATA_DIR: dataDir }).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '8080' }).publicUrl).toBe(
      'http://127.0.0.1:8080',
    );
    expect(loadConfig({ DATA_DIR: dataDir, HOST: '::', PORT: '8080' }).publicUrl).toBe(
      'http://localhost:8080',
    );
    expect(loadConfig({ DATA_DIR: dataDir, HOST: '::1' }).publicUrl).toBe('http://[::1]:3000');
    expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://yb.example' }).publicUrl).toBe(
      'https://yb.example',
    );
    for (const bad of [
      'yb.example',
      'https://yb.example/',
      'ftp://yb.example',
      'https://yb.example/zh',
    ]) {
      expect(problemsOf({ PUBLIC_URL: bad })).toEqual([expect.stringMatching(/^PUBLIC_URL: /)]);
    }
  });

  it('reads the login limits, and no account-wide total that would lock the owner out', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-env-'));
    expect(loadConfig({ DATA_DIR: dataDir }).loginThrottle).toEqual({
      perIp: 30,
      perAccount: 10,
      windowSeconds: 900,
    });
    // Retired: an old deployment that still sets it boots, and the setting does nothing.
    expect(
      loadConfig({ DATA_DIR: dataDir, LOGIN_LIMIT_PER_ACCOUNT_TOTAL: '25' }).loginThrottle,
    ).toEqual({ perIp: 30, perAccount: 10, windowSeconds: 900 });
    for (const name of ['LOGIN_LIMIT_PER_IP', 'LOGIN_LIMIT_PER_ACCOUNT']) {
      for (const bad of ['0', 'many']) {
        expect(problemsOf({ [name]: bad })).toEqual([expect.stringMatching(`^${name}: `)]);
      }
    }
  });

  it('chooses the driver from the URL scheme', () => {
    expect(
      loadConfig({
        DATABASE_URL: 'mysql://u:p@db:3306/yb',
        JWT_SECRET: 'x'.repeat(32),
        ENCRYPTION_KEYS: `k1:${key}`,
      }).database,
    ).toEqual({
      type: 'mysql',
      url: 'mysql://u:p@db:3306/yb',
    });
    expect(
      loadConfig({
        DATABASE_URL: 'mariadb://u@db/yb',
        JWT_SECRET: 'x'.repeat(32),
        ENCRYPTION_KEYS: `k1:${key}`,
      }).database.type,
    ).toBe('mariadb');
  });

  it('generates secrets once outside production and reuses them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-env-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.encryptionKeys[0].key.equals(first.encryptionKeys[0].key)).toBe(true);
    expect(first.encryptionKeys[0].key).toHaveLength(32);
    expect(first.warnings[0]).toMatch(/Generated/);
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))).toHaveProperty(
      'jwtSecret',
    );
  });

  it('parses several encryption keys, the first one active', () => {
    const other = Buffer.alloc(32, 2).toString('base64');
    const config = loadConfig({
      JWT_SECRET: 'x'.repeat(32),
      ENCRYPTION_KEYS: `k2:${other},k1:${key}`,
    });
    expect(config.encryptionKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('requires explicit secrets in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET: is required in production',
      'ENCRYPTION_KEYS: is required in production',
      'PUBLIC_URL: is required in production',
    ]);
  });

  it('reports one line per bad value and never echoes secrets', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'postgres://db/yb',
      REDIS_URL: 'localhost:6379',
      JWT_SECRET: 'short-secret',
      ENCRYPTION_KEYS: 'k1:not-base64',
      ADMIN_EMAIL: 'admin',
      LOG_LEVEL: 'loud',
      MIGRATIONS_RUN: 'sometimes',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'ADMIN_EMAIL',
        'ADMIN_PASSWORD',
        'DATABASE_URL',
        'ENCRYPTION_KEYS',
        'JWT_SECRET',
        'LOG_LEVEL',
        'MIGRATIONS_RUN',
        'PORT',
        'REDIS_URL',
      ].sort(),
    );
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(new Set(problems.map((p) => p.split(':')[0])).size).toBe(problems.length);
  });

  it('takes the initial admin only as a pair', () => {
    expect(problemsOf({ ADMIN_PASSWORD: 'long-enough-password' })).toEqual([
      'ADMIN_EMAIL: is required with ADMIN_PASSWORD',
    ]);
    const config = loadConfig({
      ADMIN_EMAIL: 'Boss@Example.org',
      ADMIN_PASSWORD: 'long-enough-password',
    });
    expect(config.initialAdmin).toEqual({
      email: 'boss@example.org',
      password: 'long-enough-password',
    });
  });
});
