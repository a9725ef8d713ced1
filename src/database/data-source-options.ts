import { ensurePrivateFile } from '../config/private-files';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
  } as const;
  if (config.database.type === 'better-sqlite3') {
    config.ensureDataDir();
    const file = config.database.path;
    ensurePrivateFile(file, [`${file}-wal`, `${file}-shm`]);
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.database.path,
      enableWAL: true,
      // Deleted and overwritten content is zeroed on disk, not left in free space: an
      // erased passport must be gone from the file, not merely unlinked.
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
        db.pragma('secure_delete = ON');
      },
    };
  }
  return {
    ...common,
    type: config.database.type,
    url: config.database.url,
    charset: 'utf8mb4_unicode_ci',
    // Instants are stored in UTC whatever the server's zone.
    timezone: 'Z',
    dateStrings: ['DATE'],
    extra: {
      connectionLimit: 20,
      waitForConnections: true,
      connectTimeout: 5000,
      // mysql2 captures a stack trace before every query, to put on errors: 3-8 % of the
      // API's CPU in the route profiles (bench/routes.js). TypeORM's QueryFailedError keeps
      // the calling code's frames anyway, through V8's async stack traces (the same stack
      // with and without it, checked).
      trace: false,
    },
  };
}
