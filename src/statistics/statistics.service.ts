import { Injectable } from '@nestjs/common';
import { ApplicationStatistics } from '../applications/application-statistics.service';
import { Read, Transactions } from '../database/transactions';
import { DelegationStatistics } from '../delegations/delegation-statistics.service';
import { HEIHE_ZONE, todayIn } from '../localization/local-times';
import { NoticeStatistics } from '../notices/notice-statistics.service';
import { DeliveryStatistics } from '../notifications/delivery-statistics.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { PublicYearTotals, YearTotals } from '../pages/year-totals-port';
import { RosterStatistics } from '../rosters/roster-statistics.service';
import { StatisticsDto, StatisticsQueryDto, YearStatisticsDto } from './dto/statistics.dto';
import {
  DelegationFact,
  delegationSummary,
  DeliveryFact,
  deliverySummary,
  Funnel,
  FunnelFact,
  funnelOf,
  idsBefore,
  idsIn,
  involvement,
  isConfirmed,
  NoticeFact,
  noticeSummary,
  partnerSets,
  publicCount,
  publicDirections,
  TravellerFacts,
  Travellers,
  travellersOf,
} from './statistics-rules';
import { comparedYears, Period, periodOf, yearPeriod } from './period-rules';

const heiheStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const heiheEnd = (day: string) => new Date(heiheStart(day).getTime() + 86_400_000 - 1);

/** What every period's figures are computed from, read once per request. */
interface Facts {
  delegations: (DelegationFact & { titleZh: string; titleRu: string })[];
  funnel: FunnelFact[];
  notices: NoticeFact[];
}

/** The figures that come from per-period queries, for one period (or one year of many). */
interface Counted {
  travellers: TravellerFacts;
  deliveries: DeliveryFact[];
  median: number | null;
  schools: Set<string>;
  schoolsBefore: Set<string>;
}

/**
 * The committee's statistics for any period and year over year. Every count is made by the
 * feature that owns the rows (delegations, applications, rosters, notices, deliveries) from
 * what the retention policy keeps, so the figures do not change when personal data is
 * erased; this service only chooses the periods and puts the counts together.
 */
@Injectable()
export class StatisticsService implements YearTotals {
  constructor(
    private readonly transactions: Transactions,
    private readonly delegations: DelegationStatistics,
    private readonly applications: ApplicationStatistics,
    private readonly rosters: RosterStatistics,
    private readonly notices: NoticeStatistics,
    private readonly deliveries: DeliveryStatistics,
    private readonly organizations: OrganizationsService,
  ) {}

  async statistics(query: StatisticsQueryDto): Promise<StatisticsDto> {
    const period = periodOf(query, todayIn(HEIHE_ZONE));
    const ctx = this.transactions.read(null);
    const delegations = await this.delegations.facts(ctx, period.to);
    const first = delegations.find(notDraft);
    const years = comparedYears(period, first ? Number(first.departureDate.slice(0, 4)) : null);
    const span: Period = {
      from: [period.from, `${years[0]}-01-01`].sort()[0],
      to: period.to,
      year: null,
    };
    const mainIds = idsIn(delegations, period, notDraft);
    // Everything else depends only on the delegations: one round of parallel queries.
    const [funnel, notices, yearly, counted, medians] = await Promise.all([
      this.applications.funnel(ctx, idsIn(delegations, span, notDraft)),
      this.notices.published(ctx, heiheStart(span.from), heiheEnd(span.to)),
      this.countYears(ctx, delegations, years),
      period.year !== null && years.includes(period.year)
        ? undefined
        : this.countPeriod(ctx, delegations, period),
      this.applications.medianDaysByDelegation(ctx, mainIds),
    ]);
    const facts: Facts = {
      delegations,
      funnel,
      notices: notices.map((n) => ({
        day: todayIn(HEIHE_ZONE, n.publishedAt),
        zh: n.zh,
        ru: n.ru,
      })),
    };
    const main = counted
      ? { ...counted, bucket: 'all' }
      : { ...yearly.get(period.year!)!, bucket: String(period.year) };

    const summary = this.summary(facts, period, main, main.bucket);
    const schoolNames = await this.organizations.namesOf(
      ctx,
      summary.travellers.bySchool.map((s) => s.schoolId),
    );
    const byId = new Map(delegations.map((d) => [d.id, d]));
    return {
      period,
      ...summary,
      travellers: {
        ...summary.travellers,
        bySchool: summary.travellers.bySchool.map((s) => ({
          ...s,
          nameZh: schoolNames.get(s.schoolId)?.nameZh ?? '',
          nameRu: schoolNames.get(s.schoolId)?.nameRu ?? '',
        })),
      },
      applications: {
        ...summary.applications,
        byDelegation: mainIds.map((id) => {
          const d = byId.get(id)!;
          return {
            delegationId: id,
            titleZh: d.titleZh,
            titleRu: d.titleRu,
            direction: d.direction,
            departureDate: d.departureDate,
            status: d.status,
            ...funnelOf(facts.funnel, new Set([id])),
            medianDaysToDecision: medians.get(id) ?? null,
          };
        }),
      },
      yearOverYear: years.map((year) => {
        const y = this.summary(facts, yearPeriod(year), yearly.get(year)!, String(year));
        return { year, ...y, travellers: withoutSchools(y.travellers) };
      }),
    };
  }

