import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { ApplicationDecisions } from './application-decisions.service';
import { ApplicationsService } from './applications.service';
import {
  ApplicationDto,
  ApplicationPageDto,
  DecisionDto,
  DecisionsDto,
  DecisionsResultDto,
  DelegationApplicationsQueryDto,
} from './dto/application.dto';

@ApiTags('admin: applications')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin')
export class ApplicationsAdminController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly decisions: ApplicationDecisions,
  ) {}

  @Get('delegations/:id/applications')
  @ApiErrors('NOT_FOUND', 'VALIDATION_FAILED')
  listForDelegation(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Query() query: DelegationApplicationsQueryDto,
  ): Promise<ApplicationPageDto> {
    return this.applications.listForDelegation(caller, id, query);
  }

  @Post('applications/:id/decision')
  @HttpCode(200)
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'ILLEGAL_TRANSITION',
    'NO_PLACES_LEFT',
    'DELEGATION_NOT_DECIDING',
  )
  decide(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: DecisionDto,
  ): Promise<ApplicationDto> {
    return this.decisions.decide(caller, id, body.decision, body.note);
  }

  /** Several decisions in one transaction; any refused item (listed per index) refuses all. */
  @Post('applications/decisions')
  @HttpCode(200)
  @ApiErrors('VALIDATION_FAILED', 'DECISIONS_REFUSED')
  async decideMany(
    @CurrentUser() caller: Caller,
    @Body() body: DecisionsDto,
  ): Promise<DecisionsResultDto> {
    return { items: await this.decisions.decideMany(caller, body.items) };
  }
}
