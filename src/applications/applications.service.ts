import { Injectable } from '@nestjs/common';
import { FindOptionsWhere, In } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { notFound } from '../common/errors/app-error';
import { skipTake } from '../common/http/pagination';
import { Ctx, Transactions, Tx } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { DelegationMembers } from '../notices/delegation-members-port';
import { ParticipantsService } from '../participants/participants.service';
import { Application } from './application.entity';
import {
  ApplicationDto,
  ApplicationPageDto,
  ApplicationQueryDto,
  DelegationApplicationsQueryDto,
} from './dto/application.dto';

export type ApprovedApplication = Pick<
  Application,
  'id' | 'participantId' | 'schoolId' | 'kind' | 'approvedParticipantVersion'
>;

/** Still in the running for a place: what makes a school one of a delegation's. */
const ACTIVE = ['submitted', 'approved', 'waitlisted', 'offered'];

/** An application as the caller may see it: an organizer any, a school its own. */
export function scopedTo(caller: Caller, id: string): FindOptionsWhere<Application> {
  return caller.role === 'organizer' ? { id } : { id, schoolId: caller.organizationId };
}

/**
 * Applications read: the lists and one application, as the API shows them, and what
 * other features ask of them (a roster's approved people, who is in a delegation).
 */
@Injectable()
export class ApplicationsService implements DelegationMembers {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly participants: ParticipantsService,
    private readonly transactions: Transactions,
  ) {}

  async list(caller: Caller, query: ApplicationQueryDto): Promise<ApplicationPageDto> {
    const where: FindOptionsWhere<Application> = {};
    if (caller.role !== 'organizer') where.schoolId = caller.organizationId;
    if (query.delegationId) where.delegationId = query.delegationId;
    if (query.participantId) where.participantId = query.participantId;
    if (query.status) where.status = query.status;
    return this.page(this.transactions.read(caller), where, query);
  }

  async listForDelegation(
    caller: Caller,
    delegationId: string,
    query: DelegationApplicationsQueryDto,
  ): Promise<ApplicationPageDto> {
    await this.delegations.get(delegationId);
    const where: FindOptionsWhere<Application> = { delegationId };
    if (query.status) where.status = query.status;
    if (query.schoolId) where.schoolId = query.schoolId;
    return this.page(this.transactions.read(caller), where, query);
  }

  /** Some applications of one delegation, by id (an organizer's selection); others are absent. */
  async someOfDelegation(
    caller: Caller,
    delegationId: string,
    ids: string[],
  ): Promise<ApplicationDto[]> {
    if (ids.length === 0) return [];
    const ctx = this.transactions.read(caller);
    const rows = await ctx.repo(Application).findBy({ delegationId, id: In([...new Set(ids)]) });
    return this.dtos(ctx, rows);
  }

  async get(caller: Caller, id: string): Promise<ApplicationDto> {
    const ctx = this.transactions.read(caller);
    const entity = await ctx.repo(Application).findOneBy(scopedTo(caller, id));
    if (!entity) throw notFound();
    return (await this.dtos(ctx, [entity]))[0];
  }

  /** The schools with applications on a delegation, for the organizer's school filter. */
  async schoolIdsOfDelegation(caller: Caller, delegationId: string): Promise<string[]> {
    const rows = await this.transactions
      .read(caller)
      .repo(Application)
      .createQueryBuilder('a')
      .select('DISTINCT a.schoolId', 'schoolId')
      .where('a.delegationId = :delegationId', { delegationId })
      .getRawMany<{ schoolId: string }>();
    return rows.map((row) => row.schoolId);
  }

  /** Delegations a school takes part in: it has an application there still in the running. */
  async delegationIdsOfSchool(ctx: Ctx, schoolId: string): Promise<string[]> {
    const rows = await ctx
      .repo(Application)
      .createQueryBuilder('a')
      .select('DISTINCT a.delegationId', 'delegationId')
      .where('a.schoolId = :schoolId', { schoolId })
      .andWhere('a.status IN (:...statuses)', { statuses: ACTIVE })
      .getRawMany<{ delegationId: string }>();
    return rows.map((row) => row.delegationId);
  }

  /** Everyone who applied to these delegations, in whatever state. */
  async participantIdsIn(ctx: Ctx, delegationIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < delegationIds.length; i += 500) {
      const rows = await ctx
        .repo(Application)
        .createQueryBuilder('a')
        .select('DISTINCT a.participantId', 'participantId')
        .where('a.delegationId IN (:...ids)', { ids: delegationIds.slice(i, i + 500) })
        .getRawMany<{ participantId: string }>();
      for (const row of rows) found.add(row.participantId);
    }
    return found;
  }

  /** How many of these people applied to each delegation (each person once per delegation). */
  async delegationCounts(ctx: Ctx, participantIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (let i = 0; i < participantIds.length; i += 500) {
      const rows = await ctx
        .repo(Application)
        .createQueryBuilder('a')
        .select('a.delegationId', 'delegationId')
        .addSelect('COUNT(DISTINCT a.participantId)', 'n')
        .where('a.participantId IN (:...ids)', { ids: participantIds.slice(i, i + 500) })
        .groupBy('a.delegationId')
        .getRawMany<{ delegationId: string; n: number | string }>();
      for (const row of rows)
        counts.set(row.delegationId, (counts.get(row.delegationId) ?? 0) + Number(row.n));
    }
    return counts;
  }

  /**
   * An erased person's own words on their applications (the motivation) go with their
   * data; the facts of each application (who decided what, when) stay.
   */
  async forgetMotivations(tx: Tx, participantIds: string[]): Promise<void> {
    if (!participantIds.length) return;
    await tx.manager.update(
      Application,
      { participantId: In(participantIds) },
      { motivation: null },
    );
  }

  /** One person's applications, oldest first: their copy of their data, and erasure's checks. */
  async ofParticipant(ctx: Ctx, participantId: string): Promise<ApplicationDto[]> {
    const rows = await ctx.repo(Application).find({
      where: { participantId },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
    return this.dtos(ctx, rows);
  }

  /** Schools with an application to a delegation still in the running: its audience. */
  async schoolIdsIn(ctx: Ctx, delegationId: string): Promise<string[]> {
    const rows = await ctx
      .repo(Application)
      .createQueryBuilder('a')
      .select('DISTINCT a.schoolId', 'schoolId')
      .where('a.delegationId = :delegationId', { delegationId })
      .andWhere('a.status IN (:...statuses)', { statuses: ACTIVE })
      .getRawMany<{ schoolId: string }>();
    return rows.map((row) => row.schoolId);
  }

  /** The approved applications of a delegation, for its roster, in the caller's transaction. */
  async approvedFor(ctx: Ctx, delegationId: string): Promise<ApprovedApplication[]> {
    return ctx.repo(Application).find({
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

  private async page(
    ctx: Ctx,
    where: FindOptionsWhere<Application>,
    query: { page: number; pageSize: number },
  ): Promise<ApplicationPageDto> {
    const [rows, total] = await ctx.repo(Application).findAndCount({
      where,
      order: { submittedAt: 'ASC', id: 'ASC' },
      ...skipTake(query),
    });
    return {
      items: await this.dtos(ctx, rows),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** One query for all participants on the page, never one per application. */
  async dtos(ctx: Ctx, rows: Application[]): Promise<ApplicationDto[]> {
    const [summaries, positions] = await Promise.all([
      this.participants.summaries(
        ctx,
        rows.map((r) => r.participantId),
      ),
      this.waitlistPositions(ctx, rows),
    ]);
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
        waitlistPosition: positions.get(row.id) ?? null,
        names: summary?.names ?? null,
      });
    });
  }

  /**
   * Where each waitlisted application stands, in the order a freed place goes (DOMAIN.md):
   * one query per delegation and kind on the page, and only for waitlisted ones.
   */
  private async waitlistPositions(ctx: Ctx, rows: Application[]): Promise<Map<string, number>> {
    const positions = new Map<string, number>();
    const lists = new Map(
      rows
        .filter((row) => row.status === 'waitlisted')
        .map((row) => [`${row.delegationId}:${row.kind}`, row] as const),
    );
    for (const { delegationId, kind } of lists.values()) {
      const waiting = await ctx.repo(Application).find({
        where: { delegationId, kind, status: 'waitlisted' },
        order: { waitlistedAt: 'ASC', submittedAt: 'ASC', id: 'ASC' },
        select: { id: true },
      });
      waiting.forEach((row, i) => positions.set(row.id, i + 1));
    }
    return positions;
  }
}
