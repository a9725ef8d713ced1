import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, FindOptionsWhere, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, FieldError, notFound } from '../common/errors/app-error';
import { skipTake } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import { forUpdate, Transactions } from '../database/transactions';
import { DelegationForApplication, DelegationsService } from '../delegations/delegations.service';
import { NotificationsService } from '../notifications/notifications.service';
import { BLAGOVESHCHENSK_ZONE, HEIHE_ZONE, todayIn } from '../localization/local-times';
import { ParticipantsService, ReaderNames } from '../participants/participants.service';
import { DelegationMembers } from '../notices/delegation-members-port';
import { Application } from './application.entity';
import { applyEvent, Decision, DECIDING_STATES, holdsPlace } from './application-status';
import {
  ApplicationDto,
  ApplicationPageDto,
  ApplicationQueryDto,
  CreateApplicationDto,
  DecisionItemDto,
  DelegationApplicationsQueryDto,
} from './dto/application.dto';
import { checkSubmission } from './submission-rules';

const duplicate = () => new AppError('DUPLICATE_APPLICATION');

/** What a batch of decisions reads once for all its items instead of once per item. */
interface BatchFacts {
  names: Map<string, ReaderNames>;
  versions: Map<string, number>;
}

export type ApprovedApplication = Pick<
  Application,
  'id' | 'participantId' | 'schoolId' | 'kind' | 'approvedParticipantVersion'
>;

@Injectable()
export class ApplicationsService implements DelegationMembers {
  constructor(
    @InjectRepository(Application) private readonly applications: Repository<Application>,
    private readonly delegations: DelegationsService,
    private readonly participants: ParticipantsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsService,
  ) {}

