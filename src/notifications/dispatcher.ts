import type { DueDelivery } from './deliveries.service';

export type JobKind = 'outbox' | 'deliver';

/**
 * Hands work to whatever runs it: Bull when REDIS_URL is set, the embedded runner
 * otherwise. The database stays the record of what is owed; a dispatcher may lose work
 * (Redis restarted, process killed) and the relay hands it over again.
 */
export abstract class Dispatcher {
  /** True for the embedded runner: nothing waits in a queue, so nothing is stale. */
  abstract readonly inProcess: boolean;
  /** Whether work can be handed over right now (Redis reachable). */
  abstract get ready(): boolean;
  /** Resolves false when nothing was handed over; the relay tries again later. */
  abstract outbox(ids: string[]): Promise<boolean>;
  abstract deliveries(due: DueDelivery[]): Promise<boolean>;
  /** Whether the runner still holds live work (waiting, delayed or running) for this row. */
  abstract holds(kind: JobKind, id: string): Promise<boolean>;
  /** Hands a row over again, replacing any finished job of the same row. */
  abstract requeue(kind: JobKind, id: string, delayMs: number): Promise<void>;
}
