import { QueryRunner, TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/**
 * Column definitions for migrations that run unchanged on MySQL 8, MariaDB and SQLite.
 * They mirror `src/database/columns.ts`, and the schema-sync test proves they agree.
 */
export function isSqlite(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'better-sqlite3';
}

export function portable(queryRunner: QueryRunner) {
  const sqlite = isSqlite(queryRunner);
  const now = sqlite ? "datetime('now')" : 'CURRENT_TIMESTAMP(6)';
  return {
    id: (): TableColumnOptions => ({ name: 'id', type: 'varchar', length: '36', isPrimary: true }),
    ref: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: '36',
      isNullable: nullable,
    }),
    varchar: (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    }),
    text: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'text',
      isNullable: nullable,
    }),
    date: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'date',
      isNullable: nullable,
    }),
    int: (name: string, defaultValue?: number): TableColumnOptions => ({
      name,
      type: sqlite ? 'integer' : 'int',
      default: defaultValue,
    }),
    boolean: (name: string, defaultValue: boolean): TableColumnOptions => ({
      name,
      type: 'boolean',
      default: defaultValue ? 1 : 0,
    }),
    instant: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'datetime',
      precision: 6,
      isNullable: nullable,
    }),
    /** A foreign key to another table's id; RESTRICT unless the rows belong to the parent. */
    fk: (
      column: string,
      table: string,
      name: string,
      onDelete: 'RESTRICT' | 'CASCADE' = 'RESTRICT',
    ): TableForeignKeyOptions => ({
      name,
      columnNames: [column],
      referencedTableName: table,
      referencedColumnNames: ['id'],
      onDelete,
      onUpdate: 'RESTRICT',
    }),
    createdAt: (): TableColumnOptions => ({
      name: 'createdAt',
      type: 'datetime',
      precision: 6,
      default: now,
    }),
    updatedAt: (): TableColumnOptions => ({
      name: 'updatedAt',
      type: 'datetime',
      precision: 6,
      default: now,
      onUpdate: sqlite ? undefined : 'CURRENT_TIMESTAMP(6)',
    }),
  };
}
