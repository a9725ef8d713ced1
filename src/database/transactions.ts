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
  private readonly committed = new WeakMap<EntityManager, (() => void)[]>();

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let manager: EntityManager | undefined;
    const tracked = (m: EntityManager) => {
      manager = m;
      return work(m);
    };
    let result: Promise<T>;
    if (!this.serialize) result = this.dataSource.transaction(tracked);
    else {
      result = this.tail.then(() => this.dataSource.transaction(tracked));
      this.tail = result.catch(() => undefined);
    }
    const value = await result;
    const callbacks = manager ? this.committed.get(manager) : undefined;
    for (const callback of callbacks ?? []) callback();
    return value;
  }

  /**
   * Runs `callback` once the transaction of `manager` has committed, never if it rolls
   * back: for telling others (a cache) about a change they must not read too early.
   */
  afterCommit(manager: EntityManager, callback: () => void): void {
    const callbacks = this.committed.get(manager) ?? [];
    callbacks.push(callback);
    this.committed.set(manager, callbacks);
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
