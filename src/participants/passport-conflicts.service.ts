import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { Page, pageOf, skipTake } from '../common/http/pagination';
import { Ctx, forUpdate, Transactions, Tx } from '../database/transactions';
import { NotificationsService } from '../notifications/notifications.service';
import {
  PassportConflictDto,
  PassportConflictQueryDto,
  ResolvePassportConflictDto,
} from './dto/passport-conflict.dto';
import { Participant } from './participant.entity';
import { PassportCipher } from './passport-cipher';
import { ConflictResolution, PassportConflict } from './passport-conflict.entity';

/** Hashes per query when many numbers are looked up at once (an import). */
const LOOKUP_BATCH = 500;

/** A number about to be written for a participant. */
export interface PassportClaim {
  participantId: string;
  schoolId: string;
  /** Its duplicate hash under every key, for numbers stored before a rotation finished. */
  candidates: string[];
  /** Its duplicate hash under the active key. */
  hash: string;
}

/**
 * What a number collides with, as the caller may learn it: `duplicate` when the other
 * record is one the caller can see anyway (their own school's, or any for an organizer);
 * `collision` when it is another school's, which the caller must not learn.
 */
export type PassportVerdict =
  { kind: 'free' } | { kind: 'duplicate' } | { kind: 'collision'; holderId: string };

/**
 * Keeps a passport number with one participant without telling a school that another
 * school registered it. A collision with another school's record is saved like any
 * number, but the duplicate hash stays with the holder, and an organizer is told and
 * settles which record is right. Every collision is audited, dry runs included.
 */
@Injectable()
export class PassportConflictsService {
  constructor(
    private readonly cipher: PassportCipher,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @InjectRepository(PassportConflict) private readonly conflicts: Repository<PassportConflict>,
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
  ) {}

  /** One verdict per claim, in order; a few hundred hashes per query. */
  async judge(ctx: Ctx, claims: PassportClaim[]): Promise<PassportVerdict[]> {
    const caller = ctx.caller;
    const holders = new Map<string, { id: string; schoolId: string }>();
    const hashes = [...new Set(claims.flatMap((claim) => claim.candidates))];
    for (let i = 0; i < hashes.length; i += LOOKUP_BATCH) {
      const rows = await ctx.repo(Participant).find({
        where: { passportHash: In(hashes.slice(i, i + LOOKUP_BATCH)) },
        select: { id: true, schoolId: true, passportHash: true },
      });
      for (const row of rows) holders.set(row.passportHash!, row);
    }
    const pending =
      caller?.role === 'organizer'
        ? new Map<string, string>()
        : await this.pendingNumbers(ctx, [...new Set(claims.map((claim) => claim.schoolId))]);
    return claims.map((claim) => {
      const holder = claim.candidates.map((hash) => holders.get(hash)).find(Boolean);
      const other = holder && holder.id !== claim.participantId ? holder : undefined;
      if (other && (caller?.role === 'organizer' || other.schoolId === claim.schoolId)) {
        return { kind: 'duplicate' };
      }
      // The school's own number already waiting on an organizer: theirs to be told of.
      const waiting = pending.get(claim.hash);
      if (waiting && waiting !== claim.participantId) return { kind: 'duplicate' };
      return other ? { kind: 'collision', holderId: other.id } : { kind: 'free' };
    });
  }

  /**
   * Opens a conflict for each collision saved in this transaction, audits each, and tells
   * the organizers once, with no personal data in the message.
   */
  async open(tx: Tx, collisions: { participantId: string; holderId: string }[]): Promise<void> {
    const m = tx.manager;
    if (collisions.length === 0) return;
    const openedAt = new Date();
    const rows = collisions.map((c) => ({
      id: randomUUID(),
      ...c,
      openedAt,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    }));
    for (let i = 0; i < rows.length; i += LOOKUP_BATCH) {
      await m.insert(PassportConflict, rows.slice(i, i + LOOKUP_BATCH));
    }
    for (const row of rows) {
      await this.audit.record(tx, {
        action: 'conflict',
        entityType: 'participant',
        entityId: row.participantId,
        changedFields: ['passportNumber'],
        note: `passport_conflict ${row.id}`,
      });
    }
    await this.notifications.emit(tx, {
      event: 'passport.conflict',
      audience: { roles: ['organizer'] },
      data: { count: rows.length },
    });
  }

  /** A dry run saves nothing, but what it touched is on record, as a probe would be. */
  async recordProbe(tx: Tx, holderIds: string[]): Promise<void> {
    for (const holderId of holderIds) {
      await this.audit.record(tx, {
        action: 'conflict',
        entityType: 'participant',
        entityId: holderId,
        changedFields: ['passportNumber'],
        note: 'dry run',
      });
    }
  }

  /**
   * After a participant's number changed or was removed (saved in this transaction): its
   * own conflict is over, and if it held a number others collided with, the first of them
   * takes the number over and the rest now collide with that one.
   */
  async numberChanged(tx: Tx, participantId: string, heldHash: string | null): Promise<void> {
    const own = await tx.manager.find(PassportConflict, {
      where: { participantId, resolvedAt: IsNull() },
      select: { id: true },
    });
    for (const row of own) await this.close(tx, row.id, 'changed');
    if (heldHash) await this.handOver(tx, participantId);
  }

