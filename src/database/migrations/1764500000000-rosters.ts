import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { portable } from './portable';

export class Rosters1764500000000 implements MigrationInterface {
  name = 'Rosters1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    const { fk } = c;
    await queryRunner.addColumn('delegations', new TableColumn(c.int('rosterVersion', 0)));
    await queryRunner.createTable(
      new Table({
        name: 'roster_versions',
        columns: [
          c.id(),
          c.ref('delegationId'),
          c.int('version'),
          c.varchar('hash', 64),
          c.int('memberCount'),
          c.varchar('direction', 8),
          c.date('departureDate'),
          c.date('returnDate'),
          c.ref('hostOrganizationId'),
          c.instant('lockedAt'),
          c.ref('lockedById'),
          c.varchar('overrideReason', 1000, true),
          c.varchar('overriddenChecks', 1000, true),
          c.varchar('partnerDecision', 16, true),
          c.instant('partnerDecidedAt', true),
          c.ref('partnerDecidedById', true),
          c.varchar('rejectionReason', 1000, true),
          c.createdAt(),
        ],
        indices: [
          {
            name: 'UQ_roster_versions_delegation_version',
            columnNames: ['delegationId', 'version'],
            isUnique: true,
          },
        ],
        foreignKeys: [
          fk('delegationId', 'delegations', 'FK_roster_versions_delegation'),
          fk('hostOrganizationId', 'organizations', 'FK_roster_versions_host'),
          fk('lockedById', 'users', 'FK_roster_versions_locked_by'),
          fk('partnerDecidedById', 'users', 'FK_roster_versions_partner_decided_by'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'roster_members',
        columns: [
          c.id(),
          c.ref('rosterVersionId'),
          c.int('position'),
          c.ref('participantId'),
          c.ref('applicationId'),
          c.ref('schoolId'),
          c.varchar('kind', 16),
          c.varchar('nationality', 2),
          c.varchar('familyName', 100),
          c.varchar('givenName', 100),
          c.varchar('latinFamily', 100, true),
          c.varchar('latinGiven', 100, true),
          c.varchar('cyrillicFamily', 100, true),
          c.varchar('cyrillicGiven', 100, true),
          c.varchar('chineseFamily', 100, true),
          c.varchar('chineseGiven', 100, true),
          c.varchar('gender', 8),
          c.date('birthDate'),
          c.varchar('birthPlace', 200),
          c.varchar('passportEncrypted', 96, true),
          c.date('passportExpiry', true),
        ],
        indices: [
          {
            name: 'UQ_roster_members_version_participant',
            columnNames: ['rosterVersionId', 'participantId'],
            isUnique: true,
          },
          {
            name: 'IDX_roster_members_version_position',
            columnNames: ['rosterVersionId', 'position'],
          },
          { name: 'IDX_roster_members_participant', columnNames: ['participantId'] },
        ],
        foreignKeys: [
          fk('rosterVersionId', 'roster_versions', 'FK_roster_members_version', 'CASCADE'),
          fk('participantId', 'participants', 'FK_roster_members_participant'),
          fk('schoolId', 'organizations', 'FK_roster_members_school'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('roster_members');
    await queryRunner.dropTable('roster_versions');
    await queryRunner.dropColumn('delegations', 'rosterVersion');
  }
}
