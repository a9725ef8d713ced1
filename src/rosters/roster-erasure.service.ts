import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { updateEach } from '../database/bulk-update';
import { Ctx, Transactions, Tx } from '../database/transactions';
import { erasedBirthDate, erasedNames } from '../participants/erasure-rules';
import { PassportsService } from '../participants/passports.service';
import { hashFromDigests, memberDigest, rosterHash, schemeOf } from './roster-content';
import { headerOf } from './roster-records';
import { RosterMember } from './roster-member.entity';
import { RosterVersion } from './roster-version.entity';
import { RosterStore } from './roster-store';
import { RosterIntegrityDto } from './dto/roster-integrity.dto';

/** One locked copy of a person, as their copy of their data lists it. */
export interface RosterAppearance {
  delegationId: string;
  version: number;
  hash: string;
  lockedAt: string;
  partnerDecision: string | null;
  position: number;
  erased: boolean;
}

/**
 * The roster's side of erasure: a person's locked copies lose the same fields as the
 * person, keeping each copy's digest so that the version's approved hash stays checkable.
 */
@Injectable()
export class RosterErasure {
  constructor(
    private readonly transactions: Transactions,
    private readonly passports: PassportsService,
    private readonly store: RosterStore,
  ) {}

  /**
   * Erases every locked copy of these people in the caller's transaction. A copy locked
   * before digests were kept (scheme 1) gets its digest computed from its data first.
   * Copies already erased are skipped. Returns how many copies were erased.
   */
  async eraseMembersOf(tx: Tx, participantIds: string[], keepNames: boolean): Promise<number> {
    if (!participantIds.length) return 0;
    const where = { participantId: In(participantIds), erasedAt: IsNull() };
    // What erasure reads: the names, the birth date and the kept digest; the whole row
    // (passport decrypted) only for a copy locked before digests were kept.
    const found = await tx.repo(RosterMember).find({
      where,
      select: {
        id: true,
        familyName: true,
        givenName: true,
        latinFamily: true,
        latinGiven: true,
        cyrillicFamily: true,
        cyrillicGiven: true,
        chineseFamily: true,
        chineseGiven: true,
        birthDate: true,
        contentDigest: true,
      },
    });
    const undigested = found.filter((row) => !row.contentDigest).map((row) => row.id);
    const whole = undigested.length
      ? new Map(
          (await tx.repo(RosterMember).find({ where: { ...where, id: In(undigested) } })).map(
            (row) => [row.id, row],
          ),
        )
      : new Map<string, RosterMember>();
    const rows = found.map((row) => whole.get(row.id) ?? row);
    await updateEach(
      tx,
      'roster_members',
      rows.map((row) => {
        const names = erasedNames(row, keepNames);
        return {
          id: row.id,
          set: {
            ...names,
            familyName: names.familyName ?? '',
            givenName: names.givenName ?? '',
            birthDate: erasedBirthDate(String(row.birthDate)),
            contentDigest:
              row.contentDigest ??
              memberDigest({
                ...row,
                birthDate: String(row.birthDate),
                passportNumber: row.passportEncrypted
                  ? this.passports.open(row.passportEncrypted, row.id)
                  : null,
              }),
          },
        };
      }),
      {
        same: {
          birthPlace: '',
          passportEncrypted: null,
          passportExpiry: null,
          erasedAt: new Date(),
        },
        where: 'erasedAt IS NULL',
      },
    );
    return rows.length;
  }

  /** How many locked copies of these people are not erased yet. */
  async countUnerasedOf(ctx: Ctx, participantIds: string[]): Promise<number> {
    let total = 0;
    for (let i = 0; i < participantIds.length; i += 500) {
      total += await ctx.repo(RosterMember).count({
        where: { participantId: In(participantIds.slice(i, i + 500)), erasedAt: IsNull() },
      });
    }
    return total;
  }

  /** Every locked version naming this person, oldest first. */
  async appearancesOf(ctx: Ctx, participantId: string): Promise<RosterAppearance[]> {
    const members = await ctx.repo(RosterMember).find({
      where: { participantId },
      select: { id: true, rosterVersionId: true, position: true, erasedAt: true },
    });
    if (!members.length) return [];
    const versions = await ctx.repo(RosterVersion).find({
      where: { id: In(members.map((m) => m.rosterVersionId)) },
      order: { lockedAt: 'ASC' },
    });
    const member = new Map(members.map((m) => [m.rosterVersionId, m]));
    return versions.map((v) => ({
      delegationId: v.delegationId,
      version: v.version,
      hash: v.hash,
      lockedAt: v.lockedAt.toISOString(),
      partnerDecision: v.partnerDecision,
      position: member.get(v.id)!.position,
      erased: member.get(v.id)!.erasedAt !== null,
    }));
  }

  /**
   * Whether a version's stored hash still follows from what is stored. Scheme 2: from the
   * kept digests (erased or not), and, for rows not erased, from the rows themselves too.
   * Scheme 1 with erased rows cannot be recomputed (`recomputed` null): the hash then
   * stands on the partner's approved copy, and each erased row's digest on the printed row.
   */
  async integrity(caller: Caller, delegationId: string, n: number): Promise<RosterIntegrityDto> {
    const ctx = this.transactions.read(caller);
    await this.store.delegation(ctx, delegationId);
    const version = await ctx.repo(RosterVersion).findOne({ where: { delegationId, version: n } });
    if (!version) throw notFound();
    const members = await ctx.repo(RosterMember).find({
      where: { rosterVersionId: version.id },
      select: { id: true, participantId: true, contentDigest: true, erasedAt: true },
    });
    const erasedMembers = members.filter((m) => m.erasedAt !== null).length;
    const scheme = schemeOf(version);
    let recomputed: string | null = null;
    if (scheme === 2) {
      if (members.some((m) => !m.contentDigest)) throw new AppError('CONFLICT');
      recomputed = hashFromDigests(
        delegationId,
        headerOf(version),
        members.map((m) => ({ participantId: m.participantId, digest: m.contentDigest! })),
      );
    } else if (!erasedMembers) {
      recomputed = rosterHash(
        delegationId,
        headerOf(version),
        await this.store.load(ctx, version.id),
        1,
      );
    }
    return {
      version: version.version,
      hash: version.hash,
      scheme,
      recomputed,
      matches: recomputed === null ? null : recomputed === version.hash,
      members: members.length,
      erasedMembers,
    };
  }
}
