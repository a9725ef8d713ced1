import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationsModule } from './applications/applications.module';
import { DelegationMembersModule } from './applications/delegation-members.module';
import { AppConfig } from './config/app-config';
import { DelegationsModule } from './delegations/delegations.module';
import { ParticipantsModule } from './participants/participants.module';

import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { LocalizationModule } from './localization/localization.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { RostersModule } from './rosters/rosters.module';
import { NoticesModule } from './notices/notices.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ContentChangesModule } from './common/events/content-changes';
import { DemoExchanges } from './seed/demo-exchanges';
import { DemoSeeder } from './seed/demo-seeder';
import { RedisModule } from './redis/redis.module';
import { UsersModule } from './users/users.module';

/** What the command line needs: the database and the account services, no HTTP. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        LocalizationModule,
        ContentChangesModule,
        DatabaseModule,
        // Counters: the per-account limits of participant writes live in the services.
        RedisModule,
        NotificationsModule.forRoot(config),
        OrganizationsModule,
        UsersModule,
        DelegationsModule,
        ParticipantsModule,
        ApplicationsModule,
        DelegationMembersModule,
        RostersModule,
        NoticesModule,
      ],
      providers: [DemoSeeder, DemoExchanges],
    };
  }
}
