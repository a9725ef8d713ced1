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
   * The median number of days from submission to the first decision (waitlisting, or else
   * the decision itself) over the decided applications of each group of delegations (a
   * year, a period), in one query with window functions (MySQL 8, MariaDB 10.2, SQLite
   * 3.25). A group where nothing was decided is absent.
   */
  async medianDays(ctx: Ctx, groups: DelegationGroups): Promise<Map<string, number>> {
    return new Map((await this.medians(ctx, groups)).map((row) => [row.key, row.median] as const));
  }

  /** The same median for each delegation on its own. */
  medianDaysByDelegation(ctx: Ctx, delegationIds: readonly string[]): Promise<Map<string, number>> {
    return this.medianDays(ctx, new Map(delegationIds.map((id) => [id, [id]])));
  }

  /** The schools with an application to a delegation of each group, in one query. */
  async schoolIds(ctx: Ctx, groups: DelegationGroups): Promise<Map<string, Set<string>>> {
    const result = new Map([...groups.keys()].map((key) => [key, new Set<string>()]));
    const groupTable = groupsTable(groups);
    if (!groupTable) return result;
    const rows: { k: string; schoolId: string }[] = await ctx.manager.query(
      `SELECT DISTINCT g.k AS k, a.schoolId AS schoolId FROM applications a JOIN (${groupTable.sql}) g ON g.id = a.delegationId`,
      groupTable.params,
    );
    for (const row of rows) result.get(String(row.k))?.add(row.schoolId);
    return result;
  }

  private async medians(
    ctx: Ctx,
    groups: DelegationGroups,
  ): Promise<{ key: string; median: number }[]> {
    const groupTable = groupsTable(groups);
    if (!groupTable) return [];
    // The one place the two databases differ: the days between two instants.
    const decided = 'COALESCE(a.waitlistedAt, a.decidedAt)';
    const days = ctx.sqlite
      ? `(julianday(${decided}) - julianday(a.submittedAt))`
      : `(TIMESTAMPDIFF(MICROSECOND, a.submittedAt, ${decided}) / 86400000000)`;
    const sql =
      `SELECT k, AVG(d) AS median FROM (` +
      `SELECT g.k AS k, ${days} AS d, ` +
      `ROW_NUMBER() OVER (PARTITION BY g.k ORDER BY ${days}) AS n, ` +
      `COUNT(*) OVER (PARTITION BY g.k) AS c ` +
      `FROM applications a JOIN (${groupTable.sql}) g ON g.id = a.delegationId ` +
      `WHERE ${decided} IS NOT NULL` +
      // The middle row, or the two middle rows of an even count (no FLOOR: SQLite may lack it).
      `) x WHERE 2 * n BETWEEN c AND c + 2 GROUP BY k`;
    const rows: { k: string; median: unknown }[] = await ctx.manager.query(sql, groupTable.params);
    return rows.map((r) => ({ key: String(r.k), median: Math.round(Number(r.median) * 10) / 10 }));
  }
}

/** Groups of delegations by a key: a year, a period, `before`, or a delegation itself. */
export type DelegationGroups = ReadonlyMap<string, readonly string[]>;

/**
 * The groups as a derived table `(id, k)` of bound values, joined to the applications, so
 * one query answers every group: `SELECT ? AS id, ? AS k UNION ALL SELECT ?, ? …` reads
 * the same on MySQL, MariaDB and SQLite.
 */
function groupsTable(groups: DelegationGroups): { sql: string; params: string[] } | undefined {
  const params: string[] = [];
  for (const [key, ids] of groups) for (const id of ids) params.push(id, key);
  if (!params.length) return undefined;
  const rows = Array.from({ length: params.length / 2 }, (_, i) =>
    i === 0 ? 'SELECT ? AS id, ? AS k' : 'SELECT ?, ?',
  );
  return { sql: rows.join(' UNION ALL '), params };
}
