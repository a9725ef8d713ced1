import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Column decorators every entity shares, so entities and migrations agree on one
 * portable definition: ids are 36-character strings (MySQL has no uuid type and MariaDB's
 * differs; SQLite has no char), instants are datetime(6) in UTC, TypeORM's own precision
 * for created/updated columns.
 */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (options: { nullable?: boolean } = {}) =>
  Column({ type: 'varchar', length: 36, nullable: options.nullable ?? false });
export const InstantColumn = (options: { nullable?: boolean } = {}) =>
  Column({ type: 'datetime', precision: 6, nullable: options.nullable ?? false });
export const CreatedAtColumn = () => CreateDateColumn({ type: 'datetime', precision: 6 });
export const UpdatedAtColumn = () => UpdateDateColumn({ type: 'datetime', precision: 6 });
