import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Where a Chinese participant's Cyrillic came from (`hanzi`, `latin`, `manual`), so that a
 * form guessed from a passport's joined Latin can be checked by a person. Rows written
 * before are marked by what the code then did: a typed form is `manual`, every generated
 * one was split from the Latin and is `latin`; Russian participants' Cyrillic is their own
 * name and has no source.
 */
export class CyrillicSource1765000000000 implements MigrationInterface {
  name = 'CyrillicSource1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'participants',
      new TableColumn({ name: 'cyrillicSource', type: 'varchar', length: '8', isNullable: true }),
    );
    const column = (name: string) => queryRunner.connection.driver.escape(name);
    await queryRunner.query(
      `UPDATE participants SET ${column('cyrillicSource')} = CASE WHEN ${column('cyrillicOverridden')} = 1 THEN 'manual' ELSE 'latin' END WHERE ${column('nationality')} = 'CN' AND ${column('cyrillicFamily')} IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('participants', 'cyrillicSource');
  }
}
