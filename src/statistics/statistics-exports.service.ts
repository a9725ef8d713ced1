import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/app-error';
import { Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { StatisticsDto, StatisticsQueryDto } from './dto/statistics.dto';
import { renderChart, valuesInWords } from './statistics-charts';
import { CHART_IDS, ReportLanguage, reportTables, ReportTable, TableId } from './statistics-report';
import { StatisticsService } from './statistics.service';
import { statisticsWorkbook } from './statistics-workbook';

/** Headers of a chart served alone: an image with no script, its styles inline (ECharts'). */
export const SVG_HEADERS = {
  'content-type': 'image/svg+xml; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'cache-control': 'private, no-cache',
};

/** A chart as the page shows it and the download gives it. */
export interface ChartView {
  id: TableId;
  svg: string;
}

/** The report's tables, charts and workbook in the reader's language. */
@Injectable()
export class StatisticsExports {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly translator: Translator,
  ) {}

  tables(stats: StatisticsDto, lang: ReportLanguage): ReportTable[] {
    return reportTables(stats, lang, (key, params) => this.text(lang, key, params));
  }

  /** One chart of the report as SVG; 404 for a table that has none. */
  async chart(query: StatisticsQueryDto, id: string, lang: Language): Promise<string> {
    if (!CHART_IDS.includes(id as TableId)) throw notFound();
    const stats = await this.statistics.statistics(query);
    return this.svg(
      this.tables(stats, lang).find((t) => t.id === id)!,
      lang,
    );
  }

  svg(table: ReportTable, lang: Language): Promise<string> {
    const description = this.translator.t(lang, 'statistics.chartDescription', {
      title: table.title,
      values: valuesInWords(table),
    });
    return renderChart(table, description);
  }

  async workbook(
    query: StatisticsQueryDto,
    lang: ReportLanguage,
  ): Promise<{ body: Buffer; filename: string }> {
    const stats = await this.statistics.statistics(query);
    const tables = this.tables(stats, lang);
    const names = tables.map((t) => this.text(lang, `statistics.sheet.${t.id}`));
    const body = await statisticsWorkbook(tables, names, this.text(lang, 'statistics.title'));
    const period = stats.period.year ?? `${stats.period.from}_${stats.period.to}`;
    return { body, filename: `statistics-${period}-${lang}.xlsx` };
  }

  /** Both languages: "中文 / Русский", for the bilingual workbook's headers. */
  private text(lang: ReportLanguage, key: string, params?: Record<string, unknown>): string {
    if (lang !== 'both') return this.translator.t(lang, key, params);
    const zh = this.translator.t('zh', key, params);
    const ru = this.translator.t('ru', key, params);
    return zh === ru ? zh : `${zh} / ${ru}`;
  }
}
