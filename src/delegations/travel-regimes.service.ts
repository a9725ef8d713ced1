import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { Page, PageQueryDto, pageOf, skipTake } from '../common/http/pagination';
import { forUpdate, Transactions } from '../database/transactions';
import { changedFieldsOf, definedFieldsOf } from './changes';
import {
  CreateTravelRegimeDto,
  TravelRegimeDto,
  UpdateTravelRegimeDto,
} from './dto/travel-regime.dto';
import { TravelRegime } from './travel-regime.entity';

@Injectable()
export class TravelRegimesService {
  constructor(
    @InjectRepository(TravelRegime) private readonly regimes: Repository<TravelRegime>,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  create(caller: Caller, input: CreateTravelRegimeDto): Promise<TravelRegimeDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const entity = m.create(TravelRegime, { id: randomUUID(), ...definedFieldsOf(input) });
      checkGroupSizes(entity);
      await m.save(entity);
      await this.audit.record(tx, {
        action: 'create',
        entityType: 'travel_regime',
        entityId: entity.id,
      });
      return TravelRegimeDto.from(entity);
    });
  }

  async list(query: PageQueryDto): Promise<Page<TravelRegimeDto>> {
    const result = await this.regimes.findAndCount({
      order: { name: 'ASC', id: 'ASC' },
      ...skipTake(query),
    });
    return pageOf(result, query, (row) => TravelRegimeDto.from(row));
  }

  update(caller: Caller, id: string, input: UpdateTravelRegimeDto): Promise<TravelRegimeDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const entity = await m.findOne(TravelRegime, { where: { id }, ...forUpdate(tx) });
      if (!entity) throw notFound();
      const changes = definedFieldsOf(input);
      const changedFields = changedFieldsOf(entity, changes);
      if (!changedFields.length) return TravelRegimeDto.from(entity);
      Object.assign(entity, changes);
      checkGroupSizes(entity);
      await m.save(entity);
      await this.audit.record(tx, {
        action: 'update',
        entityType: 'travel_regime',
        entityId: id,
        changedFields,
      });
      return TravelRegimeDto.from(entity);
    });
  }
}

function checkGroupSizes(regime: TravelRegime): void {
  if (regime.minGroupSize > regime.maxGroupSize) {
    throw new AppError('VALIDATION_FAILED', {}, [
      { field: 'maxGroupSize', code: 'GROUP_SIZE_ORDER' },
    ]);
  }
}
