import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { DelegationStatus } from '../delegations/delegation-status';
import { DelegationsService } from '../delegations/delegations.service';
import { Language } from '../localization/language';
import { LockedRosterDto, LockRosterDto } from './dto/roster.dto';
import { CURRENT_SCHEME, rosterHash } from './roster-content';
import { RosterMember } from './roster-member.entity';
import { adminVersionDto, headerOf, listedOf } from './roster-records';
import { BATCH, RosterStore } from './roster-store';
import { RosterVersion } from './roster-version.entity';

/** A roster is locked once applications are closed, and locked again to make a new version. */
const LOCKABLE: readonly DelegationStatus[] = ['closed', 'roster_locked', 'confirmed'];

/** The organizer's lock: the approved people as the next version, for the partner to approve. */
@Injectable()
export class RosterLocking {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly store: RosterStore,
  ) {}

  /**
   * Snapshots the approved participants as the next version, refusing while a check fails
   * unless an override reason is given. Moves the delegation to `roster_locked`, which
   * reopens the partner's approval when it was `confirmed`.
   */
  async lock(
    caller: Caller,
    id: string,
    input: LockRosterDto,
    lang: Language,
  ): Promise<LockedRosterDto> {
    const { version, listed } = await this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      // The row lock queues concurrent locks and decisions on this delegation.
      const delegation = await this.delegations.findForRoster(tx, id, { lock: true });
      if (!delegation) throw notFound();
      if (!LOCKABLE.includes(delegation.status)) {
        throw new AppError('ROSTER_NOT_LOCKABLE', { status: delegation.status });
      }
      const live = await this.store.liveRoster(tx, delegation);
      if (!live.length) throw new AppError('ROSTER_EMPTY');
      const current = await this.store.latest(tx, id);
      const hash = rosterHash(id, headerOf(delegation), live);
      // After a rejection (back to `closed`) the same content may be locked again.
      if (current && delegation.status !== 'closed' && current.hash === hash) {
        throw new AppError('ROSTER_UNCHANGED', { version: current.version });
      }
      const errors = this.store
        .check(delegation, live)
        .checks.filter((c) => c.severity === 'error');
      if (errors.length && !input.override) throw this.store.notReady(errors, live, lang);

      const version = m.create(RosterVersion, {
        id: randomUUID(),
        delegationId: id,
        version: (current?.version ?? 0) + 1,
        hash,
        hashScheme: CURRENT_SCHEME,
        memberCount: live.length,
        ...headerOf(delegation),
        lockedAt: new Date(),
        lockedById: caller.userId,
        overrideReason: errors.length ? input.override!.reason : null,
        overriddenChecks: errors.length ? [...new Set(errors.map((c) => c.code))].join(',') : null,
        partnerDecision: null,
        partnerDecidedAt: null,
        partnerDecidedById: null,
        rejectionReason: null,
      });
      await m.insert(RosterVersion, { ...version });
      const listed = listedOf(live);
      for (let i = 0; i < listed.length; i += BATCH) {
        await m.insert(
          RosterMember,
          listed.slice(i, i + BATCH).map((p) => this.store.memberRow(version, p)),
        );
      }
      await this.audit.record(tx, {
        action: 'lock',
        entityType: 'roster',
        entityId: id,
        note:
          `v${version.version} ${hash}` +
          (version.overrideReason
            ? ` override [${version.overriddenChecks}]: ${version.overrideReason}`
            : ''),
      });
      await this.delegations.moveByRoster(tx, id, {
        from: delegation.status,
        to: 'roster_locked',
        note: `roster v${version.version}`,
        rosterVersion: version.version,
      });
      await this.store.notify(tx, 'roster.locked', delegation, version, {
        organizationIds: [delegation.hostOrganizationId],
      });
      return { version, listed };
    });
    const view = await this.store.view(this.transactions.read(caller), lang, listed);
    return {
      ...adminVersionDto(version, true),
      delegationStatus: 'roster_locked',
      members: listed.map((p) => view.member(p)),
    };
  }
}
