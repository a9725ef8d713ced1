import { Injectable } from '@nestjs/common';
import { Ctx } from '../database/transactions';

/**
 * Unique travellers of one bucket (a year, or the whole period) sharing every attribute
 * the statistics count by: the database groups, the statistics add up each dimension.
 */
export interface TravellerGroup {
  bucket: string;
  nationality: string;
  gender: string;
  /** Age on the day of the first departure in the bucket; null for a row locked before ages were kept. */
  age: number | null;
  schoolId: string;
  /** `student`, or a chaperone's role. */
  kind: string;
  count: number;
}

/** Unique people of a bucket who went in one direction. */
export interface DirectionCount {
  bucket: string;
  direction: string;
  count: number;
}

/**
 * The people who travelled, counted in the database from the locked rosters: each
 * delegation's current version, approved by the partner, whose rows keep what the
 * statistics need when personal data is erased (kind, role, nationality, gender, age on
 * departure, school). A person is counted once per bucket, with their first trip's age;
 * per direction, once in each direction they went. One query per bucket: the people
 * grouped by all their attributes at once, and the directions.
 */
@Injectable()
export class RosterStatistics {
  /**
   * `buckets`: each bucket's delegations (a year's, or the period's), as the delegations
   * say which departed when: a query per bucket, all at once.
   */
  async travellers(
    ctx: Ctx,
    buckets: ReadonlyMap<string, readonly string[]>,
  ): Promise<{ groups: TravellerGroup[]; directions: DirectionCount[] }> {
    const parts = await Promise.all(
      [...buckets].map(([bucket, ids]) => this.bucket(ctx, bucket, ids)),
    );
    return {
      groups: parts.flatMap((p) => p.groups),
      directions: parts.flatMap((p) => p.directions),
    };
  }

  private async bucket(
    ctx: Ctx,
    bucket: string,
    delegationIds: readonly string[],
  ): Promise<{ groups: TravellerGroup[]; directions: DirectionCount[] }> {
    if (!delegationIds.length) return { groups: [], directions: [] };
    const params = delegationIds.map(() => '?').join(', ');
    const sql =
      'WITH latest AS (' +
      'SELECT v.id, v.direction, v.departureDate FROM roster_versions v ' +
      `WHERE v.delegationId IN (${params}) AND v.partnerDecision = 'approved' ` +
      'AND v.version = (SELECT MAX(w.version) FROM roster_versions w WHERE w.delegationId = v.delegationId)' +
      '), m AS (' +
      'SELECT r.participantId, l.direction, r.nationality, r.gender, r.schoolId, r.ageOnDeparture, ' +
      "CASE WHEN r.kind = 'student' THEN 'student' ELSE COALESCE(r.chaperoneRole, 'other') END AS kind, " +
      'ROW_NUMBER() OVER (PARTITION BY r.participantId ORDER BY l.departureDate, l.id) AS n ' +
      'FROM roster_members r JOIN latest l ON l.id = r.rosterVersionId' +
      ') ' +
      "SELECT 'person' AS what, nationality, gender, ageOnDeparture AS age, schoolId, kind, NULL AS direction, COUNT(*) AS count " +
      'FROM m WHERE n = 1 GROUP BY nationality, gender, ageOnDeparture, schoolId, kind ' +
      "UNION ALL SELECT 'direction', NULL, NULL, NULL, NULL, NULL, direction, COUNT(DISTINCT participantId) " +
      'FROM m GROUP BY direction';
    const rows: {
      what: 'person' | 'direction';
      nationality: string | null;
      gender: string | null;
      age: number | string | null;
      schoolId: string | null;
      kind: string | null;
      direction: string | null;
      count: number | string;
    }[] = await ctx.manager.query(sql, [...delegationIds]);
    const groups: TravellerGroup[] = [];
    const directions: DirectionCount[] = [];
    for (const r of rows) {
      if (r.what === 'direction') {
        directions.push({ bucket, direction: r.direction!, count: Number(r.count) });
      } else {
        groups.push({
          bucket,
          nationality: r.nationality!,
          gender: r.gender!,
          age: r.age === null ? null : Number(r.age),
          schoolId: r.schoolId!,
          kind: r.kind!,
          count: Number(r.count),
        });
      }
    }
    return { groups, directions };
  }
}
