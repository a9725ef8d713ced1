import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries in one vocabulary of plain verbs, the record's kind in entityType: what
 * was `roster_export` on a delegation is `export` on a roster (still the delegation's id),
 * `consent_given` on a participant is `consent`, `consent_withdrawn` is `withdraw`. The
 * list is copied here, not imported: a migration must keep doing what it did when the
 * code moves on.
 */
const RENAMES: { old: [string, string]; now: [string, string] }[] = [
  { old: ['roster_lock', 'delegation'], now: ['lock', 'roster'] },
  { old: ['roster_approve', 'delegation'], now: ['approve', 'roster'] },
  { old: ['roster_reject', 'delegation'], now: ['reject', 'roster'] },
  { old: ['roster_export', 'delegation'], now: ['export', 'roster'] },
  { old: ['consent_given', 'participant'], now: ['consent', 'participant'] },
  { old: ['consent_withdrawn', 'participant'], now: ['withdraw', 'participant'] },
];

export class AuditVocabulary1765000002000 implements MigrationInterface {
  name = 'AuditVocabulary1765000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { old, now } of RENAMES) await rename(queryRunner, old, now);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { old, now } of RENAMES) await rename(queryRunner, now, old);
  }
}

async function rename(
  queryRunner: QueryRunner,
  [fromAction, fromType]: [string, string],
  [toAction, toType]: [string, string],
): Promise<void> {
  const q = (name: string) => queryRunner.connection.driver.escape(name);
  await queryRunner.query(
    `UPDATE audit_log SET ${q('action')} = ?, ${q('entityType')} = ? WHERE ${q('action')} = ? AND ${q('entityType')} = ?`,
    [toAction, toType, fromAction, fromType],
  );
}
