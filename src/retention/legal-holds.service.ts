import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { Ctx, forUpdate, Transactions } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { ParticipantErasure } from '../participants/participant-erasure.service';
import { CreateLegalHoldDto, LegalHoldDto } from './dto/retention.dto';
import { LegalHold } from './legal-hold.entity';

export interface ActiveHolds {
  participantIds: Set<string>;
  delegationIds: Set<string>;
}

/** An organizer's holds on a person or a delegation: kept past the policy while active. */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly participants: ParticipantErasure,
    private readonly delegations: DelegationsService,
  ) {}

  async list(state: 'active' | 'all' = 'active'): Promise<LegalHoldDto[]> {
    const rows = await this.transactions
      .read(null)
      .repo(LegalHold)
      .find({
        where: state === 'active' ? { releasedAt: IsNull() } : {},
        order: { createdAt: 'DESC', id: 'ASC' },
      });
    return rows.map(toDto);
  }

  async active(ctx: Ctx): Promise<ActiveHolds> {
    const rows = await ctx.repo(LegalHold).find({
      where: { releasedAt: IsNull() },
      select: { id: true, subjectType: true, subjectId: true },
    });
    const of = (type: string) =>
      new Set(rows.filter((r) => r.subjectType === type).map((r) => r.subjectId));
    return { participantIds: of('participant'), delegationIds: of('delegation') };
  }

  /** The first active hold on this person or on one of these delegations. */
  async holding(
    ctx: Ctx,
    participantId: string,
    delegationIds: string[],
  ): Promise<LegalHold | null> {
    return ctx.repo(LegalHold).findOne({
      where: [
        { subjectType: 'participant', subjectId: participantId, releasedAt: IsNull() },
        ...(delegationIds.length
          ? [
              {
                subjectType: 'delegation' as const,
                subjectId: In(delegationIds),
                releasedAt: IsNull(),
              },
            ]
          : []),
      ],
      order: { createdAt: 'ASC' },
    });
  }

  async create(caller: Caller, input: CreateLegalHoldDto): Promise<LegalHoldDto> {
    return this.transactions.run(caller, async (tx) => {
      const exists =
        input.subjectType === 'participant'
          ? await this.participants.exists(tx, input.subjectId)
          : await this.delegations.exists(tx, input.subjectId);
      if (!exists) {
        throw new AppError('VALIDATION_FAILED', {}, [{ field: 'subjectId', code: 'NOT_FOUND' }]);
      }
      const hold = Object.assign(new LegalHold(), {
        id: randomUUID(),
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        reason: input.reason,
        createdById: caller.userId,
        releasedAt: null,
        releasedById: null,
      });
      await tx.manager.insert(LegalHold, { ...hold });
      await this.audit.record(tx, {
        action: 'hold',
        entityType: input.subjectType,
        entityId: input.subjectId,
        note: input.reason,
      });
      return toDto(await tx.repo(LegalHold).findOneByOrFail({ id: hold.id }));
    });
  }

  async release(caller: Caller, id: string): Promise<LegalHoldDto> {
    return this.transactions.run(caller, async (tx) => {
      const hold = await tx.repo(LegalHold).findOne({ where: { id }, ...forUpdate(tx) });
      if (!hold) throw notFound();
      if (hold.releasedAt) throw new AppError('LEGAL_HOLD_RELEASED');
      hold.releasedAt = new Date();
      hold.releasedById = caller.userId;
      await tx.manager.update(
        LegalHold,
        { id },
        { releasedAt: hold.releasedAt, releasedById: caller.userId },
      );
      await this.audit.record(tx, {
        action: 'release',
        entityType: hold.subjectType,
        entityId: hold.subjectId,
      });
      return toDto(hold);
    });
  }
}

function toDto(row: LegalHold): LegalHoldDto {
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    reason: row.reason,
    createdById: row.createdById,
    createdAt: row.createdAt,
    releasedAt: row.releasedAt,
    releasedById: row.releasedById,
  };
}
