import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { Ctx, Transactions } from '../database/transactions';
import { Consent, CONSENT_KINDS } from './consent.entity';
import { ConsentTextsService, stands } from './consent-texts.service';
import { ParticipantDto } from './dto/participant.dto';
import { findScoped } from './participant-scope';
import { NAME_COLUMNS, namesOf, ReaderNames, readerNamesOf } from './participant-view';
import { Participant, ParticipantKind } from './participant.entity';
import { PassportConflict } from './passport-conflict.entity';
import { PassportCipher } from './passport-cipher';
import { reencryptStale } from './passport-rotation';
import { AGE_OF_MAJORITY } from './age-rules';

export type { ReaderNames };

/** Participants per query where many are read at once (a roster of a thousand). */
const BATCH = 500;

/** What an application needs to know about its participant. */
export interface ApplicantFacts {
  id: string;
  schoolId: string;
  kind: ParticipantKind;
  birthDate: string;
  version: number;
  hasGuardianConsent: boolean;
}

/** Everything a roster holds and checks about one participant, the passport in plain. */
export interface RosterFacts extends Pick<
  Participant,
  | 'id'
  | 'schoolId'
  | 'kind'
  | 'chaperoneRole'
  | 'nationality'
  | 'familyName'
  | 'givenName'
  | 'latinFamily'
  | 'latinGiven'
  | 'cyrillicFamily'
  | 'cyrillicGiven'
  | 'chineseFamily'
  | 'chineseGiven'
  | 'gender'
  | 'birthDate'
  | 'birthPlace'
  | 'passportExpiry'
  | 'version'
> {
  passportNumber: string | null;
  hasGuardianConsent: boolean;
  hasCrossBorderConsent: boolean;
  /** The number is also another school's participant's, and an organizer has not settled it. */
  passportConflict: boolean;
}

/**
 * What other features ask of participants, each answer read in the caller's context (so
 * inside its transaction when it has one) and shaped for the asker, never an entity.
 */
@Injectable()
export class ParticipantsService {
  constructor(
    private readonly cipher: PassportCipher,
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    private readonly transactions: Transactions,
    private readonly texts: ConsentTextsService,
  ) {}

  /** For the applications feature: scoped to the caller, inside its transaction. */
  async applicantFacts(ctx: Ctx, id: string): Promise<ApplicantFacts> {
    const entity = await findScoped(ctx, id);
    if (entity.erasedAt) throw new AppError('PARTICIPANT_ERASED');
    const consent = await ctx.repo(Consent).findOne({
      where: ConsentTextsService.standing(await this.texts.accepted(ctx), 'guardian', {
        participantId: id,
      }),
      select: { id: true },
    });
    return {
      id: entity.id,
      schoolId: entity.schoolId,
      kind: entity.kind,
      birthDate: entity.birthDate,
      version: entity.version,
      hasGuardianConsent: Boolean(consent),
    };
  }

  /**
   * A school's people as applicants, named, in the order of its lists: what deciding who
   * may apply to a delegation needs, in two queries for the whole school.
   */
  async applicantsOfSchool(
    ctx: Ctx,
    schoolId: string,
  ): Promise<(ApplicantFacts & { names: ParticipantDto['names'] })[]> {
    const rows = await ctx.repo(Participant).find({
      where: { schoolId, erasedAt: IsNull() },
      select: {
        ...NAME_COLUMNS,
        schoolId: true,
        kind: true,
        birthDate: true,
        version: true,
        cyrillicOverridden: true,
        cyrillicSource: true,
      },
      order: { familyName: 'ASC', givenName: 'ASC', id: 'ASC' },
    });
    const consenting = new Set<string>();
    const accepted = await this.texts.accepted(ctx);
    for (const batch of chunks(
      rows.map((row) => row.id),
      BATCH,
    )) {
      const consents = await ctx.repo(Consent).find({
        where: ConsentTextsService.standing(accepted, 'guardian', { participantId: In(batch) }),
        select: { id: true, participantId: true },
      });
      for (const consent of consents) consenting.add(consent.participantId);
    }
    return rows.map((row) => ({
      id: row.id,
      schoolId: row.schoolId,
      kind: row.kind,
      birthDate: row.birthDate,
      version: row.version,
      hasGuardianConsent: consenting.has(row.id),
      names: namesOf(row),
    }));
  }

