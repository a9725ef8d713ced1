import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, FindOptionsWhere, In, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ContentChanges } from '../common/events/content-changes';
import { Caller } from '../common/auth/caller';
import { AppError, FieldError, notFound } from '../common/errors/app-error';
import { Page, pageOf, skipTake } from '../common/http/pagination';
import { forUpdate, Transactions } from '../database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { changedFieldsOf, definedFieldsOf } from './changes';
import {
  assertManualTransition,
  assertTransition,
  DelegationStatus,
  PUBLISHED_STATUSES,
} from './delegation-status';
import { Delegation } from './delegation.entity';
import {
  CreateDelegationDto,
  DelegationDto,
  DelegationQueryDto,
  PublishedDelegationQueryDto,
  TransitionDelegationDto,
  UpdateDelegationDto,
} from './dto/delegation.dto';
import { DEFAULT_TRAVEL_REGIME_ID, TravelRegime } from './travel-regime.entity';

export type PlaceKind = 'student' | 'chaperone';

const PLACE_COLUMNS = {
  student: { places: 'studentPlaces', taken: 'studentPlacesTaken' },
  chaperone: { places: 'chaperonePlaces', taken: 'chaperonePlacesTaken' },
} as const;

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
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly changes: ContentChanges,
  ) {}

  /** Public pages show delegations: they are told once this transaction commits. */
  private touched(m: EntityManager): void {
    this.transactions.afterCommit(m, () => this.changes.changed());
  }

  /** A new delegation starts as a draft with no places taken. */
  create(caller: Caller, input: CreateDelegationDto): Promise<DelegationDto> {
    return this.transactions.run(async (m) => {
      const entity = m.create(Delegation, {
        ...definedFieldsOf(input),
        id: randomUUID(),
        descriptionZh: input.descriptionZh ?? '',
        descriptionRu: input.descriptionRu ?? '',
        travelRegimeId: input.travelRegimeId ?? DEFAULT_TRAVEL_REGIME_ID,
        studentPlacesTaken: 0,
        chaperonePlacesTaken: 0,
        status: 'draft',
        rosterVersion: 0,
      });
      await this.checkRules(entity, m);
      await m.save(entity);
      this.touched(m);
      await this.audit.record(m, caller, {
        action: 'create',
        entityType: 'delegation',
        entityId: entity.id,
      });
      return DelegationDto.from(entity);
    });
  }

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

  update(caller: Caller, id: string, input: UpdateDelegationDto): Promise<DelegationDto> {
    return this.transactions.run(async (m) => {
      // Locked so that no place is reserved between the check against places taken and the save.
      const entity = await m.findOne(Delegation, { where: { id }, ...forUpdate(m) });
      if (!entity) throw notFound();
      const changes = definedFieldsOf(input);
      const changedFields = changedFieldsOf(entity, changes);
      if (!changedFields.length) return DelegationDto.from(entity);
      Object.assign(entity, changes);
      await this.checkRules(entity, m);
      checkPlacesCoverTaken(entity);
      await m.save(entity);
      this.touched(m);
      await this.audit.record(m, caller, {
        action: 'update',
        entityType: 'delegation',
        entityId: id,
        changedFields,
      });
      return DelegationDto.from(entity);
    });
  }

  transition(caller: Caller, id: string, input: TransitionDelegationDto): Promise<DelegationDto> {
    return this.transactions.run(async (m) => {
      const entity = await m.findOne(Delegation, { where: { id }, ...forUpdate(m) });
      if (!entity) throw notFound();
      const from = entity.status;
      assertManualTransition(from, input.to);
      // DOMAIN.md: reopening only until a roster is locked, even after a rejection.
      if (from === 'closed' && input.to === 'open' && entity.rosterVersion > 0) {
        throw new AppError('ROSTER_ALREADY_LOCKED', { version: entity.rosterVersion });
      }
      entity.status = input.to;
      await m.save(entity);
      this.touched(m);
      await this.audit.record(m, caller, {
        action: 'transition',
        entityType: 'delegation',
        entityId: id,
        changedFields: ['status'],
        note: input.note ? `${from} → ${input.to}: ${input.note}` : `${from} → ${input.to}`,
      });
      return DelegationDto.from(entity);
    });
  }

  /**
   * For the roster: moves the delegation along one of the roster's edges (lock, the
   * partner's decision) inside the caller's transaction, with its audit entry; a lock
   * also records the version it made.
   */
  async moveByRoster(
    m: EntityManager,
    caller: Caller,
    id: string,
    change: { from: DelegationStatus; to: DelegationStatus; note: string; rosterVersion?: number },
  ): Promise<void> {
    const { from, to, note, rosterVersion } = change;
    if (from !== to) assertTransition(from, to);
    const result = await m.update(
      Delegation,
      { id, status: from },
      { status: to, ...(rosterVersion !== undefined ? { rosterVersion } : {}) },
    );
    // The caller holds the row lock, so the status cannot have moved in between.
    if (result.affected !== 1) throw new AppError('ILLEGAL_TRANSITION', { from, to });
    this.touched(m);
    if (from === to) return;
    await this.audit.record(m, caller, {
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
    id: string,
    manager: EntityManager,
    options: { lock?: boolean; caller?: Caller } = {},
  ): Promise<DelegationForRoster | undefined> {
    const delegation = await manager.findOne(Delegation, {
      where:
        options.caller?.role === 'partner'
          ? { id, status: In([...PUBLISHED_STATUSES]), ...visibleTo(options.caller) }
          : { id },
      ...(options.lock ? forUpdate(manager) : {}),
    });
    if (!delegation) return undefined;
    const regime = await manager.findOneByOrFail(TravelRegime, { id: delegation.travelRegimeId });
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

  async exists(id: string, manager: EntityManager = this.delegations.manager): Promise<boolean> {
    return manager.existsBy(Delegation, { id });
  }

  /** Delegations an organization hosts or sends. */
  async idsHostedBy(organizationId: string): Promise<string[]> {
    const rows = await this.delegations.find({
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
        const zh = row[`${field}Zh`].trim() !== '';
        const ru = row[`${field}Ru`].trim() !== '';
        return zh === ru ? [] : [zh ? `${field}Ru` : `${field}Zh`];
      });
      if (!missing.length) return [];
      return [
        { id: row.id, status: row.status, missing, titleZh: row.titleZh, titleRu: row.titleRu },
      ];
    });
  }

  /** For the applications feature, inside its transaction; undefined when there is none. */
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

  async findForApplication(
    id: string,
    manager: EntityManager,
    lock = false,
  ): Promise<DelegationForApplication | undefined> {
    const entity = await manager.findOne(Delegation, {
      where: { id },
      // Decisions lock the delegation before its applications: one order, no deadlocks.
      ...(lock ? forUpdate(manager) : {}),

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
  async reservePlace(manager: EntityManager, delegationId: string, kind: PlaceKind): Promise<void> {
    const { places, taken } = PLACE_COLUMNS[kind];
    const column = (name: string) => manager.connection.driver.escape(name);
    const result = await manager
      .createQueryBuilder()
      .update(Delegation)
      .set({ [taken]: () => `${column(taken)} + 1` })
      .where('id = :id', { id: delegationId })
      .andWhere(`${column(taken)} < ${column(places)}`)
      .updateEntity(false)
      .execute();
    if (result.affected) return this.touched(manager);
    if (!(await manager.existsBy(Delegation, { id: delegationId }))) throw notFound();
    throw new AppError('NO_PLACES_LEFT', { kind });
  }

  /** Gives one place back (a withdrawal, a reversed decision); never below zero. */
  async releasePlace(manager: EntityManager, delegationId: string, kind: PlaceKind): Promise<void> {
    const { taken } = PLACE_COLUMNS[kind];
    const column = manager.connection.driver.escape(taken);
    await manager
      .createQueryBuilder()
      .update(Delegation)
      .set({ [taken]: () => `${column} - 1` })
      .where('id = :id', { id: delegationId })
      .andWhere(`${column} > 0`)
      .updateEntity(false)
      .execute();
    this.touched(manager);
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

  /** Rules across fields and records, all reported at once as field errors. */
  private async checkRules(delegation: Delegation, m: EntityManager): Promise<void> {
    const errors: FieldError[] = [];
    if (delegation.returnDate < delegation.departureDate) {
      errors.push({ field: 'returnDate', code: 'DATE_ORDER' });
    }
    if (delegation.applicationClosesAt.getTime() <= delegation.applicationOpensAt.getTime()) {
      errors.push({ field: 'applicationClosesAt', code: 'WINDOW_ORDER' });
    }
    if (delegation.minAge > delegation.maxAge) {
      errors.push({ field: 'maxAge', code: 'AGE_ORDER' });
    }
    const hostType = await this.organizations.typeOf(delegation.hostOrganizationId, m);
    if (!hostType) {
      errors.push({ field: 'hostOrganizationId', code: 'ORGANIZATION_NOT_FOUND' });
    } else if (hostType !== 'partner') {
      errors.push({ field: 'hostOrganizationId', code: 'HOST_NOT_PARTNER' });
    }
    if (!(await m.existsBy(TravelRegime, { id: delegation.travelRegimeId }))) {
      errors.push({ field: 'travelRegimeId', code: 'TRAVEL_REGIME_NOT_FOUND' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  }
}

/** A partner sees the delegations its organization hosts or sends; everyone else all. */
function visibleTo(caller: Caller): FindOptionsWhere<Delegation> {
  return caller.role === 'partner' ? { hostOrganizationId: caller.organizationId } : {};
}

/** Places already given to approved applications cannot be taken away by an edit. */
function checkPlacesCoverTaken(delegation: Delegation): void {
  const fieldErrors: FieldError[] = [];
  for (const { places, taken } of Object.values(PLACE_COLUMNS)) {
    if (delegation[places] < delegation[taken]) {
      fieldErrors.push({
        field: places,
        code: 'PLACES_BELOW_TAKEN',
        params: { taken: delegation[taken] },
      });
    }
  }
  if (fieldErrors.length) throw new AppError('PLACES_BELOW_TAKEN', {}, fieldErrors);
}
