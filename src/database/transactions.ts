import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One use case, one transaction. SQLite has a single connection and one writer:
 * TypeORM would silently nest a second concurrent transaction as a savepoint of the
 * first, so there writes are queued one after another. MySQL runs them in parallel.
 */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * `lock` option for reads that must block concurrent writers until commit. MySQL takes
 * row locks; SQLite has none and needs none, as its write transactions run one at a time.
 */
export function forUpdate(manager: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return manager.connection.options.type === 'better-sqlite3'
    ? {}
    : { lock: { mode: 'pessimistic_write' } };
}
