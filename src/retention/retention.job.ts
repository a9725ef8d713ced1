import { Injectable } from '@nestjs/common';
import { IntervalJob } from '../common/jobs/interval-job';
import { AppConfig } from '../config/app-config';
import { RetentionService } from './retention.service';

const HOUR_MS = 3_600_000;

/**
 * Runs the retention pass once a day in processes that run jobs (the worker; the embedded
 * default's single process). It looks every hour, so a restart never skips a day, and
 * runs when the last finished pass is more than 23 hours old.
 */
@Injectable()
export class RetentionJob extends IntervalJob {
  constructor(
    config: AppConfig,
    private readonly retention: RetentionService,
  ) {
    super({ runsJobs: config.runsJobs, intervalMs: HOUR_MS, name: 'Retention' });
  }

  async run(): Promise<unknown> {
    const last = await this.retention.lastFinishedAt();
    if (last && Date.now() - last.getTime() < 23 * HOUR_MS) return null;
    return this.retention.run('schedule');
  }
}
