import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { HOLD_SUBJECTS, HoldSubject } from '../legal-hold.entity';
import { RUN_SOURCES, RUN_STATUSES, RunSource, RunStatus } from '../retention-run.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RetentionPolicyDto {
  /** Months after a person's last trip returned before their personal fields are erased. */
  personalMonths: number;
  auditMonths: number;
  historyDays: number;
  /** Names kept whole instead of initials. */
  keepNames: boolean;
}

export class CountByIdDto {
  id: string;
  /** The school's or delegation's name in the reader's language. */
  name: string;
  count: number;
}

export class RetentionCountsDto {
  /** People whose personal fields are (or would be) erased. */
  participants: number;
  /** Locked roster copies of them. */
  rosterCopies: number;
  auditEntries: number;
  messages: number;
  deliveries: number;
  outbox: number;
  sessions: number;
}

export class RetentionPreviewDto {
  policy: RetentionPolicyDto;
  /** The instant the preview was computed for (the clock the job reads). */
  asOf: Date;
  /** A trip returning on or after this day keeps its people. */
  returnedBefore: string;
  counts: RetentionCountsDto;
  @ApiProperty({ type: [CountByIdDto] })
  bySchool: CountByIdDto[];
  /** Due people per delegation they applied to (one person may count under several). */
  @ApiProperty({ type: [CountByIdDto] })
  byDelegation: CountByIdDto[];
  /** People kept past the policy by a hold. */
  held: number;
}

export class RetentionRunDto {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  @ApiProperty({ enum: RUN_STATUSES })
  status: RunStatus;
  @ApiProperty({ enum: RUN_SOURCES })
  source: RunSource;
  policy: RetentionPolicyDto;
  counts: RetentionCountsDto | null;
  lastError: string | null;
}

export class CreateLegalHoldDto {
  @ApiProperty({ enum: HOLD_SUBJECTS })
  @IsIn(HOLD_SUBJECTS)
  subjectType: HoldSubject;

  @IsUUID()
  subjectId: string;

  /**
   * Why the data must be kept: shown to the school; never personal data. Two characters
   * at least: "审计" says it in Chinese.
   */
  @Transform(trim)
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class LegalHoldDto {
  id: string;
  @ApiProperty({ enum: HOLD_SUBJECTS })
  subjectType: HoldSubject;
  subjectId: string;
  reason: string;
  createdById: string;
  createdAt: Date;
  releasedAt: Date | null;
  releasedById: string | null;
}

export class LegalHoldQueryDto {
  /** `active` (default) or `all`. */
  @IsOptional()
  @IsIn(['active', 'all'])
  state?: 'active' | 'all';
}

export class ErasureDto {
  participantId: string;
  erasedAt: Date;
  /** Locked roster copies erased with the person. */
  rosterCopies: number;
}

export class DataExportQueryDto {
  /** `json` (default) or `html`: a readable document to print or hand over. */
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';

  /** The document's language; the family's (by nationality) when absent. */
  @IsOptional()
  @IsIn(['zh', 'ru'])
  lang?: 'zh' | 'ru';
}
