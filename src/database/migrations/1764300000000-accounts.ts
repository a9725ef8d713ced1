import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { isSqlite, portable } from './portable';

export class Accounts1764300000000 implements MigrationInterface {
  name = 'Accounts1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isSqlite(queryRunner)) {
      // Chinese, Russian and supplementary-plane names (𠮷) need 4-byte UTF-8 throughout.
      await queryRunner.query('ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    }
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'organizations',
        columns: [
          c.id(),
          c.varchar('type', 16),
          c.varchar('country', 2),
          c.varchar('nameZh', 200),
          c.varchar('nameRu', 200),
          c.varchar('city', 100),
          c.varchar('preferredLanguage', 2),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [{ name: 'IDX_organizations_type', columnNames: ['type'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.varchar('email', 254),
          c.varchar('passwordHash', 255),
          c.varchar('role', 24),
          c.ref('organizationId'),
          c.varchar('preferredLanguage', 2),
          c.boolean('disabled', false),
          c.int('sessionEpoch', 0),
          c.instant('lastLoginAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'UQ_users_email', columnNames: ['email'], isUnique: true },
          { name: 'IDX_users_organization', columnNames: ['organizationId'] },
          { name: 'IDX_users_role', columnNames: ['role'] },
        ],
        foreignKeys: [
          {
            name: 'FK_users_organization',
            columnNames: ['organizationId'],
            referencedTableName: 'organizations',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'auth_sessions',
        columns: [
          c.id(),
          c.ref('userId'),
          c.int('userEpoch'),
          c.instant('revokedAt', true),
          c.varchar('revokedReason', 32, true),
          c.createdAt(),
        ],
        indices: [{ name: 'IDX_auth_sessions_user', columnNames: ['userId'] }],
        foreignKeys: [
          {
            name: 'FK_auth_sessions_user',
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'RESTRICT',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          c.id(),
          c.ref('sessionId'),
          c.varchar('tokenHash', 64),
          c.instant('expiresAt'),
          c.instant('usedAt', true),
          c.createdAt(),
        ],
        indices: [
          { name: 'UQ_refresh_tokens_hash', columnNames: ['tokenHash'], isUnique: true },
          { name: 'IDX_refresh_tokens_session', columnNames: ['sessionId'] },
        ],
        foreignKeys: [
          {
            name: 'FK_refresh_tokens_session',
            columnNames: ['sessionId'],
            referencedTableName: 'auth_sessions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'RESTRICT',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('refresh_tokens');
    await queryRunner.dropTable('auth_sessions');
    await queryRunner.dropTable('users');
    await queryRunner.dropTable('organizations');
  }
}
