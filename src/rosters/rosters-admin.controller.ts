import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
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
import { Language } from '../localization/language';
import { Lang } from '../localization/request-language';
import {
  AdminRosterDto,
  AdminRosterVersionDto,
  DiffQueryDto,
  ExportQueryDto,
  LockedRosterDto,
  LockRosterDto,
  ReadinessDto,
  RosterDiffDto,
} from './dto/roster.dto';
import { exportLanguages } from './export-languages';
import { RosterExports } from './roster-export.service';
import { RosterLocking } from './roster-locking.service';
import { RosterErasure } from './roster-erasure.service';
import { RosterIntegrityDto } from './dto/roster-integrity.dto';
import { RostersService } from './rosters.service';
import { exportFile } from './streamable';

@ApiTags('admin: rosters')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/delegations/:id/roster')
export class RostersAdminController {
  constructor(
    private readonly rosters: RostersService,
    private readonly locking: RosterLocking,
    private readonly exports: RosterExports,
    private readonly erasure: RosterErasure,
  ) {}

  /** Every check of the approved participants as they are now, messages in the response language. */
  @Get('readiness')
  @ApiErrors('NOT_FOUND')
  readiness(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Lang() lang: Language,
  ): Promise<ReadinessDto> {
    return this.rosters.readiness(caller, id, lang);
  }

  /**
   * Locks the approved participants as the next version (the delegation must be `closed`,
   * or `roster_locked`/`confirmed` for a new version). Refused with the failing checks
   * unless `override.reason` is given, which is audited.
   */
  @Post('lock')
  @HttpCode(201)
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'ROSTER_NOT_READY',
    'ROSTER_NOT_LOCKABLE',
    'ROSTER_EMPTY',
    'ROSTER_UNCHANGED',
  )
  lock(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: LockRosterDto,
    @Lang() lang: Language,
  ): Promise<LockedRosterDto> {
    return this.locking.lock(caller, id, body, lang);
  }

  /** The current version with its members, and what changed since it was locked. */
  @Get()
  @ApiErrors('NOT_FOUND', 'ROSTER_NOT_LOCKED')
  current(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Lang() lang: Language,
  ): Promise<AdminRosterDto> {
    return this.rosters.current(caller, id, lang);
  }

  @Get('versions')
  @ApiErrors('NOT_FOUND')
  versions(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
  ): Promise<AdminRosterVersionDto[]> {
    return this.rosters.listVersions(caller, id);
  }

  /**
   * Whether the version's hash still follows from what is stored, after erasure too:
   * from each person's kept row digest (DOMAIN.md, Data lifecycle).
   */
  @Get('versions/:n/integrity')
  @ApiErrors('NOT_FOUND')
  integrity(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Param('n', new ParseIntPipe({ errorHttpStatusCode: 404 })) n: number,
  ): Promise<RosterIntegrityDto> {
    return this.erasure.integrity(caller, id, n);
  }

  /** Added, removed, and changed fields per person; passport numbers masked. */
  @Get('versions/:n/diff')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  diff(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Param('n', new ParseIntPipe({ errorHttpStatusCode: 404 })) n: number,
    @Query() query: DiffQueryDto,
    @Lang() lang: Language,
  ): Promise<RosterDiffDto> {
    return this.rosters.diff(caller, id, n, query.against, lang);
  }

  /**
   * The group list of the current version as xlsx or csv (UTF-8 with BOM), headers in
   * `lang` = zh, ru or both (default both). Passport numbers in full; audited.
   */
  @Get('export')
  @ApiQuery({ name: 'lang', required: false, enum: ['zh', 'ru', 'both'] })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'ROSTER_NOT_LOCKED')
  async export(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Query() query: ExportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    const langs = exportLanguages(request, 'both');
    return exportFile(await this.exports.export(caller, id, query.format, langs, 'organizer'));
  }
}
