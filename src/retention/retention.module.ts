import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ParticipantsModule } from '../participants/participants.module';
import { RostersModule } from '../rosters/rosters.module';
import { DataExportService } from './data-export.service';
import { LegalHold } from './legal-hold.entity';
import { LegalHoldsService } from './legal-holds.service';
import { ParticipantRightsController, RetentionAdminController } from './retention.controller';
import { RetentionJob } from './retention.job';
import { RetentionRun } from './retention-run.entity';
import { RetentionService } from './retention.service';

/**
 * Children's data has a lifetime (DOMAIN.md, Data lifecycle): the retention job, legal
 * holds, erasure on request and a person's copy of their data. It owns only its holds
 * and runs; every erasure goes through the feature that owns the rows.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([LegalHold, RetentionRun]),
    AuditModule,
    AuthModule,
    ParticipantsModule,
    ApplicationsModule,
    DelegationsModule,
    OrganizationsModule,
    RostersModule,
  ],
  controllers: [ParticipantRightsController, RetentionAdminController],
  providers: [RetentionService, LegalHoldsService, DataExportService, RetentionJob],
  exports: [RetentionService, LegalHoldsService, DataExportService],
})
export class RetentionModule {}
