import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * A school's applications are listed in submission order; the index on the school alone
 * made MySQL sort all of them for every page (the soak's slowest list). The composite
 * index serves the foreign key as well, so it is created before the old one goes.
 */
export class ApplicationsSchoolOrder1764800000000 implements MigrationInterface {
  name = 'ApplicationsSchoolOrder1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'applications',
      new TableIndex({
        name: 'IDX_applications_school_submitted',
        columnNames: ['schoolId', 'submittedAt'],
      }),
    );
    await queryRunner.dropIndex('applications', 'IDX_applications_school');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'applications',
      new TableIndex({ name: 'IDX_applications_school', columnNames: ['schoolId'] }),
    );
    await queryRunner.dropIndex('applications', 'IDX_applications_school_submitted');
  }
}