  async list(query: PassportConflictQueryDto): Promise<Page<PassportConflictDto>> {
    const where =
      query.status === 'open'
        ? { resolvedAt: IsNull() }
        : query.status === 'resolved'
          ? { resolvedAt: Not(IsNull()) }
          : {};
    const result = await this.conflicts.findAndCount({
      where,
      order: { openedAt: 'DESC', id: 'ASC' },
      ...skipTake(query),
    });
    const ids = result[0].flatMap((row) => [row.participantId, row.holderId]);
    const schools = ids.length
      ? await this.participants.find({
          where: { id: In(ids) },
          select: { id: true, schoolId: true },
        })
      : [];
    const schoolOf = new Map(schools.map((p) => [p.id, p.schoolId]));
    return pageOf(result, query, (row) => ({
      id: row.id,
      participant: { id: row.participantId, schoolId: schoolOf.get(row.participantId) ?? null },
      holder: { id: row.holderId, schoolId: schoolOf.get(row.holderId) ?? null },
      openedAt: row.openedAt,
      resolvedAt: row.resolvedAt,
      resolvedBy: row.resolvedBy,
      resolution: row.resolution,
    }));
  }

  /**
   * An organizer settles a conflict: the number stays with one record and is cleared from
   * the other, whose school then enters the right one. Both records change version, so an
   * approval made before shows the change.
   */
  async resolve(caller: Caller, id: string, input: ResolvePassportConflictDto): Promise<void> {
    await this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const row = await m.findOne(PassportConflict, { where: { id }, ...forUpdate(tx) });
      if (!row) throw notFound();
      if (row.resolvedAt) throw new AppError('PASSPORT_CONFLICT_RESOLVED');
      const [newcomer, holder] = await Promise.all(
        [row.participantId, row.holderId].map((pid) =>
          m.findOneOrFail(Participant, { where: { id: pid }, ...forUpdate(tx) }),
        ),
      );
      if (input.keep === 'holder') {
        await this.clearNumber(tx, newcomer);
        await this.close(tx, row.id, 'kept_holder');
        return;
      }
      await this.clearNumber(tx, holder);
      await this.close(tx, row.id, 'kept_newcomer');
      await this.takeOver(tx, newcomer, holder.id);
    });
  }

  /** The first conflict of a former holder gets the number; the others follow it. */
  private async handOver(tx: Tx, formerHolderId: string) {
    const m = tx.manager;
    const waiting = await m.find(PassportConflict, {
      where: { holderId: formerHolderId, resolvedAt: IsNull() },
      order: { openedAt: 'ASC', id: 'ASC' },
    });
    const [first] = waiting;
    if (!first) return;
    const next = await m.findOneOrFail(Participant, {
      where: { id: first.participantId },
      ...forUpdate(tx),
    });
    await this.close(tx, first.id, 'holder_changed');
    await this.takeOver(tx, next, formerHolderId);
  }

  /** `participant` holds its number from now on; conflicts with the old holder follow it. */
  private async takeOver(tx: Tx, participant: Participant, formerHolderId: string) {
    const m = tx.manager;
    if (!participant.passportEncrypted) return;
    const number = this.cipher.decrypt(participant.passportEncrypted, participant.id);
    await m.update(
      Participant,
      { id: participant.id },
      { passportHash: this.cipher.duplicateHash(number) },
    );
    await m.update(
      PassportConflict,
      { holderId: formerHolderId, resolvedAt: IsNull() },
      { holderId: participant.id },
    );
  }

  private async clearNumber(tx: Tx, participant: Participant) {
    await tx.manager.update(
      Participant,
      { id: participant.id },
      { passportEncrypted: null, passportHash: null, version: participant.version + 1 },
    );
    await this.audit.record(tx, {
      action: 'update',
      entityType: 'participant',
      entityId: participant.id,
      changedFields: ['passportNumber'],
    });
  }

  private async close(tx: Tx, id: string, resolution: ConflictResolution) {
    await tx.manager.update(
      PassportConflict,
      { id },
      { resolvedAt: new Date(), resolvedBy: tx.caller?.userId ?? null, resolution },
    );
    await this.audit.record(tx, {
      action: 'resolve',
      entityType: 'passport_conflict',
      entityId: id,
      note: resolution,
    });
  }

  /**
   * The schools' numbers now waiting on an organizer, by duplicate hash under the active
   * key. Conflicts are rare, so their numbers are decrypted rather than indexed.
   */
  private async pendingNumbers(ctx: Ctx, schoolIds: string[]): Promise<Map<string, string>> {
    // No claim, no school: and MySQL refuses an empty `IN ()` (SQLite takes it).
    if (!schoolIds.length) return new Map();
    const rows = await ctx.manager
      .createQueryBuilder(Participant, 'p')
      .innerJoin(PassportConflict, 'c', 'c.participantId = p.id AND c.resolvedAt IS NULL')
      .where('p.schoolId IN (:...schoolIds)', { schoolIds })
      .andWhere('p.passportEncrypted IS NOT NULL')
      .select(['p.id', 'p.passportEncrypted'])
      .getMany();
    return new Map(
      rows.map((p) => [
        this.cipher.duplicateHash(this.cipher.decrypt(p.passportEncrypted!, p.id)),
        p.id,
      ]),
    );
  }
}
