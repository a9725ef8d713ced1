import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DeadlineReminders } from './deadline-reminders';
import { Delegation } from './delegation.entity';
import { DelegationsAdminController } from './delegations-admin.controller';
import { DelegationsController } from './delegations.controller';
import { DelegationEditing } from './delegation-editing.service';
import { DelegationsService } from './delegations.service';
import { DelegationStatistics } from './delegation-statistics.service';
import { TravelRegime } from './travel-regime.entity';
import { TravelRegimesAdminController } from './travel-regimes-admin.controller';
import { TravelRegimesService } from './travel-regimes.service';

@Module({
  imports: [TypeOrmModule.forFeature([Delegation, TravelRegime]), OrganizationsModule, AuditModule],
  controllers: [DelegationsAdminController, TravelRegimesAdminController, DelegationsController],
  providers: [
    DelegationsService,
    DelegationEditing,
    DelegationStatistics,
    TravelRegimesService,
    DeadlineReminders,
  ],
  exports: [DelegationsService, DelegationEditing, DelegationStatistics],
})
export class DelegationsModule {}
