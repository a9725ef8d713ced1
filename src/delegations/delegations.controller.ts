import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { DelegationsService } from './delegations.service';
import {
  DelegationDto,
  DelegationPageDto,
  PublishedDelegationQueryDto,
} from './dto/delegation.dto';

/**
 * For every signed-in role: delegations from `open` on, never drafts or cancelled ones; a
 * partner sees only those its organization hosts or sends.
 */
@ApiTags('delegations')
@ApiBearerAuth()
@ApiErrors('UNAUTHORIZED')
@Controller('delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(
    @CurrentUser() caller: Caller,
    @Query() query: PublishedDelegationQueryDto,
  ): Promise<DelegationPageDto> {
    return this.delegations.listPublished(caller, query);
  }

  /** A draft or cancelled delegation is 404. */
  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<DelegationDto> {
    return this.delegations.getPublished(caller, id);
  }
}
