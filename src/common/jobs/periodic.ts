import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs` in a job process, never two rounds at once; `stop` waits
 * for the round in progress, so a graceful shutdown does not cut one short.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number, work: () => Promise<unknown>): void {
    this.timer = setInterval(() => {
      this.round ??= work()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn(`${this.name} failed: ${(error as Error).message}`),
        )
        .finally(() => (this.round = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }
}