  async submit(caller: Caller, input: CreateApplicationDto): Promise<ApplicationDto> {
    try {
      const application = await this.transactions.run(async (m) => {
        const participant = await this.participants.applicantFacts(caller, input.participantId, m);
        const delegation = await this.delegations.findForApplication(input.delegationId, m);
        if (!delegation || delegation.status === 'draft' || delegation.status === 'cancelled') {
          throw notFound();
        }
        checkSubmission({ delegation, participant, now: new Date() });
        if (
          await m.existsBy(Application, {
            delegationId: delegation.id,
            participantId: participant.id,
          })
        ) {
          throw duplicate();
        }
        const entity = m.create(Application, {
          id: randomUUID(),
          delegationId: delegation.id,
          participantId: participant.id,
          schoolId: participant.schoolId,
          kind: participant.kind,
          status: 'submitted',
          motivation: input.motivation ?? null,
          decisionNote: null,
          decidedById: null,
          decidedAt: null,
          approvedParticipantVersion: null,
          waitlistedAt: null,
          submittedAt: new Date(),
          withdrawnAt: null,
        });
        await m.insert(Application, { ...entity });
        await this.audit.record(m, caller, {
          action: 'submit',
          entityType: 'application',
          entityId: entity.id,
        });
        // Organizers hear of it in the hourly digest; subscribed webhooks at once.
        await this.notify(m, entity, delegation, 'application.submitted', {
          variant: 'single',
          channels: [],
        });
        return entity;
      });
      return (await this.toDtos([application]))[0];
    } catch (error) {
      // Two submissions of the same pair at once: the unique index decides.
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }

  async list(caller: Caller, query: ApplicationQueryDto): Promise<ApplicationPageDto> {
    const where: FindOptionsWhere<Application> = {};
    if (caller.role !== 'organizer') where.schoolId = caller.organizationId;
    if (query.delegationId) where.delegationId = query.delegationId;
    if (query.status) where.status = query.status;
    return this.page(where, query);
  }

  async listForDelegation(
    delegationId: string,
    query: DelegationApplicationsQueryDto,
  ): Promise<ApplicationPageDto> {
    await this.delegations.get(delegationId);
    const where: FindOptionsWhere<Application> = { delegationId };
    if (query.status) where.status = query.status;
    if (query.schoolId) where.schoolId = query.schoolId;
    return this.page(where, query);
  }

  async get(caller: Caller, id: string): Promise<ApplicationDto> {
    const entity = await this.applications.findOneBy(this.scope(caller, id));
    if (!entity) throw notFound();
    return (await this.toDtos([entity]))[0];
  }

  async decide(
    caller: Caller,
    id: string,
    decision: Decision,
    note?: string,
  ): Promise<ApplicationDto> {
    const entity = await this.transactions.run(async (m) =>
      this.applyDecision(m, caller, await this.lockWithDelegation(m, { id }), decision, note),
    );
    return (await this.toDtos([entity]))[0];
  }

  /** All or nothing: every item is tried so the answer lists each refusal, then it rolls back. */
  async decideMany(caller: Caller, items: DecisionItemDto[]): Promise<ApplicationDto[]> {
    const decided = await this.transactions.run(async (m) => {
      // The delegations first, in one order for every batch, then items as given: two
      // batches never wait on each other in a circle, and the first item wins a place.
      const rows = await m.find(Application, {
        where: { id: In(items.map((item) => item.id)) },
        select: { id: true, delegationId: true, participantId: true },
      });
      const delegations = new Map<string, DelegationForApplication>();
      for (const delegationId of [...new Set(rows.map((row) => row.delegationId))].sort()) {
        const delegation = await this.delegations.findForApplication(delegationId, m, true);
        if (delegation) delegations.set(delegationId, delegation);
      }
      // What every decision needs to know, read once for the batch instead of per item.
      const participantIds = rows.map((row) => row.participantId);
      const facts: BatchFacts = {
        names: await this.participants.readerNames(participantIds, m),
        versions: await this.participants.versionsOf(participantIds, m),
      };
      const errors: FieldError[] = [];
      const done = new Map<number, Application>();
      for (const [index, item] of items.entries()) {
        try {
          // Each row is read again under its lock: an earlier item may have changed it
          // (a rejection offering the place to a waitlisted one further down).
          const application = await m.findOne(Application, {
            where: { id: item.id },
            ...forUpdate(m),
          });
          const delegation = application && delegations.get(application.delegationId);
          if (!application || !delegation) throw notFound();
          const decidedOne = await this.applyDecision(
            m,
            caller,
            { application, delegation },
            item.decision,
            item.note,
            facts,
          );
          done.set(index, decidedOne);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          errors.push({ field: `items.${index}`, code: error.code, params: error.params });
        }
      }
      if (errors.length) {
        throw new AppError('DECISIONS_REFUSED', { count: errors.length }, errors);
      }
      return items.map((_, index) => done.get(index)!);
    });
    return this.toDtos(decided);
  }

  /** By the school, until departure. A freed place is offered to the first waitlisted. */
  async withdraw(caller: Caller, id: string): Promise<ApplicationDto> {
    const entity = await this.transactions.run(async (m) => {
      const { application, delegation } = await this.lockWithDelegation(m, this.scope(caller, id));
      // "Until departure" in the city the group leaves from.
      const zone = delegation.direction === 'CN_TO_RU' ? HEIHE_ZONE : BLAGOVESHCHENSK_ZONE;
      if (todayIn(zone) >= delegation.departureDate) throw new AppError('WITHDRAWAL_TOO_LATE');
      const heldPlace = holdsPlace(application.status);
      application.status = applyEvent(application.status, 'withdraw');
      application.withdrawnAt = new Date();
      await this.saveStatus(m, caller, application, 'withdraw');
      if (heldPlace) await this.freePlace(m, caller, application, delegation);
      return application;
    });
    return (await this.toDtos([entity]))[0];
  }

  /** On an application and its delegation, both locked by the caller. */
  private async applyDecision(
    m: EntityManager,
    caller: Caller,
    { application, delegation }: { application: Application; delegation: DelegationForApplication },
    decision: Decision,
    note: string | undefined,
    facts?: BatchFacts,
  ): Promise<Application> {
    if (!DECIDING_STATES.includes(delegation.status)) {
      throw new AppError('DELEGATION_NOT_DECIDING', { status: delegation.status });
    }
    const from = application.status;
    const to = applyEvent(from, decision);
    if (decision === 'approve') {
      if (!holdsPlace(from)) {
        await this.delegations.reservePlace(m, application.delegationId, application.kind);
      }
      const versions =
        facts?.versions ?? (await this.participants.versionsOf([application.participantId], m));
      application.approvedParticipantVersion = versions.get(application.participantId) ?? null;
    }
    if (to === 'waitlisted') application.waitlistedAt = new Date();
    application.status = to;
    application.decisionNote = note ?? null;
    application.decidedById = caller.userId;
    application.decidedAt = new Date();
    await this.saveStatus(m, caller, application, 'decision', `${from} → ${to}`);
    await this.notify(m, application, delegation, 'application.decided', {
      variant: to,
      names: facts?.names,
    });
    // A rejected offer frees its place for the next in line.
    if (holdsPlace(from) && !holdsPlace(to)) {
      await this.freePlace(m, caller, application, delegation);
    }
    return application;
  }

  /** Delegations a school takes part in: it has an application there still in the running. */
  async delegationIdsOfSchool(schoolId: string): Promise<string[]> {
    const rows = await this.applications
      .createQueryBuilder('a')
      .select('DISTINCT a.delegationId', 'delegationId')
      .where('a.schoolId = :schoolId', { schoolId })
      .andWhere('a.status IN (:...statuses)', {
        statuses: ['submitted', 'approved', 'waitlisted', 'offered'],
      })
      .getRawMany<{ delegationId: string }>();
    return rows.map((row) => row.delegationId);
  }

  /** Schools with an application to a delegation still in the running: its audience. */
  async schoolIdsIn(delegationId: string, manager: EntityManager): Promise<string[]> {
    const rows = await manager
      .createQueryBuilder(Application, 'a')
      .select('DISTINCT a.schoolId', 'schoolId')
      .where('a.delegationId = :delegationId', { delegationId })
      .andWhere('a.status IN (:...statuses)', {
        statuses: ['submitted', 'approved', 'waitlisted', 'offered'],
      })
      .getRawMany<{ schoolId: string }>();
    return rows.map((row) => row.schoolId);
  }

  /** The approved applications of a delegation, for its roster, in the caller's transaction. */
  async approvedFor(delegationId: string, manager: EntityManager): Promise<ApprovedApplication[]> {
    return manager.find(Application, {
      where: { delegationId, status: 'approved' },
      select: {
        id: true,
        participantId: true,
        schoolId: true,
        kind: true,
        approvedParticipantVersion: true,
      },
      order: { id: 'ASC' },
    });
  }

  /**
   * Locks the delegation row, then the application: every path takes them in this order,
   * so concurrent decisions and withdrawals on MySQL queue up instead of deadlocking.
   */
  private async lockWithDelegation(m: EntityManager, where: FindOptionsWhere<Application>) {
    const found = await m.findOne(Application, { where, select: { id: true, delegationId: true } });
    if (!found) throw notFound();
    const delegation = await this.delegations.findForApplication(found.delegationId, m, true);
    const application = await m.findOne(Application, { where: { id: found.id }, ...forUpdate(m) });
    if (!delegation || !application) throw notFound();
    return { application, delegation };
  }

  /** Gives the place back and keeps it for the first waitlisted of the same kind, if any. */
  private async freePlace(
    m: EntityManager,
    caller: Caller,
    freed: Application,
    delegation: DelegationForApplication,
  ): Promise<void> {
    await this.delegations.releasePlace(m, freed.delegationId, freed.kind);
    const next = await m.findOne(Application, {
      where: { delegationId: freed.delegationId, kind: freed.kind, status: 'waitlisted' },
      order: { waitlistedAt: 'ASC', submittedAt: 'ASC', id: 'ASC' },
      ...forUpdate(m),
    });
    if (!next) return;
    await this.delegations.reservePlace(m, next.delegationId, next.kind);
    next.status = applyEvent(next.status, 'offer');
    await this.saveStatus(m, caller, next, 'offer');
    await this.notify(m, next, delegation, 'application.offered');
  }

  /**
   * Tells the school's coordinators, in the transaction of the change. `names` are the
   * reader names a batch has read already; otherwise this reads the participant's.
   */
  private async notify(
    m: EntityManager,
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
      : await this.participants.readerNames([application.participantId], m);
    await this.notifications.emit(m, {
      event,
      channels,
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
  private async saveStatus(
    m: EntityManager,
    caller: Caller,
    application: Application,
    action: 'withdraw' | 'decision' | 'offer',
    note?: string,
  ): Promise<void> {
    // An UPDATE of the columns a status change touches; `save` would SELECT the row first.
    await m.update(
      Application,
      { id: application.id },
      {
        status: application.status,
        decisionNote: application.decisionNote,
        decidedById: application.decidedById,
        decidedAt: application.decidedAt,
        approvedParticipantVersion: application.approvedParticipantVersion,
        waitlistedAt: application.waitlistedAt,
        withdrawnAt: application.withdrawnAt,
      },
    );
    await this.audit.record(m, caller, {
      action,
      entityType: 'application',
      entityId: application.id,
      changedFields: ['status'],
      note,
    });
  }

  private scope(caller: Caller, id: string): FindOptionsWhere<Application> {
    return caller.role === 'organizer' ? { id } : { id, schoolId: caller.organizationId };
  }

  private async page(
    where: FindOptionsWhere<Application>,
    query: { page: number; pageSize: number },
  ): Promise<ApplicationPageDto> {
    const [rows, total] = await this.applications.findAndCount({
      where,
      order: { submittedAt: 'ASC', id: 'ASC' },
      ...skipTake(query),
    });
    return { items: await this.toDtos(rows), total, page: query.page, pageSize: query.pageSize };
  }

  /** One query for all participants on the page, never one per application. */
  private async toDtos(rows: Application[]): Promise<ApplicationDto[]> {
    const summaries = await this.participants.summaries(rows.map((r) => r.participantId));
    return rows.map((row) => {
      const summary = summaries.get(row.participantId);
      return Object.assign(new ApplicationDto(), {
        id: row.id,
        delegationId: row.delegationId,
        participantId: row.participantId,
        schoolId: row.schoolId,
        kind: row.kind,
        status: row.status,
        motivation: row.motivation,
        decisionNote: row.decisionNote,
        decidedAt: row.decidedAt,
        submittedAt: row.submittedAt,
        withdrawnAt: row.withdrawnAt,
        changedSinceApproval:
          row.status === 'approved' &&
          summary !== undefined &&
          row.approvedParticipantVersion !== summary.version,
        names: summary?.names ?? null,
      });
    });
  }
}
