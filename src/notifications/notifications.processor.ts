import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import { DeliveriesService, RetryLater } from './deliveries.service';
import { NOTIFICATIONS_QUEUE } from './notification-events';
import { Dispatcher } from './dispatcher';

type RowJob = Job<{ id: string }>;

/**
 * Bull's side of the queue, in job processes only: thin handlers that call the deliveries
 * service, the same one the embedded runner calls. Registered by hand rather than with
 * @Process so that the concurrency comes from the configuration.
 */
@Injectable()
export class NotificationsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
    private readonly work: DeliveriesService,
    private readonly dispatcher: Dispatcher,
  ) {}

  onApplicationBootstrap(): void {
    const concurrency = this.config.notifications.concurrency;
    void this.queue.process('outbox', 2, (job: RowJob) => this.expand(job)).catch(this.stopped);
    void this.queue
      .process('deliver', concurrency, (job: RowJob) => this.deliver(job))
      .catch(this.stopped);
    this.queue.on('stalled', (job: RowJob) =>
      this.logger.warn(`Job ${String(job.id)} stalled (its worker died); it runs again`),
    );
    this.queue.on('failed', (job: RowJob, error: Error) => {
      if (error instanceof RetryLater || error.name === 'RetryLater') return;
      this.logger.warn(
        `Job ${String(job.id)} failed (attempt ${job.attemptsMade}): ${error.message}`,
      );
    });
  }

  async expand(job: RowJob): Promise<void> {
    await this.work.expand(job.data.id, async (due) => {
      // Rows not handed over now are picked up by the relay once they are stale.
      await this.dispatcher.deliveries(due);
    });
  }

  async deliver(job: RowJob): Promise<string> {
    const outcome = await this.work.deliver(job.data.id);
    if (outcome === 'retry') throw new RetryLater(`delivery ${job.data.id} will be retried`);
    return outcome;
  }

  private readonly stopped = (error: Error) =>
    this.logger.warn(`Queue processing stopped: ${error.message}`);
}
