import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { AppError, FieldError, notFound } from '../common/errors/app-error';
import { forUpdate, Transactions, Tx } from '../database/transactions';
import { DelegationForApplication, DelegationsService } from '../delegations/delegations.service';
import { ParticipantsService, ReaderNames } from '../participants/participants.service';
import { Application } from './application.entity';
import { applyEvent, Decision, DECIDING_STATES, holdsPlace } from './application-status';
import { ApplicationSteps } from './application-steps';
import { ApplicationsService } from './applications.service';
import { ApplicationDto, DecisionItemDto } from './dto/application.dto';

/** What a batch of decisions reads once for all its items instead of once per item. */
interface BatchFacts {
  names: Map<string, ReaderNames>;
  versions: Map<string, number>;
}

/** The organizer's decisions on applications, one by one or in an all-or-nothing batch. */
@Injectable()
export class ApplicationDecisions {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly participants: ParticipantsService,
    private readonly transactions: Transactions,
    private readonly steps: ApplicationSteps,
    private readonly applications: ApplicationsService,
  ) {}

  async decide(
    caller: Caller,
    id: string,
    decision: Decision,
    note?: string,
  ): Promise<ApplicationDto> {
    const entity = await this.transactions.run(caller, async (tx) =>
      this.applyDecision(tx, await this.steps.lockWithDelegation(tx, { id }), decision, note),
    );
    return (await this.applications.dtos(this.transactions.read(caller), [entity]))[0];
  }

  /** All or nothing: every item is tried so the answer lists each refusal, then it rolls back. */
  async decideMany(caller: Caller, items: DecisionItemDto[]): Promise<ApplicationDto[]> {
    const decided = await this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      // The delegations first, in one order for every batch, then items as given: two
      // batches never wait on each other in a circle, and the first item wins a place.
      const rows = await m.find(Application, {
        where: { id: In(items.map((item) => item.id)) },
        select: { id: true, delegationId: true, participantId: true },
      });
      const delegations = new Map<string, DelegationForApplication>();
      for (const delegationId of [...new Set(rows.map((row) => row.delegationId))].sort()) {
        const delegation = await this.delegations.findForApplication(tx, delegationId, {
          lock: true,
        });
        if (delegation) delegations.set(delegationId, delegation);
      }
      // What every decision needs to know, read once for the batch instead of per item.
      const participantIds = rows.map((row) => row.participantId);
      const facts: BatchFacts = {
        names: await this.participants.readerNames(tx, participantIds),
        versions: await this.participants.versionsOf(tx, participantIds),
      };
      const errors: FieldError[] = [];
      const done = new Map<number, Application>();
      for (const [index, item] of items.entries()) {
        try {
          // Each row is read again under its lock: an earlier item may have changed it
          // (a rejection offering the place to a waitlisted one further down).
          const application = await m.findOne(Application, {
            where: { id: item.id },
            ...forUpdate(tx),
          });
          const delegation = application && delegations.get(application.delegationId);
          if (!application || !delegation) throw notFound();
          const decidedOne = await this.applyDecision(
            tx,
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
    return this.applications.dtos(this.transactions.read(caller), decided);
  }

  /** On an application and its delegation, both locked by the caller. */
  private async applyDecision(
    tx: Tx,
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
        await this.delegations.reservePlace(tx, application.delegationId, application.kind);
      }
      const versions =
        facts?.versions ?? (await this.participants.versionsOf(tx, [application.participantId]));
      application.approvedParticipantVersion = versions.get(application.participantId) ?? null;
    }
    if (to === 'waitlisted') application.waitlistedAt = new Date();
    application.status = to;
    application.decisionNote = note ?? null;
    application.decidedById = tx.caller?.userId ?? null;
    application.decidedAt = new Date();
    // What the statistics time: a later re-approval does not move it.
    application.firstDecidedAt ??= application.decidedAt;
    await this.steps.saveStatus(tx, application, 'decision', `${from} → ${to}`);
    await this.steps.notify(tx, application, delegation, 'application.decided', {
      variant: to,
      names: facts?.names,
    });
    // A rejected offer frees its place for the next in line.
    if (holdsPlace(from) && !holdsPlace(to)) {
      await this.steps.freePlace(tx, application, delegation);
    }
    return application;
  }
}
