import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * DATA_DIR holds children's personal data (the SQLite file, e-mails as .eml) and the
 * generated secrets: readable by the service's own user only, whatever the umask. A mode
 * given at creation is only ever narrowed by the umask; chmod settles folders and files
 * that an earlier version left readable.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/**
 * An owner-only file, created empty if missing. SQLite gives its -wal and -shm files the
 * database file's permissions, so creating the database this way covers them; ones left
 * by an earlier run are narrowed here too.
 */
export function ensurePrivateFile(path: string, companions: string[] = []): void {
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
  for (const companion of companions) if (existsSync(companion)) chmodSync(companion, 0o600);
}
