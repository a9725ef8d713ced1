import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, In, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ContentChanges } from '../common/events/content-changes';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { Page, pageOf, skipTake } from '../common/http/pagination';
import { Ctx, forUpdate, Tx } from '../database/transactions';
import { PLACE_COLUMNS, PlaceKind, touched } from './delegation-places';
import { assertTransition, DelegationStatus, PUBLISHED_STATUSES } from './delegation-status';
import { Delegation } from './delegation.entity';
import {
  DelegationDto,
  DelegationQueryDto,
  PublishedDelegationQueryDto,
} from './dto/delegation.dto';
import { TravelRegime } from './travel-regime.entity';
import { passportNeededUntil } from './travel-rules';
import { hasVisibleText } from '../common/text/visible-text';

export type { PlaceKind };

/** What deciding on an application needs to know about its delegation. */
export type DelegationForApplication = Pick<
  Delegation,
  | 'id'
  | 'status'
  | 'direction'
  | 'hostOrganizationId'
  | 'applicationOpensAt'
  | 'applicationClosesAt'
  | 'departureDate'
  | 'returnDate'
  | 'minAge'
  | 'maxAge'
  | 'studentPlaces'
  | 'chaperonePlaces'
  | 'studentPlacesTaken'
  | 'chaperonePlacesTaken'
  | 'studentsPerChaperone'
  | 'travelRegimeId'
  | 'titleZh'
  | 'titleRu'
>;

export type DelegationForRoster = Delegation & {
  regime: Pick<
    TravelRegime,
    'id' | 'name' | 'minGroupSize' | 'maxGroupSize' | 'maxStayDays' | 'passportMarginMonths'
  >;
};

@Injectable()
export class DelegationsService {
  constructor(
    @InjectRepository(Delegation) private readonly delegations: Repository<Delegation>,
    private readonly audit: AuditService,
    private readonly changes: ContentChanges,
  ) {}

  async list(query: DelegationQueryDto): Promise<Page<DelegationDto>> {
    const where: FindOptionsWhere<Delegation> = {};
    if (query.status) where.status = query.status;
    if (query.direction) where.direction = query.direction;
    if (query.hostOrganizationId) where.hostOrganizationId = query.hostOrganizationId;
    return this.page(where, query);
  }

  /**
   * Delegations schools and partners may see: open and later, never drafts or cancelled;
   * a partner only those its organization hosts or sends.
   */
  async listPublished(
    caller: Caller,
    query: PublishedDelegationQueryDto,
  ): Promise<Page<DelegationDto>> {
    const where: FindOptionsWhere<Delegation> = {
      status: query.status ?? In([...PUBLISHED_STATUSES]),
      ...visibleTo(caller),
    };
    if (query.direction) where.direction = query.direction;
    return this.page(where, query);
  }

  async get(id: string): Promise<DelegationDto> {
    const entity = await this.delegations.findOneBy({ id });
    if (!entity) throw notFound();
    return DelegationDto.from(entity);
  }

  /** A draft or cancelled delegation is 404, like one that does not exist. */
  async getPublished(caller: Caller, id: string): Promise<DelegationDto> {
    const entity = await this.delegations.findOneBy({
      id,
      status: In([...PUBLISHED_STATUSES]),
      ...visibleTo(caller),
    });
    if (!entity) throw notFound();
    return DelegationDto.from(entity);
  }

  /**
   * For the roster: moves the delegation along one of the roster's edges (lock, the
   * partner's decision) inside the caller's transaction, with its audit entry; a lock
   * also records the version it made.
   */
  async moveByRoster(
    tx: Tx,
    id: string,
    change: { from: DelegationStatus; to: DelegationStatus; note: string; rosterVersion?: number },
  ): Promise<void> {
    const { from, to, note, rosterVersion } = change;
    if (from !== to) assertTransition(from, to);
    const result = await tx.manager.update(
      Delegation,
      { id, status: from },
      { status: to, ...(rosterVersion !== undefined ? { rosterVersion } : {}) },
    );
    // The caller holds the row lock, so the status cannot have moved in between.
    if (result.affected !== 1) throw new AppError('ILLEGAL_TRANSITION', { from, to });
    touched(tx, this.changes);
    if (from === to) return;
    await this.audit.record(tx, {
      action: 'transition',
      entityType: 'delegation',
      entityId: id,
      changedFields: ['status'],
      note: `${from} → ${to}: ${note}`,
    });
  }

