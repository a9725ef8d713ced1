import type { Language } from '../localization/language';
import type { StatisticsDto } from './dto/statistics.dto';
import {
  AGE_BANDS,
  CHANNEL_KEYS,
  DELEGATION_STATES,
  DIRECTIONS,
  GENDER_KEYS,
  NATIONALITY_KEYS,
  TRAVELLER_KINDS,
} from './statistics-rules';

/** The report's language: one of the two, or both side by side (the workbook's headers). */
export type ReportLanguage = Language | 'both';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export type Cell = string | number | null;

/** How a table is drawn, if it is: the first column gives the categories. */
export interface ChartSpec {
  type: 'bar' | 'horizontalBar' | 'pie' | 'line';
  /** The columns drawn as series (indexes into `columns`); the first data column by default. */
  series?: number[];
}

/** One table of the report: shown on the page, a sheet of the workbook, maybe a chart. */
export interface ReportTable {
  id: TableId;
  title: string;
  columns: string[];
  rows: Cell[][];
  chart?: ChartSpec;
}

export const TABLE_IDS = [
  'overview',
  'delegationsByState',
  'delegationsByDirection',
  'travellersByNationality',
  'travellersByGender',
  'travellersByAge',
  'travellersByKind',
  'travellersBySchool',
  'funnel',
  'funnelByDelegation',
  'noticesByLanguage',
  'deliveriesByChannel',
  'yearOverYear',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

const FUNNEL_STAGES = [
  'submitted',
  'pending',
  'approved',
  'waitlisted',
  'offered',
  'rejected',
  'withdrawn',
  'everWaitlisted',
  'approvedFromWaitlist',
] as const;

/** The tables that have a chart: the addresses of their SVG downloads. */
export const CHART_IDS: readonly TableId[] = [
  'delegationsByState',
  'delegationsByDirection',
  'travellersByNationality',
  'travellersByGender',
  'travellersByAge',
  'travellersByKind',
  'travellersBySchool',
  'funnel',
  'noticesByLanguage',
  'deliveriesByChannel',
  'yearOverYear',
];

/** A school's or delegation's name in the report's language (both: Chinese / Russian). */
function named(lang: ReportLanguage, zh: string, ru: string): string {
  if (lang === 'both') return zh === ru ? zh : `${zh} / ${ru}`;
  return lang === 'zh' ? zh : ru;
}

/**
 * The report as tables, in one language: the page shows them, the workbook writes each as
 * a sheet and the charts draw them, so all three always hold the same numbers.
 */
export function reportTables(
  stats: StatisticsDto,
  lang: ReportLanguage,
  t: Translate,
): ReportTable[] {
  const s = (key: string, params?: Record<string, unknown>) => t(`statistics.${key}`, params);
  const col = (key: string) => s(`column.${key}`);
  const { delegations: d, travellers: tr, applications: a } = stats;
  const fig = (key: string, value: Cell): Cell[] => [s(`figure.${key}`), value];
  const keyed = <K extends string>(
    prefix: string,
    keys: readonly K[],
    counts: Record<K, number>,
  ): Cell[][] => keys.map((k) => [s(`${prefix}.${k}`), counts[k]]);
  return [
    {
      id: 'overview',
      title: s('table.overview'),
      columns: [col('item'), col('count')],
      rows: [
        fig('delegations', d.total),
        fig('placesOffered', d.places.offered.total),
        fig('placesTaken', d.places.taken.total),
        fig('averageStay', d.stays.averageDays),
        fig('longestStay', d.stays.longestDays),
        fig('travellers', tr.total),
        fig('schoolsInvolved', stats.schools.involved),
        fig('schoolsNew', stats.schools.new),
        fig('schoolsTravelled', stats.schools.travelled),
        fig('partnersInvolved', stats.partners.involved),
        fig('partnersNew', stats.partners.new),
        fig('medianDays', a.medianDaysToDecision),
        fig('noticesPublished', stats.notices.published),
        fig('deliveries', stats.deliveries.total),
        fig('deliveriesFailed', stats.deliveries.failed),
      ],
    },
    {
      id: 'delegationsByState',
      title: s('table.delegationsByState'),
      columns: [col('state'), col('delegations')],
      rows: keyed('state', DELEGATION_STATES, d.byState),
      chart: { type: 'bar' },
    },
    {
      id: 'delegationsByDirection',
      title: s('table.delegationsByDirection'),
      columns: [col('direction'), col('delegations'), col('travellers')],
      rows: DIRECTIONS.map((k) => [s(`direction.${k}`), d.byDirection[k], tr.byDirection[k]]),
      chart: { type: 'bar', series: [1, 2] },
    },
    {
      id: 'travellersByNationality',
      title: s('table.travellersByNationality'),
      columns: [col('item'), col('travellers')],
      rows: keyed('nationality', NATIONALITY_KEYS, tr.byNationality),
      chart: { type: 'pie' },
    },
    {
      id: 'travellersByGender',
      title: s('table.travellersByGender'),
      columns: [col('item'), col('travellers')],
      rows: keyed('gender', GENDER_KEYS, tr.byGender),
      chart: { type: 'pie' },
    },
    {
      id: 'travellersByAge',
      title: s('table.travellersByAge'),
      columns: [col('item'), col('travellers')],
      rows: AGE_BANDS.map((band) => [s('ageBand', { band }), tr.byAgeBand[band]]),
      chart: { type: 'bar' },
    },
    {
      id: 'travellersByKind',
      title: s('table.travellersByKind'),
      columns: [col('item'), col('travellers')],
      rows: keyed('kind', TRAVELLER_KINDS, tr.byKind),
      chart: { type: 'bar' },
    },
    {
      id: 'travellersBySchool',
      title: s('table.travellersBySchool'),
      columns: [col('school'), col('travellers')],
      rows: tr.bySchool.map((x) => [named(lang, x.nameZh, x.nameRu), x.count]),
      chart: { type: 'horizontalBar' },
    },
    {
      id: 'funnel',
      title: s('table.funnel'),
      columns: [col('item'), col('applications')],
      rows: FUNNEL_STAGES.map((k) => [s(`stage.${k}`), a[k]]),
      chart: { type: 'bar' },
    },
    {
      id: 'funnelByDelegation',
      title: s('table.funnelByDelegation'),
      columns: [
        col('delegation'),
        col('departure'),
        col('direction'),
        s('stage.submitted'),
        s('stage.approved'),
        s('stage.waitlisted'),
        s('stage.offered'),
        s('stage.rejected'),
        s('stage.withdrawn'),
        s('stage.pending'),
        col('median'),
      ],
      rows: a.byDelegation.map((x) => [
        named(lang, x.titleZh, x.titleRu),
        x.departureDate,
        s(`direction.${x.direction}`),
        x.submitted,
        x.approved,
        x.waitlisted,
        x.offered,
        x.rejected,
        x.withdrawn,
        x.pending,
        x.medianDaysToDecision,
      ]),
    },
    {
      id: 'noticesByLanguage',
      title: s('table.noticesByLanguage'),
      columns: [col('item'), col('notices')],
      rows: keyed('language', ['both', 'zh', 'ru'] as const, stats.notices.byLanguage),
      chart: { type: 'bar' },
    },
    {
      id: 'deliveriesByChannel',
      title: s('table.deliveriesByChannel'),
      columns: [col('item'), col('total'), col('sent'), col('failed'), col('pending')],
      rows: CHANNEL_KEYS.map((k) => {
        const c = stats.deliveries.byChannel[k];
        return [s(`channel.${k}`), c.total, c.sent, c.failed, c.pending];
      }),
      chart: { type: 'bar', series: [2, 3, 4] },
    },
    {
      id: 'yearOverYear',
      title: s('table.yearOverYear'),
      columns: [
        col('year'),
        col('delegations'),
        col('travellers'),
        s('direction.CN_TO_RU'),
        s('direction.RU_TO_CN'),
        col('applications'),
        col('approved'),
        col('median'),
        col('schools'),
        col('newSchools'),
        col('partners'),
        col('newPartners'),
        col('notices'),
        col('deliveries'),
        col('failed'),
      ],
      rows: stats.yearOverYear.map((y) => [
        String(y.year),
        y.delegations.total,
        y.travellers.total,
        y.travellers.byDirection.CN_TO_RU,
        y.travellers.byDirection.RU_TO_CN,
        y.applications.submitted,
        y.applications.approved,
        y.applications.medianDaysToDecision,
        y.schools.involved,
        y.schools.new,
        y.partners.involved,
        y.partners.new,
        y.notices.published,
        y.deliveries.total,
        y.deliveries.failed,
      ]),
      chart: { type: 'line', series: [1, 2] },
    },
  ];
}
