import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * Work repeated every `intervalMs` in processes that run jobs (ROLE worker or all), never
 * two rounds at once. On shutdown it waits for the round in progress, so a graceful stop
 * does not cut one short.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;

  protected constructor(
    private readonly schedule: { runsJobs: boolean; intervalMs: number; name: string },
  ) {
    this.logger = new Logger(schedule.name);
  }

  /** One round; public so that tests and commands can run it at a chosen moment. */
  abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (!this.schedule.runsJobs) return;
    this.timer = setInterval(() => {
      this.round ??= this.run()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn(`${this.schedule.name} failed: ${(error as Error).message}`),
        )
        .finally(() => (this.round = undefined));
    }, this.schedule.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }
}
