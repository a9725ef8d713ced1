import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './portable';

export class AuditLog1764400000000 implements MigrationInterface {
  name = 'AuditLog1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          c.id(),
          c.ref('actorId', true),
          c.ref('organizationId', true),
          c.varchar('action', 40),
          c.varchar('entityType', 40),
          c.varchar('entityId', 36),
          c.text('changedFields', true),
          c.varchar('note', 500, true),
          c.varchar('requestId', 64, true),
          c.instant('at'),
        ],
        indices: [
          { name: 'IDX_audit_log_entity', columnNames: ['entityType', 'entityId'] },
          { name: 'IDX_audit_log_actor', columnNames: ['actorId'] },
          { name: 'IDX_audit_log_at', columnNames: ['at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_log');
  }
}
