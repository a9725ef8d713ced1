import type { DataSource } from 'typeorm';

export interface Row {
  [column: string]: unknown;
}

/**
 * Reading the database directly, for what no API shows. `db` is asked for on each query,
 * so a suite can make these before its `beforeAll` has connected:
 *
 *     const { query, count } = sqlOf(() => db);
 *     expect(await count('SELECT COUNT(*) AS n FROM participants')).toBe(0);
 */
export function sqlOf(db: () => DataSource) {
  const query = <T = Row>(sql: string, params: unknown[] = []) => db().query<T[]>(sql, params);
  /** The `n` of the first row, as a number (MariaDB answers COUNT(*) with a string). */
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await query<{ n: number | string }>(sql, params))[0].n);
  return { query, count };
}
