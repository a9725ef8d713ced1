import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { ApplicationsService } from './applications.service';
import { SchoolApplications } from './school-applications.service';
import {
  ApplicationDto,
  ApplicationPageDto,
  ApplicationQueryDto,
  CreateApplicationDto,
} from './dto/application.dto';

@ApiTags('applications')
@ApiBearerAuth()
@Roles('school_coordinator', 'organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly school: SchoolApplications,
  ) {}

  @Post()
  @Roles('school_coordinator')
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'APPLICATION_WINDOW_CLOSED',
    'AGE_OUT_OF_RANGE',
    'GUARDIAN_CONSENT_MISSING',
    'DUPLICATE_APPLICATION',
  )
  submit(
    @CurrentUser() caller: Caller,
    @Body() body: CreateApplicationDto,
  ): Promise<ApplicationDto> {
    return this.school.submit(caller, body);
  }

  /** The own school's applications; organizers see all. */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(
    @CurrentUser() caller: Caller,
    @Query() query: ApplicationQueryDto,
  ): Promise<ApplicationPageDto> {
    return this.applications.list(caller, query);
  }

  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<ApplicationDto> {
    return this.applications.get(caller, id);
  }

  @Post(':id/withdraw')
  @Roles('school_coordinator')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND', 'ILLEGAL_TRANSITION', 'WITHDRAWAL_TOO_LATE')
  withdraw(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
  ): Promise<ApplicationDto> {
    return this.school.withdraw(caller, id);
  }
}
