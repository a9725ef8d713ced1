import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { ParticipantsModule } from '../participants/participants.module';
import { Application } from './application.entity';
import { ApplicationsAdminController } from './applications-admin.controller';
import { ApplicationsController } from './applications.controller';
import { ApplicationDecisions } from './application-decisions.service';
import { ApplicationSteps } from './application-steps';
import { ApplicationStatistics } from './application-statistics.service';
import { ApplicationsService } from './applications.service';
import { SchoolApplications } from './school-applications.service';
import { SchoolTodosService } from './school-todos.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Application]),
    AuditModule,
    DelegationsModule,
    ParticipantsModule,
  ],
  controllers: [ApplicationsController, ApplicationsAdminController],
  providers: [
    ApplicationsService,
    ApplicationSteps,
    ApplicationDecisions,
    ApplicationStatistics,
    SchoolApplications,
    SchoolTodosService,
  ],
  exports: [
    ApplicationsService,
    ApplicationDecisions,
    ApplicationStatistics,
    SchoolApplications,
    SchoolTodosService,
  ],
})
export class ApplicationsModule {}
