import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ApplicationsModule } from './applications/applications.module';
import { DelegationMembersModule } from './applications/delegation-members.module';
import { AuditModule } from './audit/audit.module';

import { AuthModule } from './auth/auth.module';
import { QueueBoardModule } from './queue-board/queue-board.module';

import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/http/validation';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DelegationsModule } from './delegations/delegations.module';
import { HealthModule } from './health/health.module';
import { LocalizationModule } from './localization/localization.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ParticipantsModule } from './participants/participants.module';

import { RedisModule } from './redis/redis.module';
import { RostersModule } from './rosters/rosters.module';
import { NoticesModule } from './notices/notices.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PagesModule } from './pages/pages.module';
import { ContentChangesModule } from './common/events/content-changes';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LocalizationModule,
        ContentChangesModule,
        DatabaseModule,
        RedisModule,
        NotificationsModule.forRoot(config),
        OrganizationsModule,
        UsersModule,
        AuthModule,
        QueueBoardModule,
        HealthModule,
        AuditModule,
        DelegationsModule,
        ParticipantsModule,
        ApplicationsModule,
        DelegationMembersModule,
        RostersModule,
        NoticesModule,
        PagesModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
