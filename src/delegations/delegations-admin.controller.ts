import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { DelegationEditing } from './delegation-editing.service';
import { DelegationsService } from './delegations.service';
import {
  CreateDelegationDto,
  DelegationDto,
  DelegationPageDto,
  DelegationQueryDto,
  TransitionDelegationDto,
  UpdateDelegationDto,
} from './dto/delegation.dto';

@ApiTags('admin: delegations')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/delegations')
export class DelegationsAdminController {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly editing: DelegationEditing,
  ) {}

  /** Starts as a draft. */
  @Post()
  @ApiErrors('VALIDATION_FAILED')
  create(@CurrentUser() caller: Caller, @Body() body: CreateDelegationDto): Promise<DelegationDto> {
    return this.editing.create(caller, body);
  }

  /** Every delegation, drafts and cancelled ones included, by departure date. */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: DelegationQueryDto): Promise<DelegationPageDto> {
    return this.delegations.list(query);
  }

  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(@Param('id', IdPipe) id: string): Promise<DelegationDto> {
    return this.delegations.get(id);
  }

  /** Places cannot go below those already taken by approved applications. */
  @Patch(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'PLACES_BELOW_TAKEN')
  update(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateDelegationDto,
  ): Promise<DelegationDto> {
    return this.editing.update(caller, id, body);
  }

  /**
   * draft → open → closed → (roster) → completed; closed → open (reopen); cancelled from
   * any state before completed. Entering and leaving `roster_locked` and `confirmed` is the
   * roster's (lock, the partner's approval or rejection): here it is 409 ROSTER_TRANSITION.
   * Once a roster was locked, `closed → open` is 409 ROSTER_ALREADY_LOCKED.
   */
  @Post(':id/transitions')
  @HttpCode(200)
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'ILLEGAL_TRANSITION',
    'ROSTER_TRANSITION',
    'ROSTER_ALREADY_LOCKED',
  )
  transition(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: TransitionDelegationDto,
  ): Promise<DelegationDto> {
    return this.editing.transition(caller, id, body);
  }
}