  /**
   * What a roster needs of its delegation and travel regime, inside the caller's
   * transaction; locked when the roster is about to change. Scoped to a partner's own.
   */
  async findForRoster(
    ctx: Ctx,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<DelegationForRoster | undefined> {
    const caller = ctx.caller;
    const delegation = await ctx.repo(Delegation).findOne({
      where:
        caller?.role === 'partner'
          ? { id, status: In([...PUBLISHED_STATUSES]), ...visibleTo(caller) }
          : { id },
      ...(options.lock && ctx instanceof Tx ? forUpdate(ctx) : {}),
    });
    if (!delegation) return undefined;
    const regime = await ctx.repo(TravelRegime).findOneByOrFail({ id: delegation.travelRegimeId });
    return { ...delegation, regime: { ...regime } };
  }

  /**
   * For the public pages: published delegations by departure date, the latest first
   * unless `upcomingFrom` asks for those departing on or after that day, soonest first.
   */
  async publicList(options: { limit: number; upcomingFrom?: string }): Promise<DelegationDto[]> {
    const rows = await this.delegations.find({
      where: {
        status: options.upcomingFrom
          ? In(['open', 'closed', 'roster_locked', 'confirmed'])
          : In([...PUBLISHED_STATUSES]),
        ...(options.upcomingFrom ? { departureDate: MoreThanOrEqual(options.upcomingFrom) } : {}),
      },
      order: options.upcomingFrom
        ? { departureDate: 'ASC', id: 'ASC' }
        : { departureDate: 'DESC', id: 'ASC' },
      take: options.limit,
    });
    return rows.map((row) => DelegationDto.from(row));
  }

  /** For the public pages: a published delegation, or undefined. */
  async publicGet(id: string): Promise<DelegationDto | undefined> {
    const row = await this.delegations.findOneBy({ id, status: In([...PUBLISHED_STATUSES]) });
    return row ? DelegationDto.from(row) : undefined;
  }

  /** Several delegations, whatever their state, for lists that name them (a school's applications). */
  async byIds(ctx: Ctx, ids: string[]): Promise<Map<string, DelegationDto>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.repo(Delegation).findBy({ id: In([...new Set(ids)]) });
    return new Map(rows.map((row) => [row.id, DelegationDto.from(row)]));
  }

  /** The same for one delegation already read: one query, for its regime's margin. */
  async passportDeadlineOf(
    ctx: Ctx,
    delegation: { returnDate: string; travelRegimeId: string },
  ): Promise<string> {
    const regime = await ctx.repo(TravelRegime).findOne({
      where: { id: delegation.travelRegimeId },
      select: { id: true, passportMarginMonths: true },
    });
    return passportNeededUntil(delegation.returnDate, regime?.passportMarginMonths ?? 0);
  }

