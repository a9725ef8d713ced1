import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Consent } from './consent.entity';
import { AppConfig } from '../config/app-config';
import { Participant } from './participant.entity';
import { ParticipantLimits } from './participant-limits';
import { PassportCipher } from './passport-cipher';
import { PassportConflict } from './passport-conflict.entity';
import { PassportConflictsAdminController } from './passport-conflicts-admin.controller';
import { PassportConflictsService } from './passport-conflicts.service';
import { PassportsService } from './passports.service';
import { ParticipantsAdminController } from './participants-admin.controller';
import { ParticipantsController } from './participants.controller';
import { ParticipantImportService } from './participant-import.service';
import { ConsentsService } from './consents.service';
import { ConsentText } from './consent-text.entity';
import { ConsentTextsAdminController, ConsentTextsController } from './consent-texts.controller';
import { ConsentTextsService } from './consent-texts.service';
import { ParticipantErasure } from './participant-erasure.service';
import { ImportDrafts } from './import-drafts.service';
import { ParticipantRegistry } from './participant-registry.service';
import { ParticipantView } from './participant-view';
import { ParticipantWriter } from './participant-writer';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Participant, Consent, ConsentText, PassportConflict]),
    AuditModule,
  ],
  controllers: [
    ParticipantsController,
    ParticipantsAdminController,
    PassportConflictsAdminController,
    ConsentTextsController,
    ConsentTextsAdminController,
  ],
  providers: [
    {
      provide: PassportCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new PassportCipher(config.encryptionKeys),
    },
    ParticipantsService,
    ParticipantRegistry,
    ConsentsService,
    ConsentTextsService,
    ParticipantErasure,
    ParticipantWriter,
    ParticipantView,
    ParticipantImportService,
    ImportDrafts,
    PassportConflictsService,
    ParticipantLimits,
    PassportsService,
  ],
  exports: [
    ParticipantsService,
    PassportsService,
    ParticipantRegistry,
    ConsentsService,
    ConsentTextsService,
    ParticipantErasure,
    ParticipantImportService,
    ImportDrafts,
  ],
})
export class ParticipantsModule {}
