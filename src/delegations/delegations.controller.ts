import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { DelegationsService } from './delegations.service';
import {
  DelegationDto,
  DelegationPageDto,
  PublishedDelegationQueryDto,
} from './dto/delegation.dto';

/** For every signed-in role: delegations from `open` on, never drafts or cancelled ones. */
@ApiTags('delegations')
@ApiBearerAuth()
@ApiErrors('UNAUTHORIZED')
@Controller('delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: PublishedDelegationQueryDto): Promise<DelegationPageDto> {
    return this.delegations.listPublished(query);
  }

  /** A draft or cancelled delegation is 404. */
  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(@Param('id', IdPipe) id: string): Promise<DelegationDto> {
    return this.delegations.getPublished(id);
  }
}
