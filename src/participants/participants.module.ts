import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Consent } from './consent.entity';
import { Participant } from './participant.entity';
import { ParticipantsAdminController } from './participants-admin.controller';
import { ParticipantsController } from './participants.controller';
import { ParticipantImportService } from './participant-import.service';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [TypeOrmModule.forFeature([Participant, Consent]), AuditModule],
  controllers: [ParticipantsController, ParticipantsAdminController],
  providers: [ParticipantsService, ParticipantImportService],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
