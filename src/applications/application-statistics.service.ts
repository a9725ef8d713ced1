import { Injectable } from '@nestjs/common';
import { Ctx } from '../database/transactions';
import { Application } from './application.entity';
import type { ApplicationStatus } from './application-status';

/** Applications of one delegation in one state, counted. */
export interface FunnelRow {
  delegationId: string;
  status: ApplicationStatus;
  /** The application was waitlisted at some point (it keeps its `waitlistedAt`). */
  wasWaitlisted: boolean;
  count: number;
}

/** Delegation ids per IN list: far below every driver's limit on bound parameters. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * The applications' facts for the committee's statistics, counted in the database: the
 * funnel per delegation and state, the median time to the first decision, the schools
 * that applied. Delegations are named by id: which ones a period holds is theirs to say.
 */
@Injectable()
export class ApplicationStatistics {
  async funnel(ctx: Ctx, delegationIds: readonly string[]): Promise<FunnelRow[]> {
    const rows: FunnelRow[] = [];
    for (const ids of chunks(delegationIds)) {
      const raw = await ctx
        .repo(Application)
        .createQueryBuilder('a')
        .select('a.delegationId', 'delegationId')
        .addSelect('a.status', 'status')
        .addSelect('CASE WHEN a.waitlistedAt IS NULL THEN 0 ELSE 1 END', 'wasWaitlisted')
        .addSelect('COUNT(*)', 'count')
        .where('a.delegationId IN (:...ids)', { ids })
        .groupBy('a.delegationId')
        .addGroupBy('a.status')
        .addGroupBy('CASE WHEN a.waitlistedAt IS NULL THEN 0 ELSE 1 END')
        .getRawMany<{
          delegationId: string;
          status: ApplicationStatus;
          wasWaitlisted: unknown;
          count: unknown;
        }>();
      for (const r of raw) {
        rows.push({
          delegationId: r.delegationId,
          status: r.status,
          wasWaitlisted: Number(r.wasWaitlisted) === 1,
          count: Number(r.count),
        });
      }
    }
    return rows;
  }

  /**
   * The median number of days from submission to the first decision (waitlisting, or the
   * decision itself; a later re-approval does not move it) over the decided applications
   * of each group of delegations (a year, a period), with window functions (MySQL 8,
   * MariaDB 10.2, SQLite 3.25): a query per group, all at once. A group where nothing was
   * decided is absent.
   */
  async medianDays(ctx: Ctx, groups: DelegationGroups): Promise<Map<string, number>> {
    const medians = await Promise.all(
      [...groups].map(async ([key, ids]) => {
        const [row] = ids.length ? await this.medians(ctx, ids, false) : [];
        return [key, row?.median] as const;
      }),
    );
    return new Map(medians.filter((m): m is readonly [string, number] => m[1] !== undefined));
  }

  /** The same median for each delegation on its own. */
  async medianDaysByDelegation(
    ctx: Ctx,
    delegationIds: readonly string[],
  ): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (const ids of chunks(delegationIds)) {
      for (const row of await this.medians(ctx, ids, true)) result.set(row.key, row.median);
    }
    return result;
  }

  /** The schools with an application to a delegation of each group. */
  async schoolIds(ctx: Ctx, groups: DelegationGroups): Promise<Map<string, Set<string>>> {
    const sets = await Promise.all(
      [...groups].map(async ([key, delegationIds]) => {
        const schools = new Set<string>();
        for (const ids of chunks(delegationIds)) {
          const raw = await ctx
            .repo(Application)
            .createQueryBuilder('a')
            .select('DISTINCT a.schoolId', 'schoolId')
            .where('a.delegationId IN (:...ids)', { ids })
            .getRawMany<{ schoolId: string }>();
          for (const r of raw) schools.add(r.schoolId);
        }
        return [key, schools] as const;
      }),
    );
    return new Map(sets);
  }

  private async medians(
    ctx: Ctx,
    delegationIds: readonly string[],
    perDelegation: boolean,
  ): Promise<{ key: string; median: number }[]> {
    // The one place the two databases differ: the days between two instants.
    const days = ctx.sqlite
      ? '(julianday(a.firstDecidedAt) - julianday(a.submittedAt))'
      : '(TIMESTAMPDIFF(MICROSECOND, a.submittedAt, a.firstDecidedAt) / 86400000000)';
    const key = perDelegation ? 'a.delegationId' : "'all'";
    const params = delegationIds.map(() => '?').join(', ');
    const sql =
      `SELECT k, AVG(d) AS median FROM (` +
      `SELECT ${key} AS k, ${days} AS d, ` +
      `ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY ${days}) AS n, ` +
      `COUNT(*) OVER (PARTITION BY ${key}) AS c ` +
      `FROM applications a WHERE a.delegationId IN (${params}) AND a.firstDecidedAt IS NOT NULL` +
      // The middle row, or the two middle rows of an even count (no FLOOR: SQLite may lack it).
      `) x WHERE 2 * n BETWEEN c AND c + 2 GROUP BY k`;
    const rows: { k: string; median: unknown }[] = await ctx.manager.query(sql, [...delegationIds]);
    return rows.map((r) => ({ key: String(r.k), median: Math.round(Number(r.median) * 10) / 10 }));
  }
}

/** Groups of delegations by a key: a year, a period, or `before`. */
export type DelegationGroups = ReadonlyMap<string, readonly string[]>;
