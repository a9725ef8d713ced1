import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { externalDatabaseUrl, testConfig } from './support/test-config';

/** Migrates the shared MySQL/MariaDB test database once; SQLite apps migrate their own file. */
export default async function globalSetup(): Promise<void> {
  if (!externalDatabaseUrl) return;
  const dataSource = new DataSource(dataSourceOptions(testConfig()));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
