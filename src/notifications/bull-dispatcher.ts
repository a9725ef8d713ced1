import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import type { DueDelivery } from './deliveries.service';
import { Dispatcher, JobKind } from './dispatcher';
import { NOTIFICATIONS_QUEUE } from './notification-events';

const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'paused']);

/**
 * Bull: one job per outbox row and per delivery, the job id derived from the row's id so
 * handing the same row over twice makes one job. Bull retries a failed delivery with the
 * doubling backoff registered on the queue (notifications.module.ts).
 */
@Injectable()
export class BullDispatcher extends Dispatcher implements BeforeApplicationShutdown {
  readonly inProcess = false;
  private readonly logger = new Logger('NotificationsQueue');
  private readonly options: Record<JobKind, JobOptions>;

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue,
    config: AppConfig,
  ) {
    super();
    const { maxAttempts } = config.notifications;
    this.options = {
      outbox: {
        attempts: 8,
        backoff: { type: 'doubling' },
        removeOnComplete: 1000,
        removeOnFail: 1000,
      },
      deliver: {
        attempts: maxAttempts,
        backoff: { type: 'doubling' },
        removeOnComplete: 5000,
        removeOnFail: 5000,
      },
    };
    let lastWarning = 0;
    // Without a listener an unreachable Redis would crash the process; one line a minute.
    queue.on('error', (error: Error) => {
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      this.logger.warn(`Queue unavailable: ${error.message}`);
    });
  }

  get ready(): boolean {
    return this.queue.client.status === 'ready';
  }

  async outbox(ids: string[]): Promise<boolean> {
    return this.add(
      'outbox',
      ids.map((id) => ({ id, delayMs: 0 })),
    );
  }

  async deliveries(due: DueDelivery[]): Promise<boolean> {
    return this.add('deliver', due);
  }

  async holds(kind: JobKind, id: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId(kind, id));
    return job !== null && LIVE_STATES.has(await job.getState());
  }

  async requeue(kind: JobKind, id: string, delayMs: number): Promise<void> {
    const job = await this.queue.getJob(jobId(kind, id));
    if (job && LIVE_STATES.has(await job.getState())) return;
    await job?.remove();
    await this.add(kind, [{ id, delayMs }]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Stops taking jobs and waits for the running ones (graceful SIGTERM).
    await this.queue.close().catch(() => undefined);
  }

  private async add(kind: JobKind, items: DueDelivery[]): Promise<boolean> {
    // While Redis is down, adding would wait in ioredis' offline queue; the rows wait in
    // the database instead and the relay hands them over when Redis is back.
    if (!items.length) return true;
    if (!this.ready) return false;
    try {
      await this.queue.addBulk(
        items.map((item) => ({
          name: kind,
          data: { id: item.id },
          opts: {
            ...this.options[kind],
            jobId: jobId(kind, item.id),
            delay: item.delayMs > 0 ? item.delayMs : undefined,
          },
        })),
      );
      return true;
    } catch (error) {
      this.logger.warn(
        `Could not enqueue ${items.length} ${kind} jobs: ${(error as Error).message}`,
      );
      return false;
    }
  }
}

export const jobId = (kind: JobKind, id: string) => `${kind}:${id}`;
