import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { portable } from './portable';

/** A person may turn notice e-mails off (one click in the e-mail); decisions still come. */
export class NoticeEmails1765000003000 implements MigrationInterface {
  name = 'NoticeEmails1765000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'users',
      new TableColumn(portable(queryRunner).boolean('noticeEmails', true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'noticeEmails');
  }
}
