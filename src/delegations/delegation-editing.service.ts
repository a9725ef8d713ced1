import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, FieldError, notFound } from '../common/errors/app-error';
import { ContentChanges } from '../common/events/content-changes';
import { forUpdate, Transactions, Tx } from '../database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { changedFieldsOf, definedFieldsOf } from './changes';
import { assertManualTransition } from './delegation-status';
import { Delegation } from './delegation.entity';
import { PLACE_COLUMNS, touched } from './delegation-places';
import {
  CreateDelegationDto,
  DelegationDto,
  TransitionDelegationDto,
  UpdateDelegationDto,
} from './dto/delegation.dto';
import { DEFAULT_TRAVEL_REGIME_ID, TravelRegime } from './travel-regime.entity';
import { hasVisibleText } from '../common/text/visible-text';

/** The organizer's work on delegations: create, edit, move along the states by hand. */
@Injectable()
export class DelegationEditing {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly changes: ContentChanges,
  ) {}

  /** A new delegation starts as a draft with no places taken. */
  create(caller: Caller, input: CreateDelegationDto): Promise<DelegationDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
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
      await this.checkRules(tx, entity);
      await m.save(entity);
      touched(tx, this.changes);
      await this.audit.record(tx, {
        action: 'create',
        entityType: 'delegation',
        entityId: entity.id,
      });
      return DelegationDto.from(entity);
    });
  }

  update(caller: Caller, id: string, input: UpdateDelegationDto): Promise<DelegationDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      // Locked so that no place is reserved between the check against places taken and the save.
      const entity = await m.findOne(Delegation, { where: { id }, ...forUpdate(tx) });
      if (!entity) throw notFound();
      const changes = definedFieldsOf(input);
      const changedFields = changedFieldsOf(entity, changes);
      if (!changedFields.length) return DelegationDto.from(entity);
      Object.assign(entity, changes);
      await this.checkRules(tx, entity);
      checkPlacesCoverTaken(entity);
      await m.save(entity);
      touched(tx, this.changes);
      await this.audit.record(tx, {
        action: 'update',
        entityType: 'delegation',
        entityId: id,
        changedFields,
      });
      return DelegationDto.from(entity);
    });
  }

  transition(caller: Caller, id: string, input: TransitionDelegationDto): Promise<DelegationDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const entity = await m.findOne(Delegation, { where: { id }, ...forUpdate(tx) });
      if (!entity) throw notFound();
      const from = entity.status;
      assertManualTransition(from, input.to);
      // DOMAIN.md: reopening only until a roster is locked, even after a rejection.
      if (from === 'closed' && input.to === 'open' && entity.rosterVersion > 0) {
        throw new AppError('ROSTER_ALREADY_LOCKED', { version: entity.rosterVersion });
      }
      entity.status = input.to;
      await m.save(entity);
      touched(tx, this.changes);
      await this.audit.record(tx, {
        action: 'transition',
        entityType: 'delegation',
        entityId: id,
        changedFields: ['status'],
        note: input.note ? `${from} → ${input.to}: ${input.note}` : `${from} → ${input.to}`,
      });
      return DelegationDto.from(entity);
    });
  }

  /** Rules across fields and records, all reported at once as field errors. */
  private async checkRules(tx: Tx, delegation: Delegation): Promise<void> {
    const errors: FieldError[] = [];
    // Both titles are required: one of only invisible characters is not written.
    for (const field of ['titleZh', 'titleRu'] as const) {
      if (!hasVisibleText(delegation[field])) errors.push({ field, code: 'REQUIRED' });
    }
    if (delegation.returnDate < delegation.departureDate) {
      errors.push({ field: 'returnDate', code: 'DATE_ORDER' });
    }
    if (delegation.applicationClosesAt.getTime() <= delegation.applicationOpensAt.getTime()) {
      errors.push({ field: 'applicationClosesAt', code: 'WINDOW_ORDER' });
    }
    if (delegation.minAge > delegation.maxAge) {
      errors.push({ field: 'maxAge', code: 'AGE_ORDER' });
    }
    const hostType = await this.organizations.typeOf(tx, delegation.hostOrganizationId);
    if (!hostType) {
      errors.push({ field: 'hostOrganizationId', code: 'ORGANIZATION_NOT_FOUND' });
    } else if (hostType !== 'partner') {
      errors.push({ field: 'hostOrganizationId', code: 'HOST_NOT_PARTNER' });
    }
    if (!(await tx.manager.existsBy(TravelRegime, { id: delegation.travelRegimeId }))) {
      errors.push({ field: 'travelRegimeId', code: 'TRAVEL_REGIME_NOT_FOUND' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  }
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
