import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../database/errors';
import { Transactions } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { BLAGOVESHCHENSK_ZONE, HEIHE_ZONE, todayIn } from '../localization/local-times';
import { ApplicantFacts, ParticipantsService } from '../participants/participants.service';
import { NamesDto } from '../participants/dto/participant.dto';
import { ageOn } from '../participants/age-rules';
import { ErrorCode } from '../common/errors/error-codes';
import { Application } from './application.entity';
import { applyEvent, holdsPlace } from './application-status';
import { ApplicationSteps } from './application-steps';
import { ApplicationsService, scopedTo } from './applications.service';
import { ApplicationDto, CreateApplicationDto } from './dto/application.dto';
import { checkSubmission } from './submission-rules';

const duplicate = () => new AppError('DUPLICATE_APPLICATION');

/** Whether one of a school's people may apply to a delegation, and if not, why. */
export interface Eligibility {
  participantId: string;
  kind: ApplicantFacts['kind'];
  names: NamesDto;
  birthDate: string;
  ageOnDeparture: number;
  eligible: boolean;
  reason?: { code: ErrorCode; params: Record<string, unknown> };
}

/** A school's side of an application: submitting one for its participant, withdrawing it. */
@Injectable()
export class SchoolApplications {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly participants: ParticipantsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly steps: ApplicationSteps,
    private readonly applications: ApplicationsService,
  ) {}

  /**
   * Who of the school's people may apply to a delegation now, and why the others may not
   * (an application already made, then the rules of `submit`, in the order it checks them).
   */
  async eligibility(caller: Caller, delegationId: string): Promise<Eligibility[]> {
    const ctx = this.transactions.read(caller);
    const delegation = await this.delegations.findForApplication(ctx, delegationId);
    if (!delegation || delegation.status === 'draft' || delegation.status === 'cancelled') {
      throw notFound();
    }
    const [people, applied] = await Promise.all([
      this.participants.applicantsOfSchool(ctx, caller.organizationId),
      ctx.repo(Application).find({
        where: { delegationId, schoolId: caller.organizationId },
        select: { id: true, participantId: true },
      }),
    ]);
    const hasApplied = new Set(applied.map((a) => a.participantId));
    const now = new Date();
    return people.map((person) => {
      const base = {
        participantId: person.id,
        kind: person.kind,
        names: person.names,
        birthDate: person.birthDate,
        ageOnDeparture: ageOn(person.birthDate, delegation.departureDate),
      };
      if (hasApplied.has(person.id)) {
        return {
          ...base,
          eligible: false,
          reason: { code: 'DUPLICATE_APPLICATION' as const, params: {} },
        };
      }
      try {
        checkSubmission({ delegation, participant: person, now });
        return { ...base, eligible: true };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return {
          ...base,
          eligible: false,
          reason: { code: error.code, params: error.params ?? {} },
        };
      }
    });
  }

  async submit(caller: Caller, input: CreateApplicationDto): Promise<ApplicationDto> {
    try {
      const application = await this.transactions.run(caller, async (tx) => {
        const m = tx.manager;
        const participant = await this.participants.applicantFacts(tx, input.participantId);
        const delegation = await this.delegations.findForApplication(tx, input.delegationId);
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
          firstDecidedAt: null,
          approvedParticipantVersion: null,
          waitlistedAt: null,
          submittedAt: new Date(),
          withdrawnAt: null,
        });
        await m.insert(Application, { ...entity });
        await this.audit.record(tx, {
          action: 'submit',
          entityType: 'application',
          entityId: entity.id,
        });
        // Organizers hear of it in the hourly digest; subscribed webhooks at once.
        await this.steps.notify(tx, entity, delegation, 'application.submitted', {
          variant: 'single',
          channels: [],
        });
        return entity;
      });
      return (await this.applications.dtos(this.transactions.read(caller), [application]))[0];
    } catch (error) {
      // Two submissions of the same pair at once: the unique index decides.
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }

  /** By the school, until departure. A freed place is offered to the first waitlisted. */
  async withdraw(caller: Caller, id: string): Promise<ApplicationDto> {
    const entity = await this.transactions.run(caller, async (tx) => {
      const { application, delegation } = await this.steps.lockWithDelegation(
        tx,
        scopedTo(caller, id),
      );
      // "Until departure" in the city the group leaves from.
      const zone = delegation.direction === 'CN_TO_RU' ? HEIHE_ZONE : BLAGOVESHCHENSK_ZONE;
      if (todayIn(zone) >= delegation.departureDate) throw new AppError('WITHDRAWAL_TOO_LATE');
      const heldPlace = holdsPlace(application.status);
      application.status = applyEvent(application.status, 'withdraw');
      application.withdrawnAt = new Date();
      await this.steps.saveStatus(tx, application, 'withdraw');
      if (heldPlace) await this.steps.freePlace(tx, application, delegation);
      return application;
    });
    return (await this.applications.dtos(this.transactions.read(caller), [entity]))[0];
  }
}
