import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './portable';

/** Kept here, not imported from the entity file: a migration must not change when code does. */
const DEFAULT_TRAVEL_REGIME = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'China–Russia visa-free group',
  minGroupSize: 5,
  maxGroupSize: 50,
  maxStayDays: 15,
  passportMarginMonths: 6,
};

export class Delegations1764400001000 implements MigrationInterface {
  name = 'Delegations1764400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'travel_regimes',
        columns: [
          c.id(),
          c.varchar('name', 200),
          c.int('minGroupSize'),
          c.int('maxGroupSize'),
          c.int('maxStayDays'),
          c.int('passportMarginMonths'),
          c.createdAt(),
          c.updatedAt(),
        ],
      }),
    );
    const regime = DEFAULT_TRAVEL_REGIME;
    await queryRunner.query(
      'INSERT INTO travel_regimes (id, name, minGroupSize, maxGroupSize, maxStayDays, passportMarginMonths) VALUES (?, ?, ?, ?, ?, ?)',
      [
        regime.id,
        regime.name,
        regime.minGroupSize,
        regime.maxGroupSize,
        regime.maxStayDays,
        regime.passportMarginMonths,
      ],
    );
    await queryRunner.createTable(
      new Table({
        name: 'delegations',
        columns: [
          c.id(),
          c.varchar('titleZh', 200),
          c.varchar('titleRu', 200),
          c.text('descriptionZh'),
          c.text('descriptionRu'),
          c.varchar('direction', 8),
          c.ref('hostOrganizationId'),
          c.date('departureDate'),
          c.date('returnDate'),
          c.instant('applicationOpensAt'),
          c.instant('applicationClosesAt'),
          c.int('studentPlaces'),
          c.int('chaperonePlaces'),
          c.int('studentPlacesTaken', 0),
          c.int('chaperonePlacesTaken', 0),
          c.int('minAge'),
          c.int('maxAge'),
          c.int('studentsPerChaperone'),
          c.ref('travelRegimeId'),
          c.varchar('status', 20),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'IDX_delegations_status', columnNames: ['status'] },
          { name: 'IDX_delegations_departure', columnNames: ['departureDate'] },
          { name: 'IDX_delegations_host_organization', columnNames: ['hostOrganizationId'] },
          { name: 'IDX_delegations_travel_regime', columnNames: ['travelRegimeId'] },
        ],
        foreignKeys: [
          {
            name: 'FK_delegations_host_organization',
            columnNames: ['hostOrganizationId'],
            referencedTableName: 'organizations',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          },
          {
            name: 'FK_delegations_travel_regime',
            columnNames: ['travelRegimeId'],
            referencedTableName: 'travel_regimes',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('delegations');
    await queryRunner.dropTable('travel_regimes');
  }
}
