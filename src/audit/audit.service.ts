import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { And, FindOptionsWhere, In, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { Page, pageOf, skipTake } from '../common/http/pagination';
import { Ctx, Tx } from '../database/transactions';
import { AuditEntry } from './audit-entry.entity';
import { AuditAction, AuditEntityType } from './audit-vocabulary';
import { AuditEntryDto, AuditQueryDto } from './dto/audit.dto';

export interface AuditEvent {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  changedFields?: string[];
  note?: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /**
   * Records an event inside the use case's transaction, so it commits or rolls back with
   * it; the actor is the use case's caller.
   */
  async record(tx: Tx, event: AuditEvent): Promise<void> {
    const actor = tx.caller;
    await tx.manager.insert(AuditEntry, {
      id: randomUUID(),
      actorId: actor?.userId ?? null,
      organizationId: actor?.organizationId ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      changedFields: event.changedFields?.length ? JSON.stringify(event.changedFields) : null,
      note: event.note ? fitNote(event.note) : null,
      requestId: actor?.requestId ?? null,
      at: new Date(),
    });
  }

  /** Everything recorded about these records, oldest first: a person's copy of their data. */
  async about(ctx: Ctx, entityIds: string[]): Promise<AuditEntryDto[]> {
    if (!entityIds.length) return [];
    const rows = await ctx.repo(AuditEntry).find({
      where: { entityId: In([...new Set(entityIds)]) },
      order: { at: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => AuditEntryDto.from(row));
  }

  /** How many entries are older than `before`. */
  countBefore(ctx: Ctx, before: Date): Promise<number> {
    return ctx.repo(AuditEntry).count({ where: { at: LessThan(before) } });
  }

  /**
   * Deletes entries older than `before`, oldest first, `batch` per statement: the audit
   * log's own retention (RETENTION_AUDIT_MONTHS). Returns how many went.
   */
  async prune(before: Date, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.entries.find({
        where: { at: LessThan(before) },
        select: { id: true },
        order: { at: 'ASC' },
        take: batch,
      });
      if (!rows.length) return total;
      await this.entries.delete({ id: In(rows.map((r) => r.id)) });
      total += rows.length;
    }
  }

  async list(query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    const where: FindOptionsWhere<AuditEntry> = {};
    if (query.entityType) where.entityType = query.entityType;
    if (query.entityId) where.entityId = query.entityId;
    if (query.actorId) where.actorId = query.actorId;
    if (query.action) where.action = query.action;
    if (query.from && query.to) where.at = And(MoreThanOrEqual(query.from), LessThan(query.to));
    else if (query.from) where.at = MoreThanOrEqual(query.from);
    else if (query.to) where.at = LessThan(query.to);
    const result = await this.entries.findAndCount({
      where,
      order: { at: 'DESC', id: 'ASC' },
      ...skipTake(query),
    });
    return pageOf(result, query, (entry) => AuditEntryDto.from(entry));
  }
}

/** The note column holds 500 characters; a longer reason (kept whole by its feature) is cut. */
export const AUDIT_NOTE_LENGTH = 500;

function fitNote(note: string): string {
  const chars = [...note];
  return chars.length <= AUDIT_NOTE_LENGTH
    ? note
    : `${chars.slice(0, AUDIT_NOTE_LENGTH - 1).join('')}…`;
}
