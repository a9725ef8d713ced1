import { ApiProperty } from '@nestjs/swagger';
import { ConsentDto, ParticipantDto } from '../../participants/dto/participant.dto';
import { RetentionPolicyDto } from './retention.dto';

export class ExportedTripDto {
  id: string;
  titleZh: string;
  titleRu: string;
  direction: string;
  departureDate: string;
  returnDate: string;
}

/** The person's record, the passport number in full: this is their own copy. */
export class ExportedPersonDto extends ParticipantDto {}

export class ConsentTextRefDto {
  version: string;
  validFrom: string;
  zh: string;
  ru: string;
}

export class ExportedConsentDto extends ConsentDto {
  /** The exact text agreed to; null only for a version recorded before texts were kept. */
  @ApiProperty({ type: ConsentTextRefDto, nullable: true })
  text: ConsentTextRefDto | null;
}

export class ExportedApplicationDto {
  id: string;
  @ApiProperty({ type: ExportedTripDto, nullable: true })
  delegation: ExportedTripDto | null;
  kind: string;
  status: string;
  motivation: string | null;
  decisionNote: string | null;
  submittedAt: Date;
  decidedAt: Date | null;
  withdrawnAt: Date | null;
}

export class ExportedRosterVersionDto {
  delegationId: string;
  @ApiProperty({ type: ExportedTripDto, nullable: true })
  delegation: ExportedTripDto | null;
  version: number;
  hash: string;
  lockedAt: string;
  partnerDecision: string | null;
  position: number;
  /** This locked copy's personal fields were erased. */
  erased: boolean;
}

export class ExportedDeliveryDto {
  event: string;
  channel: string;
  status: string;
  language: string;
  createdAt: string;
  sentAt: string | null;
}

export class ExportedAuditEntryDto {
  at: Date;
  action: string;
  entityType: string;
  entityId: string;
  changedFields: string[];
  /** The organization of whoever acted (a school, the committee); null for the system. */
  byOrganizationId: string | null;
}

export class ExportedHoldDto {
  reason: string;
  since: Date;
}

export class ExportedRetentionDto {
  policy: RetentionPolicyDto;
  erasedAt: Date | null;
  @ApiProperty({ type: ExportedHoldDto, nullable: true })
  legalHold: ExportedHoldDto | null;
}

export class SchoolNameDto {
  nameZh: string;
  nameRu: string;
}

/** Everything held about one person, for them (through their school). */
export class DataExportDto {
  generatedAt: Date;
  @ApiProperty({ type: SchoolNameDto, nullable: true })
  school: SchoolNameDto | null;
  person: ExportedPersonDto;
  @ApiProperty({ type: [ExportedConsentDto] })
  consents: ExportedConsentDto[];
  @ApiProperty({ type: [ExportedApplicationDto] })
  applications: ExportedApplicationDto[];
  @ApiProperty({ type: [ExportedRosterVersionDto] })
  rosterVersions: ExportedRosterVersionDto[];
  @ApiProperty({ type: [ExportedDeliveryDto] })
  deliveries: ExportedDeliveryDto[];
  @ApiProperty({ type: [ExportedAuditEntryDto] })
  audit: ExportedAuditEntryDto[];
  retention: ExportedRetentionDto;
}
