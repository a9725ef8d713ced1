import { Injectable } from '@nestjs/common';
import { ApplicationsService } from '../applications/applications.service';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { ApproveRosterDto, PartnerDecisionDto, RejectRosterDto } from './dto/roster.dto';
import { rosterHash, schemeOf } from './roster-content';
import { headerOf, versionDto } from './roster-records';
import { RosterStore } from './roster-store';

/** The partner's decision on the exact version: approve it (confirmed) or send it back. */
@Injectable()
export class PartnerDecisions {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly store: RosterStore,
  ) {}

  /**
   * The partner approves exactly the current version and its hash; with the organizer's
   * lock on the same version, the delegation is confirmed. Approving it again is a no-op.
   * A version the roster no longer matches (people withdrew, their data or the trip
   * changed) is not approved: the border would get a list that is not the group, an empty
   * one if everyone withdrew. The organizer locks a new version, and that is approved.
   */
  async approve(caller: Caller, id: string, input: ApproveRosterDto): Promise<PartnerDecisionDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const { delegation, version } = await this.store.decidable(tx, id, input.version);
      if (input.hash !== version.hash) {
        throw new AppError('ROSTER_VERSION_MISMATCH', { version: version.version });
      }
      if (delegation.status === 'confirmed' && version.partnerDecision === 'approved') {
        return { ...versionDto(version, true), delegationStatus: delegation.status };
      }
      if (delegation.status !== 'roster_locked') {
        throw new AppError('ROSTER_NOT_AWAITING_APPROVAL', { status: delegation.status });
      }
      const live = await this.store.liveRoster(tx, delegation);
      if (rosterHash(id, headerOf(delegation), live, schemeOf(version)) !== version.hash) {
        throw new AppError('ROSTER_CHANGED_SINCE_LOCK', {
          version: version.version,
          members: live.length,
        });
      }
      Object.assign(version, {
        partnerDecision: 'approved',
        partnerDecidedAt: new Date(),
        partnerDecidedById: caller.userId,
      });
      await m.save(version);
      await this.audit.record(tx, {
        action: 'approve',
        entityType: 'roster',
        entityId: id,
        note: `v${version.version} ${version.hash}`,
      });
      await this.delegations.moveByRoster(tx, id, {
        from: 'roster_locked',
        to: 'confirmed',
        note: `roster v${version.version} approved by the partner`,
      });
      await this.store.notify(tx, 'roster.approved', delegation, version, { roles: ['organizer'] });
      const schools = (await this.applications.approvedFor(tx, id)).map((a) => a.schoolId);
      await this.store.notify(tx, 'delegation.confirmed', delegation, version, {
        organizationIds: [...new Set(schools)],
        roles: ['school_coordinator'],
      });
      return { ...versionDto(version, true), delegationStatus: 'confirmed' };
    });
  }

  /** Sends the current version back to the organizer with the reason; the delegation is `closed` again. */
  async reject(caller: Caller, id: string, input: RejectRosterDto): Promise<PartnerDecisionDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const { delegation, version } = await this.store.decidable(tx, id, input.version);
      if (delegation.status !== 'roster_locked') {
        throw new AppError('ROSTER_NOT_AWAITING_APPROVAL', { status: delegation.status });
      }
      Object.assign(version, {
        partnerDecision: 'rejected',
        partnerDecidedAt: new Date(),
        partnerDecidedById: caller.userId,
        rejectionReason: input.reason,
      });
      await m.save(version);
      await this.audit.record(tx, {
        action: 'reject',
        entityType: 'roster',
        entityId: id,
        note: `v${version.version}: ${input.reason}`,
      });
      await this.delegations.moveByRoster(tx, id, {
        from: 'roster_locked',
        to: 'closed',
        note: `roster v${version.version} rejected by the partner`,
      });
      await this.store.notify(tx, 'roster.rejected', delegation, version, { roles: ['organizer'] });
      return { ...versionDto(version, true), delegationStatus: 'closed' };
    });
  }
}
