import { Injectable } from '@nestjs/common';
import { In, IsNull, LessThan, MoreThan } from 'typeorm';
import { updateEach } from '../database/bulk-update';
import { Ctx, forUpdate, Tx } from '../database/transactions';
import { Consent } from './consent.entity';
import { erasedBirthDate, erasedNames, initialOf, searchTextOf } from './erasure-rules';
import { Participant } from './participant.entity';
import { findScoped } from './participant-scope';
import { NAME_COLUMNS, ReaderNames, readerNamesOf } from './participant-view';

export interface ErasureCandidate {
  id: string;
  schoolId: string;
}

/**
 * The participant's side of erasure: who is not erased yet and untouched since a date, and
 * emptying a batch of people's personal fields. Which of them are due is the retention
 * feature's decision (it knows trips and holds); this never decides, only does.
 */
@Injectable()
export class ParticipantErasure {
  /**
   * People not erased, last changed before `before`, with ids after `afterId`: one page of
   * the keyset walk over the table. `last` is where the next page starts.
   */
  async unerasedPage(
    ctx: Ctx,
    options: { before: Date; afterId: string; limit: number },
  ): Promise<{ rows: ErasureCandidate[]; last: string | null }> {
    const rows = await ctx.repo(Participant).find({
      where: {
        erasedAt: IsNull(),
        id: MoreThan(options.afterId),
        updatedAt: LessThan(options.before),
      },
      select: { id: true, schoolId: true },
      order: { id: 'ASC' },
      take: options.limit,
    });
    return { rows, last: rows.length ? rows[rows.length - 1].id : null };
  }

  async exists(ctx: Ctx, id: string): Promise<boolean> {
    return ctx.repo(Participant).existsBy({ id });
  }

  /**
   * The person as the caller may act on them (another school's is 404): their school,
   * nationality and whether they are erased already. Locked inside a transaction.
   */
  async scoped(
    ctx: Ctx,
    id: string,
  ): Promise<Pick<Participant, 'id' | 'schoolId' | 'nationality' | 'erasedAt'>> {
    const row = await findScoped(ctx, id, { lock: true });
    return {
      id: row.id,
      schoolId: row.schoolId,
      nationality: row.nationality,
      erasedAt: row.erasedAt,
    };
  }

  async erasedAt(ctx: Ctx, id: string): Promise<Date | null> {
    const row = await ctx
      .repo(Participant)
      .findOne({ where: { id }, select: { id: true, erasedAt: true } });
    return row?.erasedAt ?? null;
  }

  /**
   * Erases these people in the caller's transaction: the passport (ciphertext and keyed
   * hash, so the number is gone, not only unreadable), its expiry, birth place, the day
   * and month of birth, guardian, emergency contact, phone and e-mail; names become
   * initials unless `keepNames`; the guardian's name on each consent too. People already
   * erased are skipped, so a batch run twice changes nothing. Returns the names as kept,
   * for the events that named them.
   */
  async erase(tx: Tx, ids: string[], keepNames: boolean): Promise<Map<string, ReaderNames>> {
    const kept = new Map<string, ReaderNames>();
    if (!ids.length) return kept;
    const rows = await tx.repo(Participant).find({
      where: { id: In(ids), erasedAt: IsNull() },
      select: {
        ...NAME_COLUMNS,
        birthDate: true,
      },
      // Another pass erasing the same people waits here, then finds them erased.
      ...forUpdate(tx),
    });
    if (!rows.length) return kept;
    const now = new Date();
    // One statement per hundred people: each row's kept names differ, the rest is alike.
    await updateEach(
      tx,
      'participants',
      rows.map((row) => {
        const names = erasedNames(row, keepNames);
        kept.set(row.id, readerNamesOf(Object.assign(new Participant(), row, names)));
        return {
          id: row.id,
          set: {
            ...names,
            familyName: names.familyName ?? '',
            givenName: names.givenName ?? '',
            searchText: searchTextOf(names),
            birthDate: erasedBirthDate(String(row.birthDate)),
          },
        };
      }),
      {
        same: {
          birthPlace: '',
          passportEncrypted: null,
          passportHash: null,
          passportExpiry: null,
          guardianName: null,
          guardianPhone: null,
          guardianRelation: null,
          emergencyContact: null,
          phone: null,
          email: null,
          erasedAt: now,
          updatedAt: now,
        },
        where: 'erasedAt IS NULL',
      },
    );
    const consents = await tx.repo(Consent).find({
      where: { participantId: In(rows.map((r) => r.id)) },
      select: { id: true, givenBy: true },
    });
    await updateEach(
      tx,
      'participant_consents',
      consents.map((c) => ({ id: c.id, set: { givenBy: initialOf(c.givenBy) ?? '' } })),
    );
    return kept;
  }
}
