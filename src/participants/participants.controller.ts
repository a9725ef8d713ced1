import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { Language } from '../localization/language';
import { Lang } from '../localization/request-language';
import {
  ConsentDto,
  CreateConsentDto,
  CreateParticipantDto,
  ImportQueryDto,
  ImportResultDto,
  ParticipantDetailDto,
  ParticipantPageDto,
  ParticipantQueryDto,
  UpdateParticipantDto,
} from './dto/participant.dto';
import { XLSX_CONTENT_TYPE } from './import/spreadsheet';
import { readUpload } from './import/upload';
import { ParticipantImportService } from './participant-import.service';
import { ConsentsService } from './consents.service';
import { ParticipantRegistry } from './participant-registry.service';

/** A school's own students and chaperones; organizers see every school's. */
@ApiTags('participants')
@ApiBearerAuth()
@Roles('school_coordinator', 'organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('participants')
export class ParticipantsController {
  constructor(
    private readonly registry: ParticipantRegistry,
    private readonly consents: ConsentsService,
    private readonly importer: ParticipantImportService,
  ) {}

  @Post()
  @Roles('school_coordinator')
  @ApiErrors('VALIDATION_FAILED')
  create(
    @CurrentUser() caller: Caller,
    @Body() body: CreateParticipantDto,
  ): Promise<ParticipantDetailDto> {
    return this.registry.create(caller, body);
  }

  /**
   * Creates every participant of an .xlsx or .csv file (form field `file`), or none and
   * lists each bad row. `?dryRun=true` only validates (200); an import answers 201.
   */
  @Post('import')
  @Roles('school_coordinator')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 201, type: ImportResultDto, description: 'Imported.' })
  @ApiResponse({ status: 200, type: ImportResultDto, description: 'Dry run: every row is valid.' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'IMPORT_FAILED',
    'MALFORMED_MULTIPART',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'RATE_LIMITED',
  )
  async import(
    @CurrentUser() caller: Caller,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const upload = await readUpload(request, 'file');
    const result = await this.importer.import(caller, upload, query.dryRun ?? false);
    // The status depends on the outcome, which a decorator cannot express.
    void reply.status(result.dryRun ? 200 : 201).send(result);
  }

  /** The import template, headers in `?lang=zh|ru`, with an example row. */
  @Get('import-template')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async importTemplate(@Lang() lang: Language): Promise<StreamableFile> {
    return new StreamableFile(await this.importer.template(lang), {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="participants-template-${lang}.xlsx"`,
    });
  }

  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(
    @CurrentUser() caller: Caller,
    @Query() query: ParticipantQueryDto,
  ): Promise<ParticipantPageDto> {
    return this.registry.list(caller, query);
  }

  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
  ): Promise<ParticipantDetailDto> {
    return this.registry.get(caller, id);
  }

  @Patch(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  update(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateParticipantDto,
  ): Promise<ParticipantDetailDto> {
    return this.registry.update(caller, id, body);
  }

  @Post(':id/consents')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  addConsent(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: CreateConsentDto,
  ): Promise<ConsentDto> {
    return this.consents.addConsent(caller, id, body);
  }

  /** Withdraws a consent; the record of it stays. */
  @Delete(':id/consents/:consentId')
  @HttpCode(204)
  @ApiErrors('NOT_FOUND')
  withdrawConsent(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Param('consentId', IdPipe) consentId: string,
  ): Promise<void> {
    return this.consents.withdrawConsent(caller, id, consentId);
  }
}
