import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { AuditEntry } from '../audit-entry.entity';

const WORD = /^[a-z_]{1,40}$/;

export class AuditQueryDto extends PageQueryDto {
  /** `application`, `participant`, `delegation`, … */
  @IsOptional()
  @Matches(WORD)
  entityType?: string;

  @IsOptional()
  @IsUUID()
  entityId?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** `create`, `update`, `transition`, `decision`, `reveal`, `export`, `import`, … */
  @IsOptional()
  @Matches(WORD)
  action?: string;

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
  action: string;
  entityType: string;
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
      action: entry.action,
      entityType: entry.entityType,
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
