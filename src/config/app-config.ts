import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ensurePrivateDir, ensurePrivateFile, narrowPrivateTree } from './private-files';
import { resolve } from 'node:path';
import { ConfigError, Env, validateEnv } from './env';

export { ConfigError } from './env';

export type DatabaseConfig =
  { type: 'mysql' | 'mariadb'; url: string } | { type: 'better-sqlite3'; path: string };

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * The resolved configuration the rest of the application injects. Built once at
 * boot from the validated environment; nothing else reads `process.env`.
 */
export class AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly role: Env['ROLE'];
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
  readonly migrationsRun: boolean;
  readonly jwtSecret: string;
  readonly encryptionKeys: EncryptionKey[];
  readonly initialAdmin: { email: string; password: string } | undefined;
  readonly logLevel: string;
  readonly bodyLimit: number;
  /** As Fastify's `trustProxy` takes it: all, none, a hop count, or proxy addresses. */
  readonly trustProxy: boolean | number | string[];
  /** The site's origin, no trailing slash: PUBLIC_URL, or the listening address. */
  readonly publicUrl: string;
  readonly loginThrottle: {
    perIp: number;
    perAccount: number;
    windowSeconds: number;
  };
  /** Browser sessions of the portal: idle expiry and absolute lifetime. */
  readonly portalSession: { idleMs: number; lifetimeMs: number };
  /** Per account and hour. */
  readonly participantLimits: { writesPerHour: number; importsPerHour: number };
  readonly notifications: {
    smtpUrl: string | undefined;
    mailFrom: string;
    retryBaseMs: number;
    maxAttempts: number;
    pollMs: number;
    concurrency: number;
    webhookAllowPrivate: boolean;
    sendTimeoutMs: number;
  };
  readonly retention: {
    personalMonths: number;
    auditMonths: number;
    historyDays: number;
    keepNames: boolean;
    batchSize: number;
  };
  /** Days the retention job's clock is moved (tests and rehearsals only). */
  readonly clockShiftDays: number;
  /** Warnings to log once the logger exists (generated secrets and the like). */
  readonly warnings: string[] = [];

  constructor(env: Env) {
    this.nodeEnv = env.NODE_ENV;
    this.role = env.ROLE;

    this.port = env.PORT;
    this.host = env.HOST;
    this.dataDir = resolve(env.DATA_DIR);
    this.redisUrl = env.REDIS_URL;
    this.redisPrefix = env.REDIS_PREFIX;
    this.migrationsRun = env.MIGRATIONS_RUN;
    this.logLevel = env.LOG_LEVEL;
    this.bodyLimit = env.BODY_LIMIT;
    this.participantLimits = {
      writesPerHour: env.PARTICIPANT_WRITES_PER_HOUR,
      importsPerHour: env.IMPORTS_PER_HOUR,
    };
    this.trustProxy =
      typeof env.TRUST_PROXY === 'boolean'
        ? env.TRUST_PROXY
        : /^\d+$/.test(env.TRUST_PROXY)
          ? Number(env.TRUST_PROXY)
          : env.TRUST_PROXY.split(',').map((address) => address.trim());
    // A wildcard listening address is reached as localhost on the developer's machine.
    const host = ['0.0.0.0', '::', ''].includes(env.HOST) ? 'localhost' : env.HOST;
    this.publicUrl =
      env.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT}`;
    this.loginThrottle = {
      perIp: env.LOGIN_LIMIT_PER_IP,
      perAccount: env.LOGIN_LIMIT_PER_ACCOUNT,
      windowSeconds: env.LOGIN_WINDOW_SECONDS,
    };
    this.portalSession = {
      idleMs: env.PORTAL_IDLE_MINUTES * 60_000,
      lifetimeMs: env.PORTAL_SESSION_HOURS * 3_600_000,
    };
    this.notifications = {
      smtpUrl: env.SMTP_URL,
      mailFrom: env.MAIL_FROM,
      retryBaseMs: env.NOTIFICATION_RETRY_BASE_MS,
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
      pollMs: env.NOTIFICATION_POLL_MS,
      concurrency: env.NOTIFICATION_CONCURRENCY,
      webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
      sendTimeoutMs: env.NOTIFICATION_SEND_TIMEOUT_MS,
    };
    this.retention = {
      personalMonths: env.RETENTION_PERSONAL_MONTHS,
      auditMonths: env.RETENTION_AUDIT_MONTHS,
      historyDays: env.RETENTION_HISTORY_DAYS,
      keepNames: env.RETENTION_KEEP_NAMES,
      batchSize: env.RETENTION_BATCH_SIZE,
    };
    if (env.NODE_ENV === 'production' && env.CLOCK_SHIFT_DAYS !== 0)
      throw new ConfigError(['CLOCK_SHIFT_DAYS: is not allowed in production']);
    this.clockShiftDays = env.CLOCK_SHIFT_DAYS;
    this.initialAdmin =
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD }
        : undefined;

    if (env.DATABASE_URL) {
      const scheme = env.DATABASE_URL.slice(0, env.DATABASE_URL.indexOf(':'));
      this.database = { type: scheme === 'mariadb' ? 'mariadb' : 'mysql', url: env.DATABASE_URL };
    } else {
      this.database = {
        type: 'better-sqlite3',
        path: resolve(this.dataDir, 'youth-bridge.sqlite'),
      };
    }

    const needsLocalSecrets = !env.JWT_SECRET || !env.ENCRYPTION_KEYS;
    const local = needsLocalSecrets ? this.localSecrets() : undefined;
    this.jwtSecret = env.JWT_SECRET ?? local!.jwtSecret;
    this.encryptionKeys = parseEncryptionKeys(env.ENCRYPTION_KEYS ?? local!.encryptionKeys);
  }

  /** Whether this process runs background jobs and schedules. */
  get runsJobs(): boolean {
    return this.role !== 'api';
  }

  get embedded(): boolean {
    return this.database.type === 'better-sqlite3';
  }

  /** Where the data lives, without credentials, for the start-up line. */
  describeDatabase(): string {
    if (this.database.type === 'better-sqlite3') return `SQLite file ${this.database.path}`;
    const url = new URL(this.database.url);
    return `${this.database.type} at ${url.host}${url.pathname}`;
  }

  ensureDataDir(): void {
    ensurePrivateDir(this.dataDir);
  }

  /** At start: DATA_DIR and all in it (database, secrets, e-mails) owner-only. */
  narrowDataDir(): void {
    narrowPrivateTree(this.dataDir);
  }

  /** Outside production, missing secrets are generated once into DATA_DIR and reused. */
  private localSecrets(): { jwtSecret: string; encryptionKeys: string } {
    this.ensureDataDir();
    const file = resolve(this.dataDir, 'secrets.json');
    if (existsSync(file)) {
      ensurePrivateFile(file);
      this.warnings.push(
        `Using generated secrets from ${file}; set JWT_SECRET and ENCRYPTION_KEYS in production.`,
      );
      return JSON.parse(readFileSync(file, 'utf8')) as {
        jwtSecret: string;
        encryptionKeys: string;
      };
    }
    const secrets = {
      jwtSecret: randomBytes(48).toString('base64url'),
      encryptionKeys: `k1:${randomBytes(32).toString('base64')}`,
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    this.warnings.push(
      `Generated JWT_SECRET and ENCRYPTION_KEYS into ${file}; set them explicitly in production.`,
    );
    return secrets;
  }
}

export function parseEncryptionKeys(spec: string): EncryptionKey[] {
  return spec.split(',').map((entry) => {
    const [id, key] = entry.split(':');
    return { id, key: Buffer.from(key, 'base64') };
  });
}

/** The only place that reads `process.env`. */
export function loadConfig(
  raw: Record<string, string | undefined> = process.env,
  overrides: Record<string, string> = {},
): AppConfig {
  return new AppConfig(validateEnv({ ...raw, ...overrides }));
}
