import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { AuditModule } from '../audit/audit.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ParticipantsModule } from '../participants/participants.module';
import { UsersModule } from '../users/users.module';
import { PassportReminders } from './passport-reminders';
import { RosterMember } from './roster-member.entity';
import { RosterVersion } from './roster-version.entity';
import { RostersAdminController } from './rosters-admin.controller';
import { RostersPartnerController } from './rosters-partner.controller';
import { PartnerDecisions } from './partner-decisions.service';
import { RosterExports } from './roster-export.service';
import { RosterLocking } from './roster-locking.service';
import { RosterErasure } from './roster-erasure.service';
import { RosterStore } from './roster-store';
import { RosterStatistics } from './roster-statistics.service';
import { RostersService } from './rosters.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RosterVersion, RosterMember]),
    AuditModule,
    DelegationsModule,
    ApplicationsModule,
    ParticipantsModule,
    OrganizationsModule,
    UsersModule,
  ],
  controllers: [RostersAdminController, RostersPartnerController],
  providers: [
    RostersService,
    RosterStore,
    RosterLocking,
    PartnerDecisions,
    RosterExports,
    PassportReminders,
    RosterErasure,
    RosterStatistics,
  ],
  exports: [
    RosterErasure,
    RosterStatistics,
    RostersService,
    RosterLocking,
    PartnerDecisions,
    RosterExports,
    PassportReminders,
  ],
})
export class RostersModule {}
