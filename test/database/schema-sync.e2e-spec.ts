import 'reflect-metadata';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { externalDatabaseUrl, testConfig } from '../support/test-config';

async function expectInSync(config: AppConfig) {
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);

    // Every migration also reverts cleanly.
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    const queryRunner = dataSource.createQueryRunner();
    const left = [];
    for (const { tableName } of dataSource.entityMetadatas) {
      if (await queryRunner.hasTable(tableName)) left.push(tableName);
    }
    await queryRunner.release();
    expect(left).toEqual([]);
  } finally {
    await dataSource.destroy();
  }
}

describe('migrations and entities agree', () => {
  it('on SQLite', async () => {
    await expectInSync(testConfig({ DATABASE_URL: undefined }));
  });

  (externalDatabaseUrl ? it : it.skip)('on MySQL/MariaDB', async () => {
    const url = new URL(externalDatabaseUrl!);
    const scratch = `yb_sync_${process.pid}_${Date.now()}`;
    const admin = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
    await admin.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET latin1`);
    try {
      url.pathname = `/${scratch}`;
      await expectInSync(testConfig({ DATABASE_URL: url.toString() }));
    } finally {
      await admin.query(`DROP DATABASE \`${scratch}\``);
      await admin.end();
    }
  });
});
