import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { DelegationsService } from '../delegations/delegations.service';
import { DelegationPageDto, PublishedDelegationQueryDto } from '../delegations/dto/delegation.dto';
import { Language } from '../localization/language';
import { Lang } from '../localization/request-language';
import {
  ApproveRosterDto,
  ExportQueryDto,
  PartnerDecisionDto,
  PartnerRosterDto,
  RejectRosterDto,
  RosterDiffDto,
} from './dto/roster.dto';
import { exportLanguages } from './export-languages';
import { PartnerDecisions } from './partner-decisions.service';
import { RosterExports } from './roster-export.service';
import { RostersService } from './rosters.service';
import { exportFile } from './streamable';

/**
 * The partner organization's side: only delegations it hosts or sends (others are 404).
 * Texts follow the partner user's language, Russian for Russian partners.
 */
@ApiTags('partner')
@ApiBearerAuth()
@Roles('partner')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('partner/delegations')
export class RostersPartnerController {
  constructor(
    private readonly rosters: RostersService,
    private readonly decisions: PartnerDecisions,
    private readonly exports: RosterExports,
    private readonly delegations: DelegationsService,
  ) {}

  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(
    @CurrentUser() caller: Caller,
    @Query() query: PublishedDelegationQueryDto,
  ): Promise<DelegationPageDto> {
    return this.delegations.listPublished(caller, query);
  }

  /** The current version: Cyrillic and Latin names first, passport numbers masked. */
  @Get(':id/roster')
  @ApiErrors('NOT_FOUND', 'ROSTER_NOT_LOCKED')
  roster(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Lang() lang: Language,
  ): Promise<PartnerRosterDto> {
    return this.rosters.partnerRoster(caller, id, lang);
  }

  /** What changed in the current version since the one this partner last approved. */
  @Get(':id/roster/diff')
  @ApiErrors('NOT_FOUND', 'ROSTER_NOT_LOCKED')
  diff(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Lang() lang: Language,
  ): Promise<RosterDiffDto> {
    return this.rosters.partnerDiff(caller, id, lang);
  }

  /** Approves exactly the current version and hash; the delegation becomes `confirmed`. */
  @Post(':id/roster/approve')
  @HttpCode(200)
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'ROSTER_NOT_LOCKED',
    'ROSTER_VERSION_MISMATCH',
    'ROSTER_NOT_AWAITING_APPROVAL',
    'ROSTER_CHANGED_SINCE_LOCK',
  )
  approve(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: ApproveRosterDto,
  ): Promise<PartnerDecisionDto> {
    return this.decisions.approve(caller, id, body);
  }

  /** Sends the current version back to the organizer with the reason. */
  @Post(':id/roster/reject')
  @HttpCode(200)
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'ROSTER_NOT_LOCKED',
    'ROSTER_VERSION_MISMATCH',
    'ROSTER_NOT_AWAITING_APPROVAL',
  )
  reject(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: RejectRosterDto,
  ): Promise<PartnerDecisionDto> {
    return this.decisions.reject(caller, id, body);
  }

  /** The group list, headers in Russian unless `lang` says otherwise; audited. */
  @Get(':id/roster/export')
  @ApiQuery({ name: 'lang', required: false, enum: ['zh', 'ru', 'both'] })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'ROSTER_NOT_LOCKED')
  async export(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Query() query: ExportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    const langs = exportLanguages(request, 'ru');
    return exportFile(await this.exports.export(caller, id, query.format, langs, 'partner'));
  }
}
