import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/isolated-database';
import { publishNotice } from '../support/notices';
import { bilingualNotice, TestApp } from '../support/test-app';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/**
 * The embedded default keeps children's data in DATA_DIR: the SQLite file with its WAL
 * and shared memory, e-mails as .eml files, generated secrets and the first login.
 */
describe('personal data files', () => {
  it('are readable by the service’s user only, even under a permissive umask', async () => {
    const umask = process.umask(0);
    let t: TestApp | undefined;
    try {
      t = await TestApp.start({
        DATABASE_URL: undefined,
        REDIS_URL: undefined,
        SMTP_URL: undefined,
        JWT_SECRET: undefined,
        ENCRYPTION_KEYS: undefined,
        ADMIN_EMAIL: undefined,
        ADMIN_PASSWORD: undefined,
      });
      const dataDir = t.config.dataDir;
      const first = readFileSync(join(dataDir, 'initial-admin.txt'), 'utf8');
      const admin = await t.login(/email: (.*)/.exec(first)![1], /password: (.*)/.exec(first)![1]);
      await t.createUser(admin, 'school_coordinator');
      await publishNotice(t, admin, bilingualNotice('schools'));
      const mailDir = join(dataDir, 'mail');
      const mails = await eventually('an e-mail written as a file', () => {
        try {
          const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
          return files.length > 0 && files;
        } catch {
          return false;
        }
      });
      const sqlite = join(dataDir, 'youth-bridge.sqlite');
      const files = [
        sqlite,
        `${sqlite}-wal`,
        `${sqlite}-shm`,
        join(dataDir, 'secrets.json'),
        join(dataDir, 'initial-admin.txt'),
        ...mails.map((f) => join(mailDir, f)),
      ];
      expect([dataDir, mailDir].map((dir) => [dir, modeOf(dir)])).toEqual([
        [dataDir, 0o700],
        [mailDir, 0o700],
      ]);
      expect(files.map((file) => [file, modeOf(file)])).toEqual(files.map((file) => [file, 0o600]));
    } finally {
      await t?.close();
      process.umask(umask);
    }
  });

  it('are narrowed at start when an earlier run or a copy left them readable to all', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yb-wide-'));
    const outside = join(mkdtempSync(join(tmpdir(), 'yb-outside-')), 'not-ours.txt');
    const mailDir = join(dataDir, 'mail');
    const nested = join(mailDir, '2025');
    const wide = {
      dirs: [dataDir, mailDir, nested],
      files: [
        join(dataDir, 'secrets.json'),
        join(dataDir, 'initial-admin.txt'),
        join(dataDir, 'youth-bridge.sqlite-wal'),
        join(mailDir, 'old-1.eml'),
        join(mailDir, 'old-2.eml'),
        join(nested, 'older.eml'),
      ],
    };
    mkdirSync(nested, { recursive: true });
    for (const dir of wide.dirs) chmodSync(dir, 0o777);
    for (const file of wide.files) {
      writeFileSync(file, '{}');
      chmodSync(file, 0o666);
    }
    writeFileSync(outside, 'someone else’s');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, 'link-out'));
    expect(wide.files.map(modeOf)).toEqual(wide.files.map(() => 0o666));

    // Secrets come from the environment: secrets.json is not even read, and is narrowed.
    const t = await TestApp.start({ DATA_DIR: dataDir });
    try {
      expect(wide.dirs.map((dir) => [dir, modeOf(dir)])).toEqual(
        wide.dirs.map((dir) => [dir, 0o700]),
      );
      expect(wide.files.map((file) => [file, modeOf(file)])).toEqual(
        wide.files.map((file) => [file, 0o600]),
      );
      expect(modeOf(outside)).toBe(0o644);
    } finally {
      await t.close();
    }
  });
});
