import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { forUpdate, Read, Transactions, Tx } from './transactions';

describe('Transactions on SQLite', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: join(mkdtempSync(join(tmpdir(), 'yb-tx-')), 'tx.sqlite'),
    });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)');
    await dataSource.query('INSERT INTO counter (id, value) VALUES (1, 0)');
  });
  afterAll(() => dataSource.destroy());

  it('runs concurrent write transactions one after another, so none is lost or nested', async () => {
    const transactions = new Transactions(dataSource);
    const increment = () =>
      transactions.run(null, async (tx) => {
        const [{ value }] = await tx.manager.query<{ value: number }[]>(
          'SELECT value FROM counter WHERE id = 1',
        );
        await new Promise((r) => setTimeout(r, 2));
        await tx.manager.query('UPDATE counter SET value = ? WHERE id = 1', [value + 1]);
      });
    await Promise.all(Array.from({ length: 25 }, increment));
    const [{ value }] = await dataSource.query<{ value: number }[]>(
      'SELECT value FROM counter WHERE id = 1',
    );
    expect(value).toBe(25);
  });

  it('rolls back a failed transaction and keeps serving the next ones', async () => {
    const transactions = new Transactions(dataSource);
    const failing = transactions.run(null, async (tx) => {
      await tx.manager.query('UPDATE counter SET value = 1000 WHERE id = 1');
      throw new Error('use case refused');
    });
    await expect(failing).rejects.toThrow('use case refused');
    await transactions.run(null, async (tx) => {
      await tx.manager.query('UPDATE counter SET value = value + 1 WHERE id = 1');
    });
    const [{ value }] = await dataSource.query<{ value: number }[]>(
      'SELECT value FROM counter WHERE id = 1',
    );
    expect(value).toBe(26);
  });

  it('runs after-commit callbacks once the transaction committed, and never after a rollback', async () => {
    const transactions = new Transactions(dataSource);
    const seen: string[] = [];
    await transactions.run(null, async (tx) => {
      tx.afterCommit(() => seen.push('committed'));
      await tx.manager.query('UPDATE counter SET value = value WHERE id = 1');
      seen.push('work done');
    });
    await expect(
      transactions.run(null, async (tx) => {
        tx.afterCommit(() => seen.push('rolled back'));
        await tx.manager.query('UPDATE counter SET value = value WHERE id = 1');
        throw new Error('fails');
      }),
    ).rejects.toThrow('fails');
    expect(seen).toEqual(['work done', 'committed']);
  });

  it('keeps what needs a transaction to one: a read context has no after-commit and takes no lock', async () => {
    const transactions = new Transactions(dataSource);
    const read: Read = transactions.read(null);
    // @ts-expect-error: a read context is not a transaction
    const asTx: Tx = read;
    // Checked by the compiler, never run.
    const wrongCalls = () => {
      // @ts-expect-error: no callbacks after a commit that never comes
      read.afterCommit(() => undefined);
      // @ts-expect-error: a lock taken on the pool would end with its query
      forUpdate(read);
    };
    void wrongCalls;
    expect(asTx.transactional).toBe(false);
    await transactions.run(null, (tx) => {
      expect(tx.transactional).toBe(true);
      // Reads in the use case go through its transaction, not the pool.
      expect(tx.repo('counter').manager).toBe(tx.manager);
      expect(tx.manager.queryRunner?.isTransactionActive).toBe(true);
      return Promise.resolve();
    });
    expect(read.manager.queryRunner).toBeUndefined();
  });
});
