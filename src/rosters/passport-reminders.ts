import { Injectable } from '@nestjs/common';
import { IntervalJob } from '../common/jobs/interval-job';
import { AppConfig } from '../config/app-config';
import { RostersService } from './rosters.service';

/** Looks for passports that will not last the trip, every hour in job processes. */
@Injectable()
export class PassportReminders extends IntervalJob {
  constructor(
    config: AppConfig,
    private readonly rosters: RostersService,
  ) {
    super({ runsJobs: config.runsJobs, intervalMs: 3_600_000, name: 'PassportReminders' });
  }

  run(now = new Date()): Promise<number> {
    return this.rosters.remindPassports(now);
  }
}
