import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { Transactions } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { HEIHE_ZONE, todayIn } from '../localization/local-times';
import { NamesDto } from '../participants/dto/participant.dto';
import { ParticipantsService } from '../participants/participants.service';
import { Application } from './application.entity';
import { APPLICATION_STATUSES, ApplicationStatus } from './application-status';

/** Applications still in the running: their people may yet travel. */
const ACTIVE: ApplicationStatus[] = ['submitted', 'approved', 'waitlisted', 'offered'];

/** Items of each kind a home page lists; the total says how many more there are. */
const SHOWN = 20;

export interface SchoolTodos {
  /** Minors with no standing guardian consent: none of them can apply. */
  consentMissing: { total: number; items: { participantId: string; names: NamesDto }[] };
  /** A consent to an older text than the one in force: the school asks for a new one. */
  consentToRenew: { total: number; items: { participantId: string; names: NamesDto }[] };
  /** On an active application, with a passport missing or expiring before the trip allows. */
  passportExpiring: {
    participantId: string;
    delegationId: string;
    names: NamesDto;
    expiry: string | null;
    neededUntil: string;
  }[];
  /** Approved, then changed: an organizer must approve them again. */
  changedSinceApproval: {
    applicationId: string;
    participantId: string;
    delegationId: string;
    names: NamesDto;
  }[];
}

/** What a school should see first: its applications by status, and what it has to do. */
@Injectable()
export class SchoolTodosService {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly delegations: DelegationsService,
    private readonly transactions: Transactions,
  ) {}

  async statusCounts(caller: Caller): Promise<Record<ApplicationStatus, number>> {
    const query = this.transactions
      .read(caller)
      .repo(Application)
      .createQueryBuilder('a')
      .select('a.status', 'status')
      .addSelect('COUNT(*)', 'count');
    // An organizer counts every school's; anyone else their own school's.
    if (caller.role !== 'organizer') {
      query.where('a.schoolId = :school', { school: caller.organizationId });
    }
    const rows = await query
      .groupBy('a.status')
      .getRawMany<{ status: ApplicationStatus; count: string | number }>();
    const counts = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<
      ApplicationStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async todos(caller: Caller): Promise<SchoolTodos> {
    const ctx = this.transactions.read(caller);
    const active = await ctx.repo(Application).find({
      where: { schoolId: caller.organizationId, status: In(ACTIVE) },
      select: {
        id: true,
        participantId: true,
        delegationId: true,
        status: true,
        approvedParticipantVersion: true,
      },
    });
    const upcoming = new Set(await this.delegations.upcomingIds(todayIn(HEIHE_ZONE)));
    const current = active.filter((a) => upcoming.has(a.delegationId));
    const [consentMissing, consentToRenew, deadlines, passports, versions] = await Promise.all([
      this.participants.minorsWithoutGuardianConsent(
        ctx,
        caller.organizationId,
        todayIn(HEIHE_ZONE),
        SHOWN,
      ),
      this.participants.consentsToRenew(ctx, caller.organizationId, SHOWN),
      this.delegations.passportDeadlines(
        ctx,
        current.map((a) => a.delegationId),
      ),
      this.participants.passportExpiries(
        ctx,
        current.map((a) => a.participantId),
      ),
      this.participants.versionsOf(
        ctx,
        current.filter((a) => a.status === 'approved').map((a) => a.participantId),
      ),
    ]);
    const passportExpiring: SchoolTodos['passportExpiring'] = [];
    const changedSinceApproval: SchoolTodos['changedSinceApproval'] = [];
    for (const application of current) {
      const person = passports.get(application.participantId);
      const neededUntil = deadlines.get(application.delegationId);
      if (!person || !neededUntil) continue;
      if (!person.expiry || person.expiry < neededUntil) {
        passportExpiring.push({
          participantId: application.participantId,
          delegationId: application.delegationId,
          names: person.names,
          expiry: person.expiry,
          neededUntil,
        });
      }
      const version = versions.get(application.participantId);
      if (version !== undefined && version !== application.approvedParticipantVersion) {
        changedSinceApproval.push({
          applicationId: application.id,
          participantId: application.participantId,
          delegationId: application.delegationId,
          names: person.names,
        });
      }
    }
    return {
      consentMissing: {
        total: consentMissing.total,
        items: consentMissing.items.map((p) => ({ participantId: p.id, names: p.names })),
      },
      consentToRenew: {
        total: consentToRenew.total,
        items: consentToRenew.items.map((p) => ({ participantId: p.id, names: p.names })),
      },
      passportExpiring: passportExpiring.slice(0, SHOWN),
      changedSinceApproval: changedSinceApproval.slice(0, SHOWN),
    };
  }
}
