import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * Everything under a private folder narrowed, at start: every folder to 0700 and every
 * file to 0600, whatever an earlier version, a copy or another umask left (a 0666
 * secrets.json, a 0777 mail/ folder, old .eml files), not only the files this run
 * creates. Symbolic links are left alone and not followed: what they point to is not
 * ours to change. A folder that does not exist yet has nothing to narrow.
 */
export function narrowPrivateTree(root: string): void {
  if (!existsSync(root)) return;
  chmodSync(root, 0o700);
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) narrowPrivateTree(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}