  /** The public page's figures for a year: totals only, people under five suppressed. */
  async yearTotals(year: number): Promise<PublicYearTotals> {
    const stats = await this.statistics({ year });
    const { travellers, delegations } = stats;
    const directions = publicDirections(travellers.total, travellers.byDirection);
    return {
      year,
      delegations: delegations.total,
      delegationsByDirection: delegations.byDirection,
      travellers: publicCount(travellers.total),
      travellersByDirection: directions,
      schools: stats.schools.involved,
      partners: stats.partners.involved,
    };
  }

  private summary(
    facts: Facts,
    period: Period,
    counted: Counted,
    bucket: string,
  ): Omit<YearStatisticsDto, 'year'> & { travellers: ReturnType<typeof travellersOf> } & {
    applications: Funnel & { medianDaysToDecision: number | null };
  } {
    const ids = new Set(idsIn(facts.delegations, period, notDraft));
    const partners = partnerSets(facts.delegations, period);
    const travellers = travellersOf(counted.travellers, bucket);
    return {
      delegations: delegationSummary(facts.delegations, period),
      travellers,
      applications: { ...funnelOf(facts.funnel, ids), medianDaysToDecision: counted.median },
      schools: {
        ...involvement(counted.schools, counted.schoolsBefore),
        travelled: travellers.bySchool.length,
      },
      partners: involvement(partners.inPeriod, partners.before),
      notices: noticeSummary(facts.notices, period),
      deliveries: deliverySummary(counted.deliveries, bucket),
    };
  }

  /** The per-period counts of each year: the unique ones grouped by year, one query each. */
  private async countYears(
    ctx: Read,
    all: Facts['delegations'],
    years: number[],
  ): Promise<Map<number, Counted>> {
    const span: Period = {
      from: `${years[0]}-01-01`,
      to: `${years[years.length - 1]}-12-31`,
      year: null,
    };
    const byYear = new Map(
      years.map((year) => [String(year), idsIn(all, yearPeriod(year), notDraft)] as const),
    );
    const [travellers, deliveries, medians, schools] = await Promise.all([
      this.rosters.travellers(
        ctx,
        new Map(years.map((year) => [String(year), idsIn(all, yearPeriod(year), isConfirmed)])),
      ),
      this.deliveries.counts(ctx, span.from, span.to, true),
      this.applications.medianDays(ctx, byYear),
      this.applications.schoolIds(
        ctx,
        new Map([...byYear, [BEFORE, idsBefore(all, span, notDraft)]]),
      ),
    ]);
    const result = new Map<number, Counted>();
    const seen = new Set(schools.get(BEFORE));
    for (const year of years) {
      const inYear = schools.get(String(year)) ?? new Set<string>();
      result.set(year, {
        travellers,
        deliveries,
        median: medians.get(String(year)) ?? null,
        schools: inYear,
        schoolsBefore: new Set(seen),
      });
      for (const school of inYear) seen.add(school);
    }
    return result;
  }

  /** The per-period counts of a period that is not one calendar year. */
  private async countPeriod(
    ctx: Read,
    all: Facts['delegations'],
    period: Period,
  ): Promise<Counted> {
    const ids = idsIn(all, period, notDraft);
    const [travellers, deliveries, medians, schools] = await Promise.all([
      this.rosters.travellers(ctx, new Map([['all', idsIn(all, period, isConfirmed)]])),
      this.deliveries.counts(ctx, period.from, period.to, false),
      this.applications.medianDays(ctx, new Map([[PERIOD, ids]])),
      this.applications.schoolIds(
        ctx,
        new Map([
          [PERIOD, ids],
          [BEFORE, idsBefore(all, period, notDraft)],
        ]),
      ),
    ]);
    return {
      travellers,
      deliveries,
      median: medians.get(PERIOD) ?? null,
      schools: schools.get(PERIOD) ?? new Set(),
      schoolsBefore: schools.get(BEFORE) ?? new Set(),
    };
  }
}

const PERIOD = 'period';
const BEFORE = 'before';
const notDraft = (d: { status: string }) => d.status !== 'draft';

/** A year's travellers in the year-over-year table: the counts, not the list of schools. */
function withoutSchools(t: Travellers): Omit<Travellers, 'bySchool'> {
  return {
    total: t.total,
    byDirection: t.byDirection,
    byNationality: t.byNationality,
    byGender: t.byGender,
    byAgeBand: t.byAgeBand,
    byKind: t.byKind,
  };
}