  /**
   * A school's minors (on `today`) without a standing guardian consent: a to-do, since
   * none of them can apply. At most `limit`, with how many there are in all.
   */
  async minorsWithoutGuardianConsent(
    ctx: Ctx,
    schoolId: string,
    today: string,
    limit: number,
  ): Promise<{ total: number; items: { id: string; names: ParticipantDto['names'] }[] }> {
    const versions = (await this.texts.accepted(ctx)).guardian;
    const [year, month, day] = today.split('-');
    // Born after this date: not yet 18 today.
    const adultsBornBy = `${Number(year) - AGE_OF_MAJORITY}-${month}-${day}`;
    const query = ctx
      .repo(Participant)
      .createQueryBuilder('p')
      .select(Object.keys(NAME_COLUMNS).map((column) => `p.${column}`))
      .addSelect(['p.cyrillicOverridden', 'p.cyrillicSource'])
      .where('p.schoolId = :schoolId', { schoolId })
      .andWhere('p.birthDate > :adultsBornBy', { adultsBornBy })
      .andWhere(
        (qb) =>
          'NOT EXISTS ' +
          qb
            .subQuery()
            .select('1')
            .from(Consent, 'c')
            .where('c.participantId = p.id')
            .andWhere("c.kind = 'guardian'")
            .andWhere('c.withdrawnAt IS NULL')
            .andWhere(versions ? 'c.noticeVersion IN (:...versions)' : '1 = 1', { versions })
            .getQuery(),
      )
      .andWhere('p.erasedAt IS NULL')
      .orderBy('p.familyName', 'ASC')
      .addOrderBy('p.givenName', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(limit);
    const [rows, total] = await query.getManyAndCount();
    return { total, items: rows.map((row) => ({ id: row.id, names: namesOf(row) })) };
  }

  /**
   * A school's people whose standing consent of a kind names an older text than the one in
   * force, with none to the current text: to renew (a to-do; a block only once a text
   * requiring renewal is in force, through the readiness checks). At most `limit`.
   */
  async consentsToRenew(
    ctx: Ctx,
    schoolId: string,
    limit: number,
  ): Promise<{ total: number; items: { id: string; names: ParticipantDto['names'] }[] }> {
    const current = await this.texts.current(ctx);
    const kinds = CONSENT_KINDS.filter((kind) => current[kind]);
    if (!kinds.length) return { total: 0, items: [] };
    const query = ctx
      .repo(Participant)
      .createQueryBuilder('p')
      .select(Object.keys(NAME_COLUMNS).map((column) => `p.${column}`))
      .addSelect(['p.cyrillicOverridden', 'p.cyrillicSource'])
      .where('p.schoolId = :schoolId', { schoolId })
      .andWhere('p.erasedAt IS NULL');
    const clauses = kinds.map((kind, i) => {
      query.setParameter(`kind${i}`, kind).setParameter(`version${i}`, current[kind]!.version);
      const consent = (alias: string, version: string) =>
        `SELECT 1 FROM participant_consents ${alias} WHERE ${alias}.participantId = p.id ` +
        `AND ${alias}.kind = :kind${i} AND ${alias}.withdrawnAt IS NULL AND ${alias}.noticeVersion ${version} :version${i}`;
      return `(EXISTS (${consent(`o${i}`, '<>')}) AND NOT EXISTS (${consent(`n${i}`, '=')}))`;
    });
    query
      .andWhere(`(${clauses.join(' OR ')})`)
      .orderBy('p.familyName', 'ASC')
      .addOrderBy('p.givenName', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(limit);
    const [rows, total] = await query.getManyAndCount();
    return { total, items: rows.map((row) => ({ id: row.id, names: namesOf(row) })) };
  }

  /** Passport expiry dates and names of some participants, for the school's to-dos. */
  async passportExpiries(
    ctx: Ctx,
    ids: string[],
  ): Promise<Map<string, { expiry: string | null; names: ParticipantDto['names'] }>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.repo(Participant).find({
      where: { id: In([...new Set(ids)]) },
      select: {
        ...NAME_COLUMNS,
        passportExpiry: true,
        cyrillicOverridden: true,
        cyrillicSource: true,
      },
    });
    return new Map(
      rows.map((row) => [row.id, { expiry: row.passportExpiry, names: namesOf(row) }]),
    );
  }

  /**
   * For the roster, inside the caller's transaction: each participant's data with the
   * passport number decrypted and which consents stand, a few hundred per query.
   */
  async rosterFacts(ctx: Ctx, ids: string[]): Promise<Map<string, RosterFacts>> {
    const facts = new Map<string, RosterFacts>();
    const accepted = await this.texts.accepted(ctx);
    for (const batch of chunks([...new Set(ids)], BATCH)) {
      const rows = await ctx.repo(Participant).find({ where: { id: In(batch) } });
      const consents = await ctx.repo(Consent).find({
        where: { participantId: In(batch), withdrawnAt: IsNull() },
        select: {
          id: true,
          participantId: true,
          kind: true,
          noticeVersion: true,
          withdrawnAt: true,
        },
      });
      const standing = new Set(
        consents.filter((c) => stands(accepted, c)).map((c) => `${c.participantId}:${c.kind}`),
      );
      const conflicted = await ctx.repo(PassportConflict).find({
        where: { participantId: In(batch), resolvedAt: IsNull() },
        select: { id: true, participantId: true },
      });
      const inConflict = new Set(conflicted.map((c) => c.participantId));
      for (const row of rows) {
        facts.set(row.id, {
          id: row.id,
          schoolId: row.schoolId,
          kind: row.kind,
          chaperoneRole: row.chaperoneRole,
          nationality: row.nationality,
          familyName: row.familyName,
          givenName: row.givenName,
          latinFamily: row.latinFamily,
          latinGiven: row.latinGiven,
          cyrillicFamily: row.cyrillicFamily,
          cyrillicGiven: row.cyrillicGiven,
          chineseFamily: row.chineseFamily,
          chineseGiven: row.chineseGiven,
          gender: row.gender,
          birthDate: row.birthDate,
          birthPlace: row.birthPlace,
          passportExpiry: row.passportExpiry,
          version: row.version,
          passportNumber: row.passportEncrypted
            ? this.cipher.decrypt(row.passportEncrypted, row.id)
            : null,
          hasGuardianConsent: standing.has(`${row.id}:guardian`),
          hasCrossBorderConsent: standing.has(`${row.id}:cross_border`),
          passportConflict: inConflict.has(row.id),
        });
      }
    }
    return facts;
  }

  /**
   * What an organizer's list of applications flags for each person: the birth date (a
   * minor needs a guardian's consent), the passport's expiry, and whether a guardian's
   * consent stands. One query for the page, no passport decrypted.
   */
  async applicationFlags(
    ctx: Ctx,
    ids: string[],
  ): Promise<
    Map<string, { birthDate: string; passportExpiry: string | null; guardianConsent: boolean }>
  > {
    const flags = new Map<
      string,
      { birthDate: string; passportExpiry: string | null; guardianConsent: boolean }
    >();
    if (ids.length === 0) return flags;
    const versions = (await this.texts.accepted(ctx)).guardian;
    // One query: the consent as an EXISTS beside the columns (DATE columns arrive as
    // strings on both drivers: dateStrings on MySQL, text on SQLite).
    const rows = await ctx
      .repo(Participant)
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .addSelect('p.birthDate', 'birthDate')
      .addSelect('p.passportExpiry', 'passportExpiry')
      .addSelect(
        (sub) =>
          sub
            .select('COUNT(*)')
            .from(Consent, 'c')
            .where('c.participantId = p.id')
            .andWhere("c.kind = 'guardian'")
            .andWhere('c.withdrawnAt IS NULL')
            .andWhere(versions ? 'c.noticeVersion IN (:...versions)' : '1 = 1', { versions }),
        'guardian',
      )
      .where('p.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getRawMany<{
        id: string;
        birthDate: string;
        passportExpiry: string | null;
        guardian: number | string;
      }>();
    for (const row of rows) {
      flags.set(row.id, {
        birthDate: String(row.birthDate),
        passportExpiry: row.passportExpiry === null ? null : String(row.passportExpiry),
        guardianConsent: Number(row.guardian) > 0,
      });
    }
    return flags;
  }

  /** Current versions and display names of many participants in one query (no N+1). */
  async summaries(
    ctx: Ctx,
    ids: string[],
  ): Promise<Map<string, { version: number; names: ParticipantDto['names'] }>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.repo(Participant).find({
      where: { id: In([...new Set(ids)]) },
      select: { ...NAME_COLUMNS, cyrillicOverridden: true, cyrillicSource: true, version: true },
    });
    return new Map(rows.map((row) => [row.id, { version: row.version, names: namesOf(row) }]));
  }

  /**
   * Each participant's name as a Chinese and as a Russian reader writes it: hanzi (or the
   * Chinese form a person entered) for one, Cyrillic for the other, Latin when neither.
   */
  async readerNames(ctx: Ctx, ids: string[]): Promise<Map<string, ReaderNames>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.repo(Participant).find({
      where: { id: In([...new Set(ids)]) },
      select: NAME_COLUMNS,
    });
    return new Map(rows.map((row) => [row.id, readerNamesOf(row)]));
  }

  /** Each participant's current version, read inside the caller's transaction. */
  async versionsOf(ctx: Ctx, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.repo(Participant).find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, version: true },
    });
    return new Map(rows.map((row) => [row.id, row.version]));
  }

  /** Rotation: re-encrypts passport numbers not under the active key, a batch at a time. */
  async reencryptBatch(limit = 200): Promise<number> {
    return reencryptStale(this.participants, this.cipher, this.transactions, {
      limit,
      withHash: true,
    });
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
