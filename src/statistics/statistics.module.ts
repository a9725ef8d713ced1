import { Global, Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { NoticesModule } from '../notices/notices.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { YearTotals } from '../pages/year-totals-port';
import { RostersModule } from '../rosters/rosters.module';
import { StatisticsAdminController } from './statistics-admin.controller';
import { StatisticsExports } from './statistics-exports.service';
import { StatisticsService } from './statistics.service';

/**
 * The committee's statistics. Owns no table: each count is asked of the feature whose rows
 * it counts. Global for the public year page's port (see YearTotals).
 */
@Global()
@Module({
  imports: [
    ApplicationsModule,
    DelegationsModule,
    NoticesModule,
    OrganizationsModule,
    RostersModule,
  ],
  controllers: [StatisticsAdminController],
  providers: [
    StatisticsService,
    StatisticsExports,
    { provide: YearTotals, useExisting: StatisticsService },
  ],
  exports: [StatisticsService, StatisticsExports, YearTotals],
})
export class StatisticsModule {}
