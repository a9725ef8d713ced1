import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { NamesDto } from '../../participants/dto/participant.dto';
import { PARTICIPANT_KINDS } from '../../participants/participant.entity';
import type { ParticipantKind } from '../../participants/participant.entity';
import {
  APPLICATION_STATUSES,
  ApplicationStatus,
  Decision,
  DECISIONS,
} from '../application-status';
import { trim } from '../../common/http/transforms';

export class CreateApplicationDto {
  @IsUUID()
  delegationId: string;

  @IsUUID()
  participantId: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  motivation?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision: Decision;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class DecisionItemDto extends DecisionDto {
  @IsUUID()
  id: string;
}

export class DecisionsDto {
  /** All or nothing: one refused item leaves every application as it was. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DecisionItemDto)
  items: DecisionItemDto[];
}

export class ApplicationQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  delegationId?: string;

  /** One participant's applications. */
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiProperty({ enum: APPLICATION_STATUSES, required: false })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;
}

export class DelegationApplicationsQueryDto extends PageQueryDto {
  @ApiProperty({ enum: APPLICATION_STATUSES, required: false })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class ApplicationDto {
  id: string;
  delegationId: string;
  participantId: string;
  schoolId: string;
  @ApiProperty({ enum: PARTICIPANT_KINDS })
  kind: ParticipantKind;
  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: ApplicationStatus;
  motivation: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  submittedAt: Date;
  withdrawnAt: Date | null;
  /** The participant's data changed after the approval; an organizer approves again. */
  changedSinceApproval: boolean;
  /** Waitlisted: the place in the delegation's waitlist for this kind (1 is next). */
  waitlistPosition: number | null;
  /** The participant's names, for lists. */
  names: NamesDto | null;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationDto] })
  items: ApplicationDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class DecisionsResultDto {
  @ApiProperty({ type: [ApplicationDto] })
  items: ApplicationDto[];
}
