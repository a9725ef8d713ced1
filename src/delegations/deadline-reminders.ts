import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { Periodic } from '../common/jobs/periodic';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { NotificationsService } from '../notifications/notifications.service';
import { Delegation } from './delegation.entity';
import { BLAGOVESHCHENSK_ZONE, HEIHE_ZONE, wallTime } from './local-times';

export const DEADLINE_NOTICE_MS = 48 * 3_600_000;

/**
 * Coordinators of every school hear once, 48 hours ahead, that a delegation stops taking
 * applications. Once per delegation and closing time, however many workers run this: a
 * deadline moved later is announced again.
 */
@Injectable()
export class DeadlineReminders implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly periodic = new Periodic(
    'Deadline reminders',
    new Logger(DeadlineReminders.name),
  );

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsService,
    @InjectRepository(Delegation) private readonly delegations: Repository<Delegation>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runsJobs) this.periodic.start(10 * 60_000, () => this.run());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }

  /** Emits the reminders due at `now`; returns how many delegations close within 48 hours. */
  async run(now = new Date()): Promise<number> {
    const closing = await this.delegations.find({
      where: {
        status: 'open',
        applicationClosesAt: Between(now, new Date(now.getTime() + DEADLINE_NOTICE_MS)),
      },
      select: { id: true, titleZh: true, titleRu: true, applicationClosesAt: true },
    });
    for (const delegation of closing) {
      const closes = delegation.applicationClosesAt;
      await this.transactions.run((m) =>
        this.notifications.emit(m, {
          event: 'reminder.application_deadline',
          audience: { organizationTypes: ['school'], roles: ['school_coordinator'] },
          dedupeKey: `reminder.application_deadline:${delegation.id}:${closes.getTime()}`,
          data: {
            delegationId: delegation.id,
            delegation: { zh: delegation.titleZh, ru: delegation.titleRu },
            closesAt: closes.toISOString(),
            closesHeihe: wallTime(closes, HEIHE_ZONE).replace('T', ' '),
            closesBlagoveshchensk: wallTime(closes, BLAGOVESHCHENSK_ZONE).replace('T', ' '),
            link: `/{lang}/delegations/${delegation.id}`,
          },
        }),
      );
    }
    return closing.length;
  }
}
