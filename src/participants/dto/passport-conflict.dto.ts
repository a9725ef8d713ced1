import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { CONFLICT_RESOLUTIONS, ConflictResolution } from '../passport-conflict.entity';

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

export class PassportConflictQueryDto extends PageQueryDto {
  /** Open (waiting for an organizer) or resolved; both when absent. */
  @IsOptional()
  @IsIn(CONFLICT_STATUSES)
  status?: ConflictStatus;
}

export class ConflictPartyDto {
  id: string;
  schoolId: string | null;
}

export class PassportConflictDto {
  id: string;
  /** The participant whose number collided, saved without telling its school. */
  participant: ConflictPartyDto;
  /** The participant of another school who held the number. */
  holder: ConflictPartyDto;
  openedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  @ApiProperty({ enum: CONFLICT_RESOLUTIONS, nullable: true, type: String })
  resolution: ConflictResolution | null;
}

export class PassportConflictPageDto {
  items: PassportConflictDto[];
  total: number;
  page: number;
  pageSize: number;
}

export const KEEP_CHOICES = ['holder', 'newcomer'] as const;

export class ResolvePassportConflictDto {
  /** Which record keeps the number; the other's is cleared for its school to enter again. */
  @IsIn(KEEP_CHOICES)
  @ApiProperty({ enum: KEEP_CHOICES })
  keep: (typeof KEEP_CHOICES)[number];
}
