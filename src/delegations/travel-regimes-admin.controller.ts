import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { PageQueryDto } from '../common/http/pagination';
import {
  CreateTravelRegimeDto,
  TravelRegimeDto,
  TravelRegimePageDto,
  UpdateTravelRegimeDto,
} from './dto/travel-regime.dto';
import { TravelRegimesService } from './travel-regimes.service';

@ApiTags('admin: travel regimes')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/travel-regimes')
export class TravelRegimesAdminController {
  constructor(private readonly regimes: TravelRegimesService) {}

  @Post()
  @ApiErrors('VALIDATION_FAILED')
  create(
    @CurrentUser() caller: Caller,
    @Body() body: CreateTravelRegimeDto,
  ): Promise<TravelRegimeDto> {
    return this.regimes.create(caller, body);
  }

  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: PageQueryDto): Promise<TravelRegimePageDto> {
    return this.regimes.list(query);
  }

  /** Delegations refer to their regime: a change applies to all of them. */
  @Patch(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  update(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateTravelRegimeDto,
  ): Promise<TravelRegimeDto> {
    return this.regimes.update(caller, id, body);
  }
}
