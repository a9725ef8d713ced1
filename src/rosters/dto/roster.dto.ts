import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { trim, trimLower } from '../../common/http/transforms';
import { PARTICIPANT_KINDS } from '../../participants/participant.entity';
import type { ParticipantKind } from '../../participants/participant.entity';
import { READINESS_CODES } from '../readiness';
import type { ReadinessCode, Severity } from '../readiness';
import { CONTENT_FIELDS, HEADER_FIELDS } from '../roster-content';
import type { ContentField, HeaderField } from '../roster-content';
import { PARTNER_DECISIONS } from '../roster-version.entity';
import type { PartnerDecision } from '../roster-version.entity';

export class ReadinessCheckDto {
  @ApiProperty({ enum: READINESS_CODES })
  code: ReadinessCode;
  @ApiProperty({ enum: ['error', 'warning'] })
  severity: Severity;
  /** Absent for checks on the whole group (size, ratio, stay). */
  participantId?: string;
  /** In the response language. */
  message: string;
}

export class ReadinessDto {
  /** No error remains; warnings do not block the lock. */
  ready: boolean;
  /** Approved participants the roster would hold. */
  memberCount: number;
  @ApiProperty({ type: [ReadinessCheckDto] })
  checks: ReadinessCheckDto[];
}

export class LockOverrideDto {
  /** Why the roster is locked although checks fail; kept in the audit log. */
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason: string;
}

export class LockRosterDto {
  /** Lock despite failing checks. */
  @IsOptional()
  @ValidateNested()
  @Type(() => LockOverrideDto)
  override?: LockOverrideDto;
}

export class ApproveRosterDto {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;

  /** The SHA-256 (hex) shown with that version. */
  @Transform(trimLower)
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  hash: string;
}

export class RejectRosterDto {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;

  /** What the organizer must change; shown to the organizer as written. */
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason: string;
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportQueryDto {
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
  // `lang` (zh | ru | both) is read from the query by the controller: on every route it
  // also chooses the response language, so no DTO declares it.
}

export class DiffQueryDto {
  /** The version to compare with; the one before by default. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  against?: number;
}

export class NamePairDto {
  family: string;
  given: string;
}

export class RosterNamesDto {
  native: NamePairDto;
  latin: NamePairDto | null;
  cyrillic: NamePairDto | null;
  chinese: NamePairDto | null;
}

export class RosterMemberDto {
  /** Place on the group list, from 1. */
  position: number;
  participantId: string;
  applicationId: string;
  @ApiProperty({ enum: PARTICIPANT_KINDS })
  kind: ParticipantKind;
  /** The role in the response language. */
  kindLabel: string;
  /** The name as read in the response language. */
  displayName: string;
  names: RosterNamesDto;
  @ApiProperty({ enum: ['CN', 'RU'] })
  nationality: string;
  @ApiProperty({ enum: ['female', 'male'] })
  gender: string;
  /** `YYYY-MM-DD`; only the year (`YYYY`) once the data was erased. */
  birthDate: string;
  /** Empty once erased. */
  birthPlace: string;
  /** Masked; the full number only in the export. Null once erased. */
  passportNumber: string | null;
  passportExpiry: string | null;
  schoolId: string;
  /** In the response language. */
  schoolName: string;
  /** The retention policy erased this person's personal fields in this locked copy. */
  erased: boolean;
}

export class OverrideDto {
  reason: string;
  @ApiProperty({ enum: READINESS_CODES, isArray: true })
  checks: string[];
}

export class RosterVersionDto {
  version: number;
  /** SHA-256 (hex) of the canonical content; the partner approves exactly this. */
  hash: string;
  lockedAt: Date;
  memberCount: number;
  /** The last version, the one the partner is asked to approve. */
  current: boolean;
  @ApiProperty({ enum: PARTNER_DECISIONS, nullable: true })
  partnerDecision: PartnerDecision | null;
  partnerDecidedAt: Date | null;
  rejectionReason: string | null;
}

export class AdminRosterVersionDto extends RosterVersionDto {
  lockedById: string;
  /** Set when the organizer locked despite failing checks. */
  override: OverrideDto | null;
}

export class FieldChangeDto {
  @ApiProperty({ enum: CONTENT_FIELDS })
  field: ContentField;
  /** The field's name in the response language. */
  label: string;
  /** Passport numbers masked. */
  from: string | null;
  to: string | null;
}

export class ChangedMemberDto {
  participantId: string;
  displayName: string;
  @ApiProperty({ type: [FieldChangeDto] })
  fields: FieldChangeDto[];
}

export class TripChangeDto {
  @ApiProperty({ enum: HEADER_FIELDS })
  field: HeaderField;
  /** The field's name in the response language. */
  label: string;
  /** Directions and hosts named in the response language. */
  from: string;
  to: string;
}

export class RosterDiffDto {
  /** The newer side; null for the live roster, not locked yet. */
  version: number | null;
  /** The older side; null when there is nothing to compare with (all are added). */
  against: number | null;
  /** Changes to the trip itself: direction, dates, host. */
  @ApiProperty({ type: [TripChangeDto] })
  delegation: TripChangeDto[];
  @ApiProperty({ type: [RosterMemberDto] })
  added: RosterMemberDto[];
  @ApiProperty({ type: [RosterMemberDto] })
  removed: RosterMemberDto[];
  @ApiProperty({ type: [ChangedMemberDto] })
  changed: ChangedMemberDto[];
}

export class LockedRosterDto extends AdminRosterVersionDto {
  delegationStatus: string;
  @ApiProperty({ type: [RosterMemberDto] })
  members: RosterMemberDto[];
}

export class AdminRosterDto extends LockedRosterDto {
  /** Approved people or their data differ from this version: lock again to make the next. */
  changed: boolean;
  /** From this version to the roster as it stands now; null when unchanged. */
  changes: RosterDiffDto | null;
  /** The checks on the roster as it stands now (a consent withdrawn after the lock shows here). */
  readiness: ReadinessDto;
}

export class PartnerRosterDto extends RosterVersionDto {
  delegationId: string;
  delegationStatus: string;
  /** The last version this partner approved, if any. */
  lastApprovedVersion: number | null;
  @ApiProperty({ type: [RosterMemberDto] })
  members: RosterMemberDto[];
}

export class PartnerDecisionDto extends RosterVersionDto {
  /** `confirmed` after an approval, `closed` after a rejection. */
  delegationStatus: string;
}
