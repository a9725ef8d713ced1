import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from '../../common/errors/app-error';
import { Language } from '../../localization/language';
import { StatisticsQueryDto } from '../../statistics/dto/statistics.dto';
import { StatisticsExports, SVG_HEADERS } from '../../statistics/statistics-exports.service';
import { comparedYears, yearPeriod } from '../../statistics/period-rules';
import { StatisticsService } from '../../statistics/statistics.service';
import { FormState, formToBody, textFields, validate } from '../forms';
import { page, PortalCall, SENT } from '../portal-page';
import { PortalRouter } from '../portal-router';

const FIELDS = { year: 'statistics.year', from: 'statistics.from', to: 'statistics.to' };
const WORKBOOK_LANGS = ['zh', 'ru', 'both'] as const;

/** The period asked for in the address, validated as the API validates it. */
async function periodQuery(call: PortalCall, translator: PortalRouter['translator']) {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(textFields(call.query, Object.keys(FIELDS)))) {
    if (value.trim()) values[name] = value.trim().slice(0, 20);
  }
  const form = new FormState(values, FIELDS, translator, call.lang);
  const input = await validate(StatisticsQueryDto, formToBody(values));
  return {
    form,
    values,
    query: input.ok ? input.value : undefined,
    errors: input.ok ? [] : input.errors,
  };
}

/** `year=2026` or `from=…&to=…`: the period as the page's links carry it on. */
function periodParams(query: StatisticsQueryDto): string {
  const params = new URLSearchParams();
  if (query.year !== undefined) params.set('year', String(query.year));
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  return params.toString();
}

/**
 * The committee's report in the console: a period chosen by year or by days, every table
 * with its chart beside it (SVG drawn on the server, images of our own origin), the
 * figures year over year, and downloads: the workbook in either language or both, each
 * chart as SVG. Printable on A4 (the stylesheet's print rules).
 */
export function registerConsoleStatistics(router: PortalRouter, app: NestFastifyApplication): void {
  const statistics = app.get(StatisticsService, { strict: false });
  const exports = app.get(StatisticsExports, { strict: false });
  const { translator } = router;
  const s = (lang: Language, key: string, params?: Record<string, unknown>) =>
    translator.t(lang, `statistics.${key}`, params);

  router.get('/console/statistics', 'organizer', async (call) => {
    const asked = await periodQuery(call, translator);
    let query = asked.query ?? {};
    let stats;
    try {
      stats = await statistics.statistics(query);
    } catch (error) {
      // A period the rules refuse (ends before it starts, too long): this year instead.
      if (!(error instanceof AppError) || !error.fieldErrors?.length) throw error;
      asked.form.addFieldErrors(error.fieldErrors);
      query = {};
      stats = await statistics.statistics(query);
    }
    if (asked.errors.length) asked.form.addFieldErrors(asked.errors);
    const lang = call.lang;
    const params = periodParams(query);
    const suffix = params ? `?${params}` : '';
    const base = `/${lang}/console/statistics`;
    const tables = exports.tables(stats, lang).map((table) => ({
      ...table,
      headerCells: table.columns.map((text, i) => ({ text, numeric: i > 0 })),
      bodyRows: table.rows.map((row) =>
        row.map((cell, i) => ({
          text: cell ?? s(lang, 'figure.none'),
          numeric: i > 0 && typeof cell === 'number',
          header: i === 0,
        })),
      ),
      chartSrc: table.chart ? `${base}/charts/${table.id}${suffix}` : null,
      // A wide table goes under its chart, not beside it.
      stacked: !table.chart || table.columns.length > 3,
    }));
    const thisYear = stats.period.year ?? Number(stats.period.to.slice(0, 4));
    const years = comparedYears(yearPeriod(thisYear + 1), stats.yearOverYear[0]?.year ?? thisYear);
    return page(
      'console/statistics',
      translator.t(lang, 'statistics.title'),
      {
        period:
          stats.period.year !== null
            ? s(lang, 'periodYear', { year: stats.period.year })
            : s(lang, 'subtitle', { from: stats.period.from, to: stats.period.to }),
        overview: tables[0],
        tables: tables.slice(1),
        years: years.reverse().map((year) => ({
          value: String(year),
          text: s(lang, 'periodYear', { year }),
        })),
        workbooks: WORKBOOK_LANGS.map((wl) => {
          const link = new URLSearchParams(params);
          link.set('lang', wl);
          return {
            href: `${base}/workbook?${link.toString()}`,
            key: `statistics.workbook${wl === 'both' ? 'Both' : wl === 'zh' ? 'Zh' : 'Ru'}`,
          };
        }),
        publicHref: stats.period.year !== null ? `/${lang}/year/${stats.period.year}` : null,
      },
      { form: asked.form, section: 'statistics', status: 200 },
    );
  });

  router.get('/console/statistics/workbook', 'organizer', async (call) => {
    const asked = await periodQuery(call, translator);
    const wl = String(call.query.lang ?? call.lang);
    if (!asked.query || !(WORKBOOK_LANGS as readonly string[]).includes(wl)) {
      throw new AppError('NOT_FOUND');
    }
    const file = await exports.workbook(asked.query, wl as (typeof WORKBOOK_LANGS)[number]);
    void call.reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.body);
    return SENT;
  });

  router.get('/console/statistics/charts/:chart', 'organizer', async (call) => {
    const asked = await periodQuery(call, translator);
    if (!asked.query) throw new AppError('NOT_FOUND');
    const svg = await exports.chart(asked.query, call.params.chart, call.lang);
    void call.reply.headers(SVG_HEADERS).send(svg);
    return SENT;
  });
}
