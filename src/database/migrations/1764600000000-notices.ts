import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './portable';

export class Notices1764600000000 implements MigrationInterface {
  name = 'Notices1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    const { fk } = c;
    await queryRunner.createTable(
      new Table({
        name: 'notices',
        columns: [
          c.id(),
          c.varchar('slug', 100),
          c.varchar('titleZh', 200, true),
          c.varchar('titleRu', 200, true),
          c.text('bodyZh', true),
          c.text('bodyRu', true),
          c.varchar('audience', 16),
          c.ref('delegationId', true),
          c.varchar('singleLanguage', 2, true),
          c.varchar('status', 16),
          c.instant('publishedAt', true),
          c.ref('authorId'),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'UQ_notices_slug', columnNames: ['slug'], isUnique: true },
          { name: 'IDX_notices_status_published', columnNames: ['status', 'publishedAt'] },
          { name: 'IDX_notices_delegation', columnNames: ['delegationId'] },
        ],
        foreignKeys: [
          fk('delegationId', 'delegations', 'FK_notices_delegation'),
          fk('authorId', 'users', 'FK_notices_author'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notices');
  }
}
