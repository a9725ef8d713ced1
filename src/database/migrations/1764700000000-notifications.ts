import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './portable';

export class Notifications1764700000000 implements MigrationInterface {
  name = 'Notifications1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    const { fk } = c;
    await queryRunner.createTable(
      new Table({
        name: 'notification_outbox',
        columns: [
          c.id(),
          c.varchar('event', 64),
          c.text('audience'),
          c.text('data'),
          c.varchar('channels', 64),
          c.varchar('dedupeKey', 191, true),
          c.varchar('status', 16),
          c.instant('availableAt'),
          c.instant('enqueuedAt', true),
          c.instant('doneAt', true),
          c.varchar('expandedThrough', 36, true),
          c.int('attempts', 0),
          c.varchar('lastError', 500, true),
          c.createdAt(),
        ],
        indices: [
          { name: 'UQ_notification_outbox_dedupe', columnNames: ['dedupeKey'], isUnique: true },
          { name: 'IDX_notification_outbox_status', columnNames: ['status', 'availableAt'] },
          { name: 'IDX_notification_outbox_event', columnNames: ['event', 'createdAt'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          c.id(),
          c.ref('organizationId'),
          c.varchar('url', 2000),
          c.varchar('events', 1000),
          c.varchar('secret', 200),
          c.instant('disabledAt', true),
          c.varchar('disabledReason', 200, true),
          c.ref('createdById'),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [{ name: 'IDX_webhook_endpoints_organization', columnNames: ['organizationId'] }],
        foreignKeys: [
          fk('organizationId', 'organizations', 'FK_webhook_endpoints_organization'),
          fk('createdById', 'users', 'FK_webhook_endpoints_created_by'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_deliveries',
        columns: [
          c.id(),
          c.ref('outboxId'),
          c.varchar('event', 64),
          c.varchar('channel', 16),
          c.varchar('recipientKey', 36),
          c.ref('userId', true),
          c.ref('webhookId', true),
          c.ref('organizationId', true),
          c.varchar('language', 2),
          c.varchar('status', 16),
          c.int('attempts', 0),
          c.instant('nextAttemptAt'),
          c.varchar('lastError', 500, true),
          c.instant('sentAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          {
            name: 'UQ_notification_deliveries_key',
            columnNames: ['outboxId', 'channel', 'recipientKey'],
            isUnique: true,
          },
          { name: 'IDX_notification_deliveries_due', columnNames: ['status', 'nextAttemptAt'] },
          { name: 'IDX_notification_deliveries_channel', columnNames: ['channel', 'status'] },
          { name: 'IDX_notification_deliveries_created', columnNames: ['createdAt'] },
        ],
        foreignKeys: [
          fk('outboxId', 'notification_outbox', 'FK_notification_deliveries_outbox'),
          fk('userId', 'users', 'FK_notification_deliveries_user'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_notifications',
        columns: [
          c.id(),
          c.ref('userId'),
          c.ref('deliveryId'),
          c.varchar('event', 64),
          c.varchar('title', 300),
          c.text('body'),
          c.varchar('link', 500, true),
          c.instant('readAt', true),
          c.createdAt(),
        ],
        indices: [
          { name: 'UQ_user_notifications_delivery', columnNames: ['deliveryId'], isUnique: true },
          { name: 'IDX_user_notifications_user', columnNames: ['userId', 'createdAt'] },
          { name: 'IDX_user_notifications_unread', columnNames: ['userId', 'readAt'] },
        ],
        foreignKeys: [
          fk('userId', 'users', 'FK_user_notifications_user'),
          fk('deliveryId', 'notification_deliveries', 'FK_user_notifications_delivery'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('user_notifications');
    await queryRunner.dropTable('notification_deliveries');
    await queryRunner.dropTable('webhook_endpoints');
    await queryRunner.dropTable('notification_outbox');
  }
}
