import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { NoticesModule } from '../notices/notices.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ParticipantsModule } from '../participants/participants.module';
import { RetentionModule } from '../retention/retention.module';
import { RostersModule } from '../rosters/rosters.module';
import { UsersModule } from '../users/users.module';
import { OrganizationNames } from './organization-names';
import { PortalRoutes } from './portal-routes';

/**
 * The pages people work in (school coordinators, partners, organizers). It owns no
 * tables: its routes (`registerPortal`) call the features' exported services, as the
 * API's controllers do.
 */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    OrganizationsModule,
    DelegationsModule,
    ParticipantsModule,
    ApplicationsModule,
    NoticesModule,
    RostersModule,
    RetentionModule,
  ],
  providers: [OrganizationNames, PortalRoutes],
  exports: [PortalRoutes],
})
export class PortalModule {}
