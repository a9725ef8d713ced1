import { DateUtils } from 'typeorm/util/DateUtils';
import { Tx } from './transactions';

/** Rows per statement: a few thousand bound values, well inside both databases' limits. */
const ROWS_PER_STATEMENT = 100;

/**
 * Gives each row its own values in one UPDATE per hundred rows (`SET col = CASE id WHEN ?
 * THEN ? … END`), where one UPDATE per row would cost a round trip each: erasing a batch
 * of people, whose initials all differ, is a few statements instead of hundreds. Every row
 * sets the same columns; `same` are set alike on all of them; `where` adds a condition
 * (`erasedAt IS NULL`) so a row already done is left alone. Column names come from the
 * caller's code, never from input; the values are bound. Portable: `?` placeholders and
 * quoted identifiers mean the same on MySQL, MariaDB and SQLite.
 */
export async function updateEach(
  tx: Tx,
  table: string,
  rows: { id: string; set: Record<string, unknown> }[],
  options: { same?: Record<string, unknown>; where?: string } = {},
): Promise<void> {
  if (!rows.length) return;
  const quote = (name: string) => (tx.sqlite ? `"${name}"` : `\`${name}\``);
  // SQLite binds no Date: stored as TypeORM stores it there, UTC text with milliseconds.
  const bound = (value: unknown): unknown =>
    value instanceof Date && tx.sqlite
      ? (DateUtils.mixedDateToUtcDatetimeString(value) as string)
      : value;
  const columns = Object.keys(rows[0].set);
  const same = Object.entries(options.same ?? {});
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const sets = columns.map((column) => {
      const cases = chunk.map((row) => {
        params.push(row.id, bound(row.set[column]));
        return 'WHEN ? THEN ?';
      });
      return `${quote(column)} = CASE ${quote('id')} ${cases.join(' ')} END`;
    });
    for (const [column, value] of same) {
      sets.push(`${quote(column)} = ?`);
      params.push(bound(value));
    }
    params.push(...chunk.map((row) => row.id));
    await tx.manager.query(
      `UPDATE ${quote(table)} SET ${sets.join(', ')} WHERE ${quote('id')} IN (${chunk
        .map(() => '?')
        .join(', ')})${options.where ? ` AND (${options.where})` : ''}`,
      params,
    );
  }
}
