import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DeliveriesService, DueDelivery } from './deliveries.service';
import { Dispatcher, JobKind } from './dispatcher';

/**
 * Without Redis, the queue is this process: the same handlers as the Bull processor, run
 * from an in-memory list with bounded concurrency. Nothing here needs to survive a
 * restart; the relay finds unfinished rows in the database and hands them over again.
 * A delayed retry is not kept in memory either: the relay picks it up once due.
 */
@Injectable()
export class EmbeddedRunner extends Dispatcher implements BeforeApplicationShutdown {
  readonly inProcess = true;
  private readonly logger = new Logger(EmbeddedRunner.name);
  private readonly queued: { kind: JobKind; id: string }[] = [];
  /** Keys of queued and running work: the same row is never held twice. */
  private readonly held = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly work: DeliveriesService,
  ) {
    super();
  }

  get ready(): boolean {
    return !this.stopped && this.config.runsJobs;
  }

  outbox(ids: string[]): Promise<boolean> {
    return Promise.resolve(this.push('outbox', ids));
  }

  deliveries(due: DueDelivery[]): Promise<boolean> {
    return Promise.resolve(
      this.push(
        'deliver',
        due.filter((d) => d.delayMs <= 0).map((d) => d.id),
      ),
    );
  }

  holds(kind: JobKind, id: string): Promise<boolean> {
    return Promise.resolve(this.held.has(`${kind}:${id}`));
  }

  requeue(kind: JobKind, id: string, delayMs: number): Promise<void> {
    if (delayMs <= 0) this.push(kind, [id]);
    return Promise.resolve();
  }

  /** Waits for running work on shutdown; queued work stays in the database for next time. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.queued.length = 0;
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private push(kind: JobKind, ids: string[]): boolean {
    if (!this.ready) return false;
    for (const id of ids) {
      const key = `${kind}:${id}`;
      if (this.held.has(key)) continue;
      this.held.add(key);
      this.queued.push({ kind, id });
    }
    this.pump();
    return true;
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.config.notifications.concurrency) {
      const next = this.queued.shift();
      if (!next) return;
      const task: Promise<void> = this.run(next.kind, next.id).finally(() => {
        this.running.delete(task);
        this.held.delete(`${next.kind}:${next.id}`);
        this.pump();
      });
      this.running.add(task);
    }
  }

  private async run(kind: JobKind, id: string): Promise<void> {
    try {
      if (kind === 'outbox')
        await this.work.expand(id, (due) => this.deliveries(due).then(() => undefined));
      else await this.work.deliver(id);
    } catch (error) {
      this.logger.warn(`${kind} ${id} failed, left for a retry: ${(error as Error).message}`);
    }
  }
}
