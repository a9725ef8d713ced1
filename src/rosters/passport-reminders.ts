import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Periodic } from '../common/jobs/periodic';
import { AppConfig } from '../config/app-config';
import { RostersService } from './rosters.service';

/** Looks for passports that will not last the trip, every hour in job processes. */
@Injectable()
export class PassportReminders implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly periodic = new Periodic(
    'Passport reminders',
    new Logger(PassportReminders.name),
  );

  constructor(
    private readonly config: AppConfig,
    private readonly rosters: RostersService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runsJobs) this.periodic.start(3_600_000, () => this.rosters.remindPassports());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }
}