  /** The day each delegation's passports must stay valid until (its regime's margin applied). */
  async passportDeadlines(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.repo(Delegation).find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, returnDate: true, travelRegimeId: true },
    });
    const regimes = await ctx.repo(TravelRegime).find({
      where: { id: In([...new Set(rows.map((row) => row.travelRegimeId))]) },
      select: { id: true, passportMarginMonths: true },
    });
    const margin = new Map(regimes.map((regime) => [regime.id, regime.passportMarginMonths]));
    return new Map(
      rows.map((row) => [
        row.id,
        passportNeededUntil(row.returnDate, margin.get(row.travelRegimeId) ?? 0),
      ]),
    );
  }

  /**
   * Delegations returning on or after `date`, whatever their state: the people on them
   * still have a purpose for their data (the retention policy counts from the return).
   */
  async idsReturningFrom(ctx: Ctx, date: string): Promise<string[]> {
    const rows = await ctx.repo(Delegation).find({
      where: { returnDate: MoreThanOrEqual(date) },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  async exists(ctx: Ctx, id: string): Promise<boolean> {
    return ctx.repo(Delegation).existsBy({ id });
  }

  /** Delegations an organization hosts or sends. */
  async idsHostedBy(ctx: Ctx, organizationId: string): Promise<string[]> {
    const rows = await ctx.repo(Delegation).find({
      where: { hostOrganizationId: organizationId },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /**
   * Delegations (not cancelled: the others' pages are read) with a text in one language
   * only: the title or the description. A description written in neither is
   * no translator's work.
   */
  async missingTranslations(): Promise<
    { id: string; status: string; missing: string[]; titleZh: string; titleRu: string }[]
  > {
    const rows = await this.delegations.find({
      where: { status: Not('cancelled') },
      select: {
        id: true,
        status: true,
        titleZh: true,
        titleRu: true,
        descriptionZh: true,
        descriptionRu: true,
      },
      order: { departureDate: 'ASC', id: 'ASC' },
    });
    return rows.flatMap((row) => {
      const missing = (['title', 'description'] as const).flatMap((field) => {
        const zh = hasVisibleText(row[`${field}Zh`]);
        const ru = hasVisibleText(row[`${field}Ru`]);
        return zh === ru ? [] : [zh ? `${field}Ru` : `${field}Zh`];
      });
      if (!missing.length) return [];
      return [
        { id: row.id, status: row.status, missing, titleZh: row.titleZh, titleRu: row.titleRu },
      ];
    });
  }

  /** Delegations still ahead (not draft, cancelled or completed), departing on or after `today`. */
  async upcomingIds(today: string): Promise<string[]> {
    const rows = await this.delegations.find({
      where: {
        status: In(['open', 'closed', 'roster_locked', 'confirmed']),
        departureDate: MoreThanOrEqual(today),
      },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** For the applications feature, inside its transaction; undefined when there is none. */
  async findForApplication(
    ctx: Ctx,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<DelegationForApplication | undefined> {
    const entity = await ctx.repo(Delegation).findOne({
      where: { id },
      // Decisions lock the delegation before its applications: one order, no deadlocks.
      ...(options.lock && ctx instanceof Tx ? forUpdate(ctx) : {}),
      select: {
        id: true,
        status: true,
        direction: true,
        hostOrganizationId: true,
        applicationOpensAt: true,
        applicationClosesAt: true,
        departureDate: true,
        returnDate: true,
        minAge: true,
        maxAge: true,
        studentPlaces: true,
        chaperonePlaces: true,
        studentPlacesTaken: true,
        chaperonePlacesTaken: true,
        studentsPerChaperone: true,
        travelRegimeId: true,
        titleZh: true,
        titleRu: true,
      },
    });
    return entity ?? undefined;
  }

  /**
   * Takes one place inside the caller's transaction, or throws 409 NO_PLACES_LEFT. One
   * conditional UPDATE: the database checks and increments together, so concurrent
   * approvals never take more places than there are, without reading the row first.
   */
  async reservePlace(tx: Tx, delegationId: string, kind: PlaceKind): Promise<void> {
    const { places, taken } = PLACE_COLUMNS[kind];
    const column = (name: string) => tx.manager.connection.driver.escape(name);
    const result = await tx.manager
      .createQueryBuilder()
      .update(Delegation)
      .set({ [taken]: () => `${column(taken)} + 1` })
      .where('id = :id', { id: delegationId })
      .andWhere(`${column(taken)} < ${column(places)}`)
      .updateEntity(false)
      .execute();
    if (result.affected) return touched(tx, this.changes);
    if (!(await tx.manager.existsBy(Delegation, { id: delegationId }))) throw notFound();
    throw new AppError('NO_PLACES_LEFT', { kind });
  }

  /** Gives one place back (a withdrawal, a reversed decision); never below zero. */
  async releasePlace(tx: Tx, delegationId: string, kind: PlaceKind): Promise<void> {
    const { taken } = PLACE_COLUMNS[kind];
    const column = tx.manager.connection.driver.escape(taken);
    await tx.manager
      .createQueryBuilder()
      .update(Delegation)
      .set({ [taken]: () => `${column} - 1` })
      .where('id = :id', { id: delegationId })
      .andWhere(`${column} > 0`)
      .updateEntity(false)
      .execute();
    touched(tx, this.changes);
  }

  private async page(
    where: FindOptionsWhere<Delegation>,
    query: DelegationQueryDto | PublishedDelegationQueryDto,
  ): Promise<Page<DelegationDto>> {
    const result = await this.delegations.findAndCount({
      where,
      order: { departureDate: 'ASC', id: 'ASC' },
      ...skipTake(query),
    });
    return pageOf(result, query, (row) => DelegationDto.from(row));
  }
}

/** A partner sees the delegations its organization hosts or sends; everyone else all. */
function visibleTo(caller: Caller): FindOptionsWhere<Delegation> {
  return caller.role === 'partner' ? { hostOrganizationId: caller.organizationId } : {};
}
