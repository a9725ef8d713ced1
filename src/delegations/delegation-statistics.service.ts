import { Injectable } from '@nestjs/common';
import { LessThanOrEqual } from 'typeorm';
import { Ctx } from '../database/transactions';
import { Delegation } from './delegation.entity';

/** A delegation as the committee's statistics count it. */
export type DelegationFact = Pick<
  Delegation,
  | 'id'
  | 'titleZh'
  | 'titleRu'
  | 'direction'
  | 'status'
  | 'hostOrganizationId'
  | 'departureDate'
  | 'returnDate'
  | 'studentPlaces'
  | 'chaperonePlaces'
  | 'studentPlacesTaken'
  | 'chaperonePlacesTaken'
>;

/** The delegations' facts for the statistics: a few hundred rows a year, read whole. */
@Injectable()
export class DelegationStatistics {
  /** Every delegation departing on or before `to`, drafts included, oldest first. */
  facts(ctx: Ctx, to: string): Promise<DelegationFact[]> {
    return ctx.repo(Delegation).find({
      where: { departureDate: LessThanOrEqual(to) },
      select: {
        id: true,
        titleZh: true,
        titleRu: true,
        direction: true,
        status: true,
        hostOrganizationId: true,
        departureDate: true,
        returnDate: true,
        studentPlaces: true,
        chaperonePlaces: true,
        studentPlacesTaken: true,
        chaperonePlacesTaken: true,
      },
      order: { departureDate: 'ASC', id: 'ASC' },
    });
  }
}
