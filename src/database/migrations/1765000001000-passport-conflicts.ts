import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './portable';

/** Passport numbers that collided across schools, for an organizer to settle. */
export class PassportConflicts1765000001000 implements MigrationInterface {
  name = 'PassportConflicts1765000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'passport_conflicts',
        columns: [
          c.id(),
          c.ref('participantId'),
          c.ref('holderId'),
          c.instant('openedAt'),
          c.instant('resolvedAt', true),
          c.ref('resolvedBy', true),
          c.varchar('resolution', 16, true),
        ],
        foreignKeys: [
          c.fk('participantId', 'participants', 'FK_passport_conflicts_participant', 'CASCADE'),
          c.fk('holderId', 'participants', 'FK_passport_conflicts_holder', 'CASCADE'),
        ],
        indices: [
          { name: 'IDX_passport_conflicts_participant', columnNames: ['participantId'] },
          { name: 'IDX_passport_conflicts_holder', columnNames: ['holderId'] },
          { name: 'IDX_passport_conflicts_open', columnNames: ['resolvedAt', 'openedAt'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('passport_conflicts');
  }
}
