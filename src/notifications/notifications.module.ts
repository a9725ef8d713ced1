import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { BullDispatcher } from './bull-dispatcher';
import { NOTIFICATIONS_QUEUE } from './notification-events';
import { DeliveriesService } from './deliveries.service';
import { DeliveryStatistics } from './delivery-statistics.service';
import { Delivery } from './delivery.entity';
import { DeliveryTally } from './delivery-tally.entity';
import { DigestSchedule } from './digest-schedule';
import { Dispatcher } from './dispatcher';
import { EmbeddedRunner } from './embedded-runner';
import { Mailer } from './mailer';
import { retryDelayMs } from './notification-events';
import { NotificationsAdminController } from './notifications-admin.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';
import { NotificationHistoryService } from './notification-history.service';
import { OutboxEntry } from './outbox-entry.entity';
import { OutboxRelay } from './outbox-relay';
import { UserNotification } from './user-notification.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhooksController } from './webhooks.controller';
import { UnsubscribeLinks } from './unsubscribe';
import { WebhooksService } from './webhooks.service';

/**
 * Global, as every feature that changes state emits through it. With REDIS_URL the queue
 * is Bull (processed here only when ROLE is worker or all); without it, the embedded runner.
 */
@Module({})
export class NotificationsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const bull = Boolean(config.redisUrl);
    const { retryBaseMs, sendTimeoutMs } = config.notifications;
    // A job whose worker died is taken up again once its lock lapses: longer than any one
    // send may take, short enough that a killed worker's deliveries resume soon.
    const lockDuration = 2 * sendTimeoutMs + 5000;
    const queue = bull
      ? [
          BullModule.forRoot({ url: config.redisUrl, prefix: `${config.redisPrefix}bull` }),
          BullModule.registerQueue({
            name: NOTIFICATIONS_QUEUE,
            settings: {
              lockDuration,
              stalledInterval: Math.min(lockDuration, 30_000),
              maxStalledCount: 2,
              backoffStrategies: {
                doubling: (attemptsMade: number) => retryDelayMs(attemptsMade, retryBaseMs),
              },
            },
          }),
        ]
      : [];
    const providers: Provider[] = [
      Mailer,
      UnsubscribeLinks,
      WebhooksService,
      DeliveriesService,
      NotificationsService,
      NotificationHistoryService,
      DeliveryStatistics,
      OutboxRelay,
      DigestSchedule,
      { provide: Dispatcher, useClass: bull ? BullDispatcher : EmbeddedRunner },
    ];
    if (bull && config.runsJobs) providers.push(NotificationsProcessor);
    return {
      module: NotificationsModule,
      global: true,
      imports: [
        TypeOrmModule.forFeature([
          OutboxEntry,
          Delivery,
          DeliveryTally,
          UserNotification,
          WebhookEndpoint,
        ]),
        AuditModule,
        OrganizationsModule,
        UsersModule,
        ...queue,
      ],
      controllers: [NotificationsController, NotificationsAdminController, WebhooksController],
      providers,
      exports: [
        NotificationsService,
        NotificationHistoryService,
        DeliveryStatistics,
        WebhooksService,
        ...(bull ? [BullModule] : []),
      ],
    };
  }
}
