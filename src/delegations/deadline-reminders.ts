import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { IntervalJob } from '../common/jobs/interval-job';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { NotificationsService } from '../notifications/notifications.service';
import { Delegation } from './delegation.entity';
import { readableTimes } from '../localization/local-times';

export const DEADLINE_NOTICE_MS = 48 * 3_600_000;

/**
 * Coordinators of every school hear once, 48 hours ahead, that a delegation stops taking
 * applications. Once per delegation and closing time, however many workers run this: a
 * deadline moved later is announced again.
 */
@Injectable()
export class DeadlineReminders extends IntervalJob {
  constructor(
    config: AppConfig,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsService,
    @InjectRepository(Delegation) private readonly delegations: Repository<Delegation>,
  ) {
    super({ runsJobs: config.runsJobs, intervalMs: 10 * 60_000, name: 'DeadlineReminders' });
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
      const local = readableTimes(closes);
      await this.transactions.run(null, (tx) =>
        this.notifications.emit(tx, {
          event: 'reminder.application_deadline',
          audience: { organizationTypes: ['school'], roles: ['school_coordinator'] },
          dedupeKey: `reminder.application_deadline:${delegation.id}:${closes.getTime()}`,
          data: {
            delegationId: delegation.id,
            delegation: { zh: delegation.titleZh, ru: delegation.titleRu },
            closesAt: closes.toISOString(),
            closesHeihe: local.heihe,
            closesBlagoveshchensk: local.blagoveshchensk,
            link: `/{lang}/delegations/${delegation.id}`,
          },
        }),
      );
    }
    return closing.length;
  }
}
