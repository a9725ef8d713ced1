import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { ParticipantsModule } from '../participants/participants.module';
import { Application } from './application.entity';
import { ApplicationsAdminController } from './applications-admin.controller';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Application]),
    AuditModule,
    DelegationsModule,
    ParticipantsModule,
  ],
  controllers: [ApplicationsController, ApplicationsAdminController],
  providers: [ApplicationsService],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
