import { Injectable } from '@nestjs/common';
import {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOneOptions,
  ObjectLiteral,
  Repository,
} from 'typeorm';
import type { Caller } from '../common/auth/caller';

/**
 * What a use case carries from its start to every service it calls: who asks (for
 * scoping and the audit log) and where its database work goes. Repositories are taken
 * from it, so a read inside a transaction cannot reach the pool by accident; a method
 * that must run inside one (a lock, the audit log, the outbox) takes a `Tx` and cannot be
 * handed a read context. The model is Vendure's `TransactionalConnection.getRepository(ctx)`.
 */
abstract class UseCaseContext {
  constructor(
    /** Null for the system's own work (schedules, the command line). */
    readonly caller: Caller | null,
    /** The owning feature's queries; another feature's are reached through its service. */
    readonly manager: EntityManager,
  ) {}

  repo<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /** The database is SQLite (one writer, no row locks), where a query must differ. */
  get sqlite(): boolean {
    return this.manager.connection.options.type === 'better-sqlite3';
  }
}

/** Reads outside any transaction, on the pool. */
export class Read extends UseCaseContext {
  readonly transactional = false;
}

/** One use case's transaction: every read and write inside it goes through this. */
export class Tx extends UseCaseContext {
  readonly transactional = true;
  private readonly committed: (() => void)[] = [];

  /**
   * Runs `callback` once the transaction has committed, never if it rolls back: for
   * telling others (a cache, a queue) about a change they must not see too early.
   */
  afterCommit(callback: () => void): void {
    this.committed.push(callback);
  }

  /** Called by Transactions after the commit. */
  runCommitted(): void {
    for (const callback of this.committed.splice(0)) callback();
  }
}

/** Either: for a read that is the same inside a transaction or out of one. */
export type Ctx = Read | Tx;

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

  async run<T>(caller: Caller | null, work: (tx: Tx) => Promise<T>): Promise<T> {
    let tx: Tx | undefined;
    const tracked = (m: EntityManager) => {
      tx = new Tx(caller, m);
      return work(tx);
    };
    let result: Promise<T>;
    if (!this.serialize) result = this.dataSource.transaction(tracked);
    else {
      result = this.tail.then(() => this.dataSource.transaction(tracked));
      this.tail = result.catch(() => undefined);
    }
    const value = await result;
    tx?.runCommitted();
    return value;
  }

  /** Reads for `caller` on the pool, outside any transaction. */
  read(caller: Caller | null): Read {
    return new Read(caller, this.dataSource.manager);
  }
}

/**
 * `lock` option for reads that must block concurrent writers until commit. MySQL takes
 * row locks; SQLite has none and needs none, as its write transactions run one at a time.
 * Only inside a transaction: a lock taken on the pool would end with its query.
 */
export function forUpdate(tx: Tx): Pick<FindOneOptions, 'lock'> {
  return tx.sqlite ? {} : { lock: { mode: 'pessimistic_write' } };
}
