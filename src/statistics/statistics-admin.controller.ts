import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { Language } from '../localization/language';
import { Lang } from '../localization/request-language';
import {
  StatisticsDownloadQueryDto,
  StatisticsDto,
  StatisticsQueryDto,
} from './dto/statistics.dto';
import { StatisticsExports, SVG_HEADERS } from './statistics-exports.service';
import { StatisticsService } from './statistics.service';

/** The committee's statistics: figures for any period, year over year, and downloads. */
@ApiTags('admin: statistics')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'VALIDATION_FAILED')
@Controller('admin/statistics')
export class StatisticsAdminController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly exports: StatisticsExports,
  ) {}

  /**
   * `?year=` or `?from=&to=` (Heihe's calendar days, both included; this year when
   * neither). A traveller is a unique person on a confirmed roster, counted in the year of
   * the delegation's departure; the figures stay the same after personal data is erased.
   */
  @Get()
  get(@Query() query: StatisticsQueryDto): Promise<StatisticsDto> {
    return this.statistics.statistics(query);
  }

  /** The report as .xlsx: one sheet per table, headers in `lang` (zh, ru or both). */
  @Get('workbook')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async workbook(
    @Query() query: StatisticsDownloadQueryDto,
    @Lang() lang: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { lang: chosen, ...period } = query;
    const file = await this.exports.workbook(period, chosen ?? lang);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  /** One chart of the report as SVG, in the request's language. */
  @Get('charts/:chart')
  @ApiProduces('image/svg+xml')
  @ApiErrors('NOT_FOUND')
  async chart(
    @Param('chart') chart: string,
    @Query() query: StatisticsQueryDto,
    @Lang() lang: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const svg = await this.exports.chart(query, chart, lang);
    reply.headers(SVG_HEADERS);
    return svg;
  }
}
