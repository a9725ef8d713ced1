import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { portable } from './portable';

/**
 * A session is an API login (refresh tokens) or a signed-in browser (the portal's cookie);
 * a browser session ends after a time without requests, so it records the last one.
 */
export class BrowserSessions1765100000000 implements MigrationInterface {
  name = 'BrowserSessions1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.addColumns('auth_sessions', [
      new TableColumn({ ...c.varchar('kind', 8), default: "'api'" }),
      new TableColumn(c.instant('lastSeenAt', true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('auth_sessions', ['kind', 'lastSeenAt']);
  }
}
