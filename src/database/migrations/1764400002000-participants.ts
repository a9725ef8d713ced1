import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './portable';

export class Participants1764400002000 implements MigrationInterface {
  name = 'Participants1764400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'participants',
        columns: [
          c.id(),
          c.ref('schoolId'),
          c.varchar('kind', 16),
          c.varchar('nationality', 2),
          c.varchar('familyName', 100),
          c.varchar('givenName', 100),
          c.varchar('latinFamily', 100, true),
          c.varchar('latinGiven', 100, true),
          c.varchar('cyrillicFamily', 100, true),
          c.varchar('cyrillicGiven', 100, true),
          c.boolean('cyrillicOverridden', false),
          c.varchar('chineseFamily', 100, true),
          c.varchar('chineseGiven', 100, true),
          c.varchar('gender', 8),
          c.date('birthDate'),
          c.varchar('birthPlace', 200),
          c.varchar('passportEncrypted', 96, true),
          c.varchar('passportHash', 64, true),
          c.date('passportExpiry', true),
          c.varchar('guardianName', 200, true),
          c.varchar('guardianPhone', 40, true),
          c.varchar('guardianRelation', 50, true),
          c.varchar('emergencyContact', 200, true),
          c.varchar('phone', 40, true),
          c.varchar('email', 254, true),
          c.varchar('searchText', 1000),
          c.int('version', 1),

          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'IDX_participants_school', columnNames: ['schoolId'] },
          // Unique: it settles concurrent registrations of one number (NULLs may repeat).
          { name: 'UQ_participants_passport_hash', columnNames: ['passportHash'], isUnique: true },
        ],
        foreignKeys: [
          {
            name: 'FK_participants_school',
            columnNames: ['schoolId'],
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
        name: 'participant_consents',
        columns: [
          c.id(),
          c.ref('participantId'),
          c.varchar('kind', 16),
          c.varchar('givenBy', 200),
          c.varchar('relation', 50),
          c.instant('givenAt'),
          c.varchar('noticeVersion', 40),
          c.instant('withdrawnAt', true),
          c.createdAt(),
        ],
        indices: [{ name: 'IDX_participant_consents_participant', columnNames: ['participantId'] }],
        foreignKeys: [
          {
            name: 'FK_participant_consents_participant',
            columnNames: ['participantId'],
            referencedTableName: 'participants',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'RESTRICT',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('participant_consents');
    await queryRunner.dropTable('participants');
  }
}
