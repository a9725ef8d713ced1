import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { Language } from '../localization/language';
import { Lang } from '../localization/request-language';
import { DataExportDto } from './dto/data-export.dto';
import {
  CreateLegalHoldDto,
  DataExportQueryDto,
  ErasureDto,
  LegalHoldDto,
  LegalHoldQueryDto,
  RetentionPreviewDto,
  RetentionRunDto,
} from './dto/retention.dto';
import { DataExportService } from './data-export.service';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionService } from './retention.service';

/** A person's rights over their data, exercised through their school or the committee. */
@ApiTags('participants')
@ApiBearerAuth()
@Roles('school_coordinator', 'organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('participants')
export class ParticipantRightsController {
  constructor(
    private readonly retention: RetentionService,
    private readonly exports: DataExportService,
  ) {}

  /**
   * Erases the person's personal data now (PIPL art. 47): the same fields the retention
   * policy erases, in their record and every locked roster. Refused while they are on a
   * roster of a trip that has not returned, have an application in the running, or are
   * held. Asking again for an erased person changes nothing.
   */
  @Post(':id/erase')
  @HttpCode(200)
  @ApiErrors(
    'NOT_FOUND',
    'PARTICIPANT_ON_UPCOMING_TRIP',
    'PARTICIPANT_HAS_OPEN_APPLICATION',
    'PARTICIPANT_ON_LEGAL_HOLD',
  )
  erase(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<ErasureDto> {
    return this.retention.eraseOnRequest(caller, id);
  }

  /**
   * Everything held about the person (PIPL art. 45, 152-FZ art. 14), as JSON, or with
   * `format=html` as a document in the family's language (or `lang`). The passport number
   * is in full; the disclosure is audited.
   */
  @Get(':id/data-export')
  @ApiProduces('application/json', 'text/html')
  @ApiErrors('NOT_FOUND', 'VALIDATION_FAILED')
  async dataExport(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Query() query: DataExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DataExportDto | string> {
    // Personal data: never kept by a browser or a proxy.
    reply.header('cache-control', 'no-store');
    if (query.format === 'html') {
      // The type only once the document exists: a refusal before it is the usual JSON.
      const document = await this.exports.html(caller, id, query.lang);
      reply.type('text/html; charset=utf-8');
      return document;
    }
    return this.exports.build(caller, id);
  }
}

/** The retention policy at work: what it would erase, its runs, and legal holds. */
@ApiTags('admin: retention')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/retention')
export class RetentionAdminController {
  constructor(
    private readonly retention: RetentionService,
    private readonly holds: LegalHoldsService,
  ) {}

  /** What the next run would erase and delete: counts per school and delegation only. */
  @Get('preview')
  preview(@Lang() lang: Language): Promise<RetentionPreviewDto> {
    return this.retention.preview(lang);
  }

  /** The latest runs, newest first. */
  @Get('runs')
  runs(): Promise<RetentionRunDto[]> {
    return this.retention.runs();
  }

  /** Runs one pass now, as the schedule would. */
  @Post('runs')
  @HttpCode(201)
  run(@CurrentUser() caller: Caller): Promise<RetentionRunDto> {
    return this.retention.run('request', caller);
  }

  @Get('holds')
  @ApiErrors('VALIDATION_FAILED')
  listHolds(@Query() query: LegalHoldQueryDto): Promise<LegalHoldDto[]> {
    return this.holds.list(query.state ?? 'active');
  }

  /** Keeps a person's data, or everyone's on a delegation, past the policy; audited. */
  @Post('holds')
  @ApiErrors('VALIDATION_FAILED')
  hold(@CurrentUser() caller: Caller, @Body() input: CreateLegalHoldDto): Promise<LegalHoldDto> {
    return this.holds.create(caller, input);
  }

  @Post('holds/:id/release')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND', 'LEGAL_HOLD_RELEASED')
  release(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<LegalHoldDto> {
    return this.holds.release(caller, id);
  }
}
