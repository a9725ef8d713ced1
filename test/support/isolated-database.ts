import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { externalDatabaseUrl } from './test-config';

/**
 * A database of its own on the MariaDB server, for suites whose background workers must
 * not share outbox rows with other suites' apps. On the embedded default every app has
 * its own SQLite file already, and this returns no overrides.
 */
export async function isolatedDatabase(): Promise<{
  overrides: Record<string, string>;
  drop: () => Promise<void>;
}> {
  if (!externalDatabaseUrl) return { overrides: {}, drop: () => Promise.resolve() };
  const url = new URL(externalDatabaseUrl);
  const name = `${url.pathname.slice(1)}_n${randomBytes(4).toString('hex')}`.slice(0, 60);
  const admin = async (sql: string) => {
    const connection = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
  await admin(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return {
    overrides: { DATABASE_URL: url.toString(), MIGRATIONS_RUN: 'true' },
    drop: () => admin(`DROP DATABASE IF EXISTS \`${name}\``),
  };
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
