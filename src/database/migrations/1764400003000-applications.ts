import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './portable';

export class Applications1764400003000 implements MigrationInterface {
  name = 'Applications1764400003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    const { fk } = c;
    await queryRunner.createTable(
      new Table({
        name: 'applications',
        columns: [
          c.id(),
          c.ref('delegationId'),
          c.ref('participantId'),
          c.ref('schoolId'),
          c.varchar('kind', 16),
          c.varchar('status', 16),
          c.text('motivation', true),
          c.varchar('decisionNote', 500, true),
          c.ref('decidedById', true),
          c.instant('decidedAt', true),
          { ...c.int('approvedParticipantVersion'), isNullable: true },
          c.instant('waitlistedAt', true),
          c.instant('submittedAt'),
          c.instant('withdrawnAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          {
            name: 'UQ_applications_delegation_participant',
            columnNames: ['delegationId', 'participantId'],
            isUnique: true,
          },
          { name: 'IDX_applications_delegation_status', columnNames: ['delegationId', 'status'] },
          {
            name: 'IDX_applications_delegation_submitted',
            columnNames: ['delegationId', 'submittedAt'],
          },

          { name: 'IDX_applications_school', columnNames: ['schoolId'] },
          { name: 'IDX_applications_participant', columnNames: ['participantId'] },
        ],
        foreignKeys: [
          fk('delegationId', 'delegations', 'FK_applications_delegation'),
          fk('participantId', 'participants', 'FK_applications_participant'),
          fk('schoolId', 'organizations', 'FK_applications_school'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('applications');
  }
}
