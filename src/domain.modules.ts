import { DynamicModule, Type } from '@nestjs/common';
import { ApplicationsModule } from './applications/applications.module';
import { DelegationMembersModule } from './applications/delegation-members.module';
import { AuditModule } from './audit/audit.module';
import { ContentChangesModule } from './common/events/content-changes';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DelegationsModule } from './delegations/delegations.module';
import { LocalizationModule } from './localization/localization.module';
import { NoticesModule } from './notices/notices.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ParticipantsModule } from './participants/participants.module';
import { RedisModule } from './redis/redis.module';
import { RostersModule } from './rosters/rosters.module';
import { UsersModule } from './users/users.module';

/**
 * The infrastructure and every feature with its services: what the application (API and
 * worker processes) and the command line share. The application adds auth, pages, health.
 */
export function domainModules(config: AppConfig): (Type | DynamicModule)[] {
  return [
    ConfigModule.forRoot(config),
    LocalizationModule,
    ContentChangesModule,
    DatabaseModule,
    RedisModule,
    NotificationsModule.forRoot(config),
    OrganizationsModule,
    UsersModule,
    AuditModule,
    DelegationsModule,
    ParticipantsModule,
    ApplicationsModule,
    DelegationMembersModule,
    RostersModule,
    NoticesModule,
  ];
}
