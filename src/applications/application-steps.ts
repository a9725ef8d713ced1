import { Injectable } from '@nestjs/common';
import { FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors/app-error';
import { forUpdate, Tx } from '../database/transactions';
import { DelegationForApplication, DelegationsService } from '../delegations/delegations.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ParticipantsService, ReaderNames } from '../participants/participants.service';
import { Application } from './application.entity';
import { applyEvent } from './application-status';

/**
 * The steps the school's and the organizer's use cases share, each inside the use
 * case's transaction: locking in one order, freeing a place to the waitlist, saving a
 * status with its audit entry, telling the school.
 */
@Injectable()
export class ApplicationSteps {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly participants: ParticipantsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Locks the delegation row, then the application: every path takes them in this order,
   * so concurrent decisions and withdrawals on MySQL queue up instead of deadlocking.
   */
  async lockWithDelegation(tx: Tx, where: FindOptionsWhere<Application>) {
    const m = tx.manager;
    const found = await m.findOne(Application, { where, select: { id: true, delegationId: true } });
    if (!found) throw notFound();
    const delegation = await this.delegations.findForApplication(tx, found.delegationId, {
      lock: true,
    });
    const application = await m.findOne(Application, { where: { id: found.id }, ...forUpdate(tx) });
    if (!delegation || !application) throw notFound();
    return { application, delegation };
  }

  /** Gives the place back and keeps it for the first waitlisted of the same kind, if any. */
  async freePlace(tx: Tx, freed: Application, delegation: DelegationForApplication): Promise<void> {
    await this.delegations.releasePlace(tx, freed.delegationId, freed.kind);
    const next = await tx.manager.findOne(Application, {
      where: { delegationId: freed.delegationId, kind: freed.kind, status: 'waitlisted' },
      order: { waitlistedAt: 'ASC', submittedAt: 'ASC', id: 'ASC' },
      ...forUpdate(tx),
    });
    if (!next) return;
    await this.delegations.reservePlace(tx, next.delegationId, next.kind);
    next.status = applyEvent(next.status, 'offer');
    await this.saveStatus(tx, next, 'offer');
    await this.notify(tx, next, delegation, 'application.offered');
  }

  /**
   * Tells the school's coordinators, in the transaction of the change. `names` are the
   * reader names a batch has read already; otherwise this reads the participant's.
   */
  async notify(
    tx: Tx,
    application: Application,
    delegation: Pick<DelegationForApplication, 'id' | 'titleZh' | 'titleRu'>,
    event: 'application.submitted' | 'application.decided' | 'application.offered',
    {
      variant,
      channels,
      names: known,
    }: { variant?: string; channels?: []; names?: Map<string, ReaderNames> } = {},
  ): Promise<void> {
    const names = known?.has(application.participantId)
      ? known
      : await this.participants.readerNames(tx, [application.participantId]);
    await this.notifications.emit(tx, {
      event,
      channels,
      participantId: application.participantId,
      audience:
        event === 'application.submitted'
          ? { roles: ['organizer'] }
          : { organizationIds: [application.schoolId], roles: ['school_coordinator'] },
      data: {
        variant: variant ?? null,
        applicationId: application.id,
        delegationId: delegation.id,
        schoolId: application.schoolId,
        status: application.status,
        participant: names.get(application.participantId) ?? null,
        delegation: { zh: delegation.titleZh, ru: delegation.titleRu },
        note: application.decisionNote ?? '',
        link: `/{lang}/delegations/${delegation.id}`,
      },
    });
  }

  /** Every status change is saved with its audit entry, in the same transaction. */
  async saveStatus(
    tx: Tx,
    application: Application,
    action: 'withdraw' | 'decision' | 'offer',
    note?: string,
  ): Promise<void> {
    // An UPDATE of the columns a status change touches; `save` would SELECT the row first.
    await tx.manager.update(
      Application,
      { id: application.id },
      {
        status: application.status,
        decisionNote: application.decisionNote,
        decidedById: application.decidedById,
        decidedAt: application.decidedAt,
        firstDecidedAt: application.firstDecidedAt,
        approvedParticipantVersion: application.approvedParticipantVersion,
        waitlistedAt: application.waitlistedAt,
        withdrawnAt: application.withdrawnAt,
      },
    );
    await this.audit.record(tx, {
      action,
      entityType: 'application',
      entityId: application.id,
      changedFields: ['status'],
      note,
    });
  }
}
