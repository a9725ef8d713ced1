import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { AuditEntry } from '../audit-entry.entity';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITY_TYPES,
  AuditAction,
  AuditEntityType,
} from '../audit-vocabulary';

export class AuditQueryDto extends PageQueryDto {
  /** What kind of record: `roster`, `participant`, `application`, … */
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES, required: false })
  entityType?: AuditEntityType;

  @IsOptional()
  @IsUUID()
  entityId?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** What was done, in plain words: `create`, `decision`, `reveal`, `export`, … */
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  @ApiProperty({ enum: AUDIT_ACTIONS, required: false })
  action?: AuditAction;

  /** ISO 8601 instant, inclusive. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** ISO 8601 instant, exclusive. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class AuditEntryDto {
  id: string;
  actorId: string | null;
  organizationId: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: AuditAction;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES })
  entityType: AuditEntityType;
  entityId: string;
  changedFields: string[];
  note: string | null;
  requestId: string | null;
  at: Date;

  static from(entry: AuditEntry): AuditEntryDto {
    return Object.assign(new AuditEntryDto(), {
      id: entry.id,
      actorId: entry.actorId,
      organizationId: entry.organizationId,
      action: entry.action as AuditAction,
      entityType: entry.entityType as AuditEntityType,
      entityId: entry.entityId,
      changedFields: entry.changedFields ? (JSON.parse(entry.changedFields) as string[]) : [],
      note: entry.note,
      requestId: entry.requestId,
      at: entry.at,
    });
  }
}

export class AuditPageDto {
  items: AuditEntryDto[];
  total: number;
  page: number;
  pageSize: number;
}
