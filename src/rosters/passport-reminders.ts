import { Injectable } from '@nestjs/common';
import { IntervalJob } from '../common/jobs/interval-job';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { NotificationsService } from '../notifications/notifications.service';
import { todayUtc } from '../participants/age-rules';
import { ParticipantsService } from '../participants/participants.service';
import { passportValidLongEnough } from './readiness';
import { byParticipant } from './roster-records';
import { RosterStore } from './roster-store';

/** Looks for passports that will not last the trip, every hour in job processes. */
@Injectable()
export class PassportReminders extends IntervalJob {
  constructor(
    config: AppConfig,
    private readonly delegations: DelegationsService,
    private readonly participants: ParticipantsService,
    private readonly notifications: NotificationsService,
    private readonly transactions: Transactions,
    private readonly store: RosterStore,
  ) {
    super({ runsJobs: config.runsJobs, intervalMs: 3_600_000, name: 'PassportReminders' });
  }

  run(now = new Date()): Promise<number> {
    return this.remindPassports(now);
  }

  /**
   * Each approved participant of an upcoming delegation whose passport expires before
   * the return date plus the regime's margin: the school hears once per passport expiry.
   */
  async remindPassports(now = new Date()): Promise<number> {
    let reminded = 0;
    for (const id of await this.delegations.upcomingIds(todayUtc(now))) {
      await this.transactions.run(null, async (tx) => {
        const delegation = await this.delegations.findForRoster(tx, id);
        if (!delegation) return;
        const live = await this.store.liveRoster(tx, delegation);
        const short = passportValidLongEnough({
          delegation,
          regime: delegation.regime,
          members: live,
        });
        if (!short.length) return;
        const members = byParticipant(live);
        const names = await this.participants.readerNames(
          tx,
          short.map((check) => check.participantId!),
        );
        for (const check of short) {
          const member = members.get(check.participantId!);
          if (!member) continue;
          reminded += 1;
          await this.notifications.emit(tx, {
            event: 'reminder.passport_expiry',
            audience: { organizationIds: [member.schoolId], roles: ['school_coordinator'] },
            dedupeKey: `reminder.passport_expiry:${id}:${member.participantId}:${member.passportExpiry}`,
            data: {
              delegationId: id,
              participantId: member.participantId,
              delegation: { zh: delegation.titleZh, ru: delegation.titleRu },
              participant: names.get(member.participantId) ?? null,
              passportExpiry: String(check.params.expiry),
              requiredUntil: String(check.params.needed),
            },
          });
        }
      });
    }
    return reminded;
  }
}
