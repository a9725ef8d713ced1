import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { isSqlite } from './portable';

const TABLE = 'webhook_endpoints';

/**
 * The limit of endpoints per organization was a count followed by an insert: 50 parallel
 * registrations on MariaDB made 15. Each endpoint now takes one of its organization's
 * numbered places, and the unique index refuses a second holder of a place, whatever the
 * isolation level. Existing endpoints are numbered in the order they were registered.
 *
 * The sealed secret also grows: a 200-character secret, as the API allows, seals to
 * about 330 characters, which MariaDB refused with an error.
 */
export class WebhookSlots1765000009000 implements MigrationInterface {
  name = 'WebhookSlots1765000009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqlite(queryRunner);
    await queryRunner.addColumn(
      TABLE,
      new TableColumn({ name: 'slot', type: sqlite ? 'integer' : 'int', isNullable: true }),
    );
    const rows = (await queryRunner.query(
      `SELECT id, organizationId FROM ${TABLE} ORDER BY organizationId, createdAt, id`,
    )) as { id: string; organizationId: string }[];
    const taken = new Map<string, number>();
    for (const row of rows) {
      const slot = (taken.get(row.organizationId) ?? 0) + 1;
      taken.set(row.organizationId, slot);
      await queryRunner.query(`UPDATE ${TABLE} SET slot = ? WHERE id = ?`, [slot, row.id]);
    }
    await this.setColumns(queryRunner, { slotNullable: false, secretLength: 400 });
    await queryRunner.createIndex(
      TABLE,
      new TableIndex({
        name: 'UQ_webhook_endpoints_slot',
        columnNames: ['organizationId', 'slot'],
        isUnique: true,
      }),
    );
    // The unique index leads with the organization, so it serves the foreign key as well.
    await queryRunner.dropIndex(TABLE, 'IDX_webhook_endpoints_organization');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      TABLE,
      new TableIndex({
        name: 'IDX_webhook_endpoints_organization',
        columnNames: ['organizationId'],
      }),
    );
    await queryRunner.dropIndex(TABLE, 'UQ_webhook_endpoints_slot');
    await this.setColumns(queryRunner, { slotNullable: true, secretLength: 200 });
    await queryRunner.dropColumn(TABLE, 'slot');
  }

  /**
   * SQLite changes columns by copying the table, which keeps the rows. TypeORM's MySQL
   * path drops and re-adds a column whose length changes, which would lose the secrets,
   * so MySQL gets a MODIFY.
   */
  private async setColumns(
    queryRunner: QueryRunner,
    to: { slotNullable: boolean; secretLength: number },
  ): Promise<void> {
    if (!isSqlite(queryRunner)) {
      await queryRunner.query(
        `ALTER TABLE \`${TABLE}\` MODIFY \`slot\` int ${to.slotNullable ? 'NULL' : 'NOT NULL'}, ` +
          `MODIFY \`secret\` varchar(${to.secretLength}) NOT NULL`,
      );
      return;
    }
    const table = (await queryRunner.getTable(TABLE))!;
    const slot = table.findColumnByName('slot')!;
    const secret = table.findColumnByName('secret')!;
    const newSlot = slot.clone();
    newSlot.isNullable = to.slotNullable;
    const newSecret = secret.clone();
    newSecret.length = String(to.secretLength);
    await queryRunner.changeColumns(table, [
      { oldColumn: slot, newColumn: newSlot },
      { oldColumn: secret, newColumn: newSecret },
    ]);
  }
}
