import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { isSqlite, portable } from './portable';

/** Full years between two `YYYY-MM-DD` dates; a copy of age-rules' `ageOn`, kept with the migration. */
function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m > bm || (m === bm && d >= bd) ? 0 : 1);
}

const BATCH = 500;

/**
 * The committee's statistics: a chaperone's role (teacher, volunteer, other), and on each
 * locked roster row the role and the age on departure, kept when the retention job erases
 * the birth day (so age bands stay true); and daily tallies of deliveries, written when the
 * history is pruned, so delivery counts stay true after old rows are deleted; an
 * application's first decision; and two
 * covering indexes for counting applications per delegation.
 */
export class Statistics1765300000000 implements MigrationInterface {
  name = 'Statistics1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    const int = isSqlite(queryRunner) ? 'integer' : 'int';
    await queryRunner.addColumns('participants', [
      new TableColumn(c.varchar('chaperoneRole', 16, true)),
    ]);
    // Nobody said which role the chaperones registered so far had.
    await queryRunner.query(
      "UPDATE participants SET chaperoneRole = 'other' WHERE kind = 'chaperone'",
    );
    await queryRunner.addColumns('roster_members', [
      new TableColumn(c.varchar('chaperoneRole', 16, true)),
      new TableColumn({ name: 'ageOnDeparture', type: int, isNullable: true }),
    ]);
    await queryRunner.query(
      "UPDATE roster_members SET chaperoneRole = 'other' WHERE kind = 'chaperone'",
    );
    // Rows erased before this migration hold only the birth year (as 1 January): their
    // age is counted from that, which may be a year off; no such rows existed in service.
    for (let after = ''; ;) {
      const rows = (await queryRunner.query(
        'SELECT m.id AS id, m.birthDate AS birthDate, v.departureDate AS departureDate ' +
          'FROM roster_members m JOIN roster_versions v ON v.id = m.rosterVersionId ' +
          'WHERE m.id > ? ORDER BY m.id LIMIT ?',
        [after, BATCH],
      )) as { id: string; birthDate: string; departureDate: string }[];
      if (!rows.length) break;
      for (const row of rows) {
        await queryRunner.query('UPDATE roster_members SET ageOnDeparture = ? WHERE id = ?', [
          ageOn(String(row.birthDate).slice(0, 10), String(row.departureDate).slice(0, 10)),
          row.id,
        ]);
      }
      after = rows[rows.length - 1].id;
    }
    // The first decision, which re-approvals no longer move: before this, the earlier of the
    // waitlisting and the latest decision is all there is.
    await queryRunner.addColumns('applications', [
      new TableColumn(c.instant('firstDecidedAt', true)),
    ]);
    await queryRunner.query(
      'UPDATE applications SET firstDecidedAt = COALESCE(waitlistedAt, decidedAt)',
    );
    // The statistics count applications per delegation from these alone (covering indexes).
    await queryRunner.createIndex(
      'applications',
      new TableIndex({
        name: 'IDX_applications_delegation_funnel',
        columnNames: ['delegationId', 'status', 'waitlistedAt'],
      }),
    );
    await queryRunner.createIndex(
      'applications',
      new TableIndex({
        name: 'IDX_applications_delegation_school',
        columnNames: ['delegationId', 'schoolId'],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'delivery_tallies',
        columns: [
          c.id(),
          c.date('day'),
          c.varchar('channel', 16),
          c.varchar('status', 16),
          c.int('count', 0),
        ],
        indices: [
          {
            name: 'UQ_delivery_tallies_day_channel_status',
            columnNames: ['day', 'channel', 'status'],
            isUnique: true,
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('delivery_tallies');
    await queryRunner.dropIndex('applications', 'IDX_applications_delegation_school');
    await queryRunner.dropIndex('applications', 'IDX_applications_delegation_funnel');
    await queryRunner.dropColumn('applications', 'firstDecidedAt');
    await queryRunner.dropColumn('roster_members', 'ageOnDeparture');
    await queryRunner.dropColumn('roster_members', 'chaperoneRole');
    await queryRunner.dropColumn('participants', 'chaperoneRole');
  }
}
