import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, FindOptionsSelect, In, IsNull, Repository } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, FieldError, notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../database/errors';
import { Page } from '../common/http/pagination';
import { forUpdate, Transactions } from '../database/transactions';
import { Consent } from './consent.entity';
import {
  ConsentDto,
  CreateConsentDto,
  CreateParticipantDto,
  ImportResultDto,
  ParticipantDetailDto,
  ParticipantDto,
  ParticipantPageDto,
  ParticipantQueryDto,
  RevealedPassportDto,
  UpdateParticipantDto,
} from './dto/participant.dto';
import { ageOn, isMinorOn, todayUtc } from './age-rules';
import { columnOf } from './import/import-format';
import { resolveNames } from './participant-names';
import { Participant, ParticipantKind } from './participant.entity';
import { PassportConflict } from './passport-conflict.entity';
import { PassportCipher, PassportCipherError } from './passport-cipher';
import { maskPassportNumber } from './passport-rules';
import { reencryptStale } from './passport-rotation';
import { ParticipantLimits } from './participant-limits';
import { PassportClaim, PassportConflictsService } from './passport-conflicts.service';

/** Rows per multi-row insert and hashes per duplicate query in an import. */
const IMPORT_BATCH_SIZE = 500;

/** One data row of an import file: its spreadsheet row number, its body, its errors so far. */
export interface ImportRow {
  row: number;
  /** Absent when the row failed validation as a body. */
  input?: CreateParticipantDto;
  /** Fields as in the API body (`guardian.phone`). */
  errors: FieldError[];
}

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

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly cipher: PassportCipher,
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    @InjectRepository(Consent) private readonly consents: Repository<Consent>,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly passports: PassportConflictsService,
    private readonly limits: ParticipantLimits,
  ) {}

  async create(caller: Caller, input: CreateParticipantDto): Promise<ParticipantDetailDto> {
    await this.limits.write(caller);
    const id = randomUUID();
    return this.retryingPassportRace(() =>
      this.transactions.run(async (m) => {
        const entity = m.create(Participant, { id, schoolId: caller.organizationId, version: 1 });
        const holderId = await this.apply(caller, entity, input, undefined, m);
        // A copy: insert writes driver-raw defaults back into the object it is given.
        await m.insert(Participant, { ...entity });
        await this.audit.record(m, caller, {
          action: 'create',
          entityType: 'participant',
          entityId: id,
          changedFields: Object.keys(input),
        });
        if (holderId) await this.passports.open(m, caller, [{ participantId: id, holderId }]);
        return this.detail(entity, []);
      }),
    );
  }

  async list(caller: Caller, query: ParticipantQueryDto): Promise<ParticipantPageDto> {
    const qb = this.participants.createQueryBuilder('p');
    if (caller.role !== 'organizer')
      qb.andWhere('p.schoolId = :own', { own: caller.organizationId });
    else if (query.schoolId) qb.andWhere('p.schoolId = :school', { school: query.schoolId });
    if (query.kind) qb.andWhere('p.kind = :kind', { kind: query.kind });
    const terms = (query.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
    // MySQL escapes LIKE patterns with a backslash by default; SQLite only when told to.
    const escape =
      this.participants.manager.connection.options.type === 'better-sqlite3' ? " ESCAPE '\\'" : '';
    terms.forEach((term, i) => {
      qb.andWhere(`p.searchText LIKE :term${i}${escape}`, {
        [`term${i}`]: `%${likeEscape(term.toLowerCase())}%`,
      });
    });
    qb.orderBy('p.familyName', 'ASC').addOrderBy('p.givenName', 'ASC').addOrderBy('p.id', 'ASC');
    qb.skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    const page: Page<ParticipantDto> = {
      items: rows.map((row) => this.toDto(row)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
    return page;
  }

  async get(caller: Caller, id: string): Promise<ParticipantDetailDto> {
    const entity = await this.findScoped(caller, id, this.participants.manager);
    const consents = await this.consents.find({
      where: { participantId: id },
      order: { givenAt: 'ASC' },
    });
    return this.detail(entity, consents);
  }

  async update(
    caller: Caller,
    id: string,
    input: UpdateParticipantDto,
  ): Promise<ParticipantDetailDto> {
    await this.limits.write(caller);
    return this.retryingPassportRace(() =>
      this.transactions.run(async (m) => {
        // Locked, so two simultaneous edits each bump the version an approval compares with.
        const entity = await this.findScoped(caller, id, m, true);
        if (Object.keys(input).length === 0) {
          const unchanged = await m.find(Consent, {
            where: { participantId: id },
            order: { givenAt: 'ASC' },
          });
          return this.detail(entity, unchanged);
        }
        const before = { ...entity };
        const holderId = await this.apply(caller, entity, input, before, m);
        entity.version = before.version + 1;
        await m.save(entity);
        await this.audit.record(m, caller, {
          action: 'update',
          entityType: 'participant',
          entityId: id,
          changedFields: Object.keys(input),
        });
        if ('passportNumber' in input && entity.passportEncrypted !== before.passportEncrypted) {
          await this.passports.numberChanged(m, caller, id, before.passportHash);
        }
        if (holderId) await this.passports.open(m, caller, [{ participantId: id, holderId }]);
        const consents = await m.find(Consent, {
          where: { participantId: id },
          order: { givenAt: 'ASC' },
        });
        return this.detail(entity, consents);
      }),
    );
  }

  async addConsent(caller: Caller, id: string, input: CreateConsentDto): Promise<ConsentDto> {
    return this.transactions.run(async (m) => {
      await this.findScoped(caller, id, m);
      const consent = m.create(Consent, {
        id: randomUUID(),
        participantId: id,
        kind: input.kind,
        givenBy: input.givenBy,
        relation: input.relation,
        givenAt: new Date(input.givenAt),
        noticeVersion: input.noticeVersion,
        withdrawnAt: null,
      });
      await m.insert(Consent, { ...consent });
      await this.audit.record(m, caller, {
        action: 'consent',
        entityType: 'participant',
        entityId: id,
        changedFields: [`consent.${input.kind}`],
      });
      return toConsentDto(consent);
    });
  }

  async withdrawConsent(caller: Caller, id: string, consentId: string): Promise<void> {
    await this.transactions.run(async (m) => {
      await this.findScoped(caller, id, m);
      const withdrawn = await m.findOne(Consent, {
        where: { id: consentId, participantId: id, withdrawnAt: IsNull() },
        select: { id: true, kind: true },
        ...forUpdate(m),
      });
      if (!withdrawn) throw notFound();
      await m.update(Consent, { id: consentId }, { withdrawnAt: new Date() });
      await this.audit.record(m, caller, {
        action: 'withdraw',
        entityType: 'participant',
        entityId: id,
        changedFields: [`consent.${withdrawn.kind}`],
      });
    });
  }

  /** The full number, for an organizer, and the disclosure is on record. */
  async reveal(caller: Caller, id: string): Promise<RevealedPassportDto> {
    return this.transactions.run(async (m) => {
      const entity = await this.findScoped(caller, id, m);
      if (!entity.passportEncrypted) throw notFound();
      const passportNumber = this.cipher.decrypt(entity.passportEncrypted, entity.id);
      await this.audit.record(m, caller, {
        action: 'reveal',
        entityType: 'participant',
        entityId: id,
        changedFields: ['passportNumber'],
      });
      return { passportNumber };
    });
  }

  /** For the applications feature: scoped to the caller, inside its transaction. */
  async applicantFacts(
    caller: Caller,
    id: string,
    manager: EntityManager,
  ): Promise<ApplicantFacts> {
    const entity = await this.findScoped(caller, id, manager);
    const consent = await manager.findOne(Consent, {
      where: { participantId: id, kind: 'guardian', withdrawnAt: IsNull() },
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
   * For the roster, inside the caller's transaction: each participant's data with the
   * passport number decrypted and which consents stand, a few hundred per query.
   */
  async rosterFacts(ids: string[], manager: EntityManager): Promise<Map<string, RosterFacts>> {
    const facts = new Map<string, RosterFacts>();
    for (const batch of chunks([...new Set(ids)], IMPORT_BATCH_SIZE)) {
      const rows = await manager.find(Participant, { where: { id: In(batch) } });
      const consents = await manager.find(Consent, {
        where: { participantId: In(batch), withdrawnAt: IsNull() },
        select: { id: true, participantId: true, kind: true },
      });
      const standing = new Set(consents.map((c) => `${c.participantId}:${c.kind}`));
      const conflicted = await manager.find(PassportConflict, {
        where: { participantId: In(batch), resolvedAt: IsNull() },
        select: { id: true, participantId: true },
      });
      const inConflict = new Set(conflicted.map((c) => c.participantId));
      for (const row of rows) {
        facts.set(row.id, {
          id: row.id,
          schoolId: row.schoolId,
          kind: row.kind,
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

  /** Current versions and display names of many participants in one query (no N+1). */
  async summaries(
    ids: string[],
  ): Promise<Map<string, { version: number; names: ParticipantDto['names'] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.participants.find({
      where: { id: In([...new Set(ids)]) },
      select: { ...NAME_COLUMNS, cyrillicOverridden: true, cyrillicSource: true, version: true },
    });
    return new Map(rows.map((row) => [row.id, { version: row.version, names: namesOf(row) }]));
  }

  /**
   * Each participant's name as a Chinese and as a Russian reader writes it: hanzi (or the
   * Chinese form a person entered) for one, Cyrillic for the other, Latin when neither.
   */
  async readerNames(ids: string[], manager?: EntityManager): Promise<Map<string, ReaderNames>> {
    if (ids.length === 0) return new Map();
    const rows = await (manager ?? this.participants.manager).find(Participant, {
      where: { id: In([...new Set(ids)]) },
      select: NAME_COLUMNS,
    });
    return new Map(rows.map((row) => [row.id, readerNamesOf(row)]));
  }

  /** Rotation: re-encrypts passport numbers not under the active key, a batch at a time. */
  async reencryptBatch(limit = 200): Promise<number> {
    return reencryptStale(this.participants, this.cipher, this.transactions, {
      limit,
      withHash: true,
    });
  }

  /**
   * The importer's rows, all saved in one transaction or none. Each row carries the errors
   * its validation found; this adds the rules of `create`, and duplicate passports within
   * the rows and against every school's stored ones, checked a batch of hashes per query.
   */
  async importRows(caller: Caller, rows: ImportRow[], dryRun: boolean): Promise<ImportResultDto> {
    const prepared: {
      row: ImportRow;
      entity: Participant;
      claim?: PassportClaim;
      holderId?: string;
    }[] = [];
    for (const row of rows) {
      if (!row.input) continue;
      const entity = this.participants.create({
        id: randomUUID(),
        schoolId: caller.organizationId,
        version: 1,
      });
      const { errors, claim } = this.assign(entity, row.input, undefined);
      row.errors.push(...errors);
      prepared.push({ row, entity, claim });
    }
    const rowsByHash = new Map<string, ImportRow[]>();
    for (const { row, entity } of prepared) {
      if (!entity.passportHash) continue;
      rowsByHash.set(entity.passportHash, [...(rowsByHash.get(entity.passportHash) ?? []), row]);
    }
    for (const same of rowsByHash.values()) {
      if (same.length < 2) continue;
      for (const row of same) {
        const others = same.filter((other) => other !== row).map((other) => other.row);
        row.errors.push({
          field: 'passportNumber',
          code: 'DUPLICATE_IN_FILE',
          params: { rows: others.join(', ') },
        });
      }
    }

    // As for one participant (see apply): a collision with another school is not reported.
    const judge = async (m: EntityManager) => {
      const claimed = prepared.filter((p) => p.claim);
      const verdicts = await this.passports.judge(
        m,
        caller,
        claimed.map((p) => p.claim!),
      );
      claimed.forEach((p, i) => {
        const verdict = verdicts[i];
        p.holderId = undefined;
        p.entity.passportHash = p.claim!.hash;
        if (verdict.kind === 'duplicate') {
          p.row.errors.push({ field: 'passportNumber', code: 'DUPLICATE_PASSPORT' });
        } else if (verdict.kind === 'collision') {
          p.holderId = verdict.holderId;
          p.entity.passportHash = null;
        }
      });
    };
    const collisions = () =>
      prepared.flatMap((p) =>
        p.holderId ? [{ participantId: p.entity.id, holderId: p.holderId }] : [],
      );

    if (dryRun || rows.some((row) => row.errors.length)) {
      // Nothing is saved; what the numbers touched is still on record, as a probe's would be.
      await judge(this.participants.manager);
      const probed = collisions().map((c) => c.holderId);
      if (probed.length) {
        await this.transactions.run((m) => this.passports.recordProbe(m, caller, probed));
      }
      if (rows.some((row) => row.errors.length)) throw importFailed(rows);
      return { imported: prepared.length, dryRun: true };
    }
    return this.retryingPassportRace(() =>
      this.transactions.run(async (m) => {
        await judge(m);
        if (rows.some((row) => row.errors.length)) throw importFailed(rows);
        for (const batch of chunks(prepared, IMPORT_BATCH_SIZE)) {
          await m
            .createQueryBuilder()
            .insert()
            .into(Participant)
            .values(batch.map((p) => ({ ...p.entity })))
            .updateEntity(false)
            .execute();
        }
        await this.audit.record(m, caller, {
          action: 'import',
          entityType: 'participant',
          entityId: caller.organizationId,
          changedFields: [`rows:${prepared.length}`],
        });
        await this.passports.open(m, caller, collisions());
        return { imported: prepared.length, dryRun: false };
      }),
    );
  }

  private async findScoped(
    caller: Caller,
    id: string,
    manager: EntityManager,
    lock = false,
  ): Promise<Participant> {
    const entity = await manager.findOne(Participant, {
      where: caller.role === 'organizer' ? { id } : { id, schoolId: caller.organizationId },
      ...(lock ? forUpdate(manager) : {}),
    });
    if (!entity) throw notFound();
    return entity;
  }

  /** Each participant's current version, read inside the caller's transaction. */
  async versionsOf(ids: string[], manager: EntityManager): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.find(Participant, {
      where: { id: In([...new Set(ids)]) },
      select: { id: true, version: true },
    });
    return new Map(rows.map((row) => [row.id, row.version]));
  }

  /**
   * Copies input onto the entity, then refuses it if a rule or the duplicate check fails.
   * A number another school's participant holds is not refused (that would tell this
   * school about the other's people): it is saved without the duplicate hash, and the
   * holder's id is returned for the caller to open a conflict an organizer settles.
   */
  private async apply(
    caller: Caller,
    entity: Participant,
    input: UpdateParticipantDto,
    previous: Participant | undefined,
    m: EntityManager,
  ): Promise<string | undefined> {
    const { errors, claim } = this.assign(entity, input, previous);
    let holderId: string | undefined;
    if (claim) {
      const [verdict] = await this.passports.judge(m, caller, [claim]);
      if (verdict.kind === 'duplicate') {
        errors.push({ field: 'passportNumber', code: 'DUPLICATE_PASSPORT' });
      } else if (verdict.kind === 'collision') {
        holderId = verdict.holderId;
        entity.passportHash = null;
      }
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
    return holderId;
  }

  /**
   * The unique index on the passport hash settles what the duplicate check cannot see:
   * another request writing the same number at the same moment. The use case then runs
   * again, and sees the other number as a duplicate or a collision like any stored one.
   */
  private async retryingPassportRace<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (attempt === 3) {
          throw new AppError('SERVICE_UNAVAILABLE', {}, undefined, { 'retry-after': '1' });
        }
      }
    }
  }

  /**
   * Copies input onto the entity: names in three scripts, encrypted passport, rules.
   * Touches no database: the caller judges `claim`, a new number, against stored ones.
   */
  private assign(
    entity: Participant,
    input: UpdateParticipantDto,
    previous: Participant | undefined,
  ): { errors: FieldError[]; claim?: PassportClaim } {
    const errors: FieldError[] = [];
    let claim: PassportClaim | undefined;
    const merged = {
      kind: input.kind ?? entity.kind,
      nationality: input.nationality ?? entity.nationality,
      familyName: input.familyName ?? entity.familyName,
      givenName: input.givenName ?? entity.givenName,
      gender: input.gender ?? entity.gender,
      birthDate: input.birthDate ?? entity.birthDate,
      birthPlace: input.birthPlace ?? entity.birthPlace,
    };
    for (const [field, value] of Object.entries(merged)) {
      if (value === undefined || value === null) errors.push({ field, code: 'REQUIRED' });
    }
    Object.assign(entity, merged);

    const namesChanged =
      !previous ||
      ['nationality', 'familyName', 'givenName', 'latin', 'cyrillic', 'chinese'].some(
        (k) => k in input,
      );
    if (namesChanged) {
      Object.assign(
        entity,
        resolveNames(
          {
            nationality: entity.nationality,
            familyName: entity.familyName,
            givenName: entity.givenName,
            latin:
              input.latin ??
              (previous && !('latin' in input) && previous.nationality === entity.nationality
                ? pairOf(previous.latinFamily, previous.latinGiven)
                : undefined),
            cyrillic: input.cyrillic,
            chinese: input.chinese,
          },
          previous,
        ),
      );
    }

    if ('guardian' in input) {
      entity.guardianName = input.guardian?.name ?? null;
      entity.guardianPhone = input.guardian?.phone ?? null;
      entity.guardianRelation = input.guardian?.relation ?? null;
    }
    for (const field of ['emergencyContact', 'phone', 'email', 'passportExpiry'] as const) {
      if (field in input) entity[field] = input[field] ?? null;
    }
    entity.guardianName ??= null;
    entity.guardianPhone ??= null;
    entity.guardianRelation ??= null;
    entity.emergencyContact ??= null;
    entity.phone ??= null;
    entity.email ??= null;
    entity.passportExpiry ??= null;

    if (entity.birthDate && ageOn(entity.birthDate, todayUtc()) < 0) {
      errors.push({ field: 'birthDate', code: 'BIRTH_DATE_IN_FUTURE' });
    }
    if (entity.birthDate && isMinorOn(entity.birthDate, todayUtc()) && !entity.guardianName) {
      errors.push({ field: 'guardian', code: 'GUARDIAN_REQUIRED' });
    }

    if ('passportNumber' in input) {
      if (input.passportNumber) {
        try {
          const hash = this.cipher.duplicateHash(input.passportNumber);
          // The same number again keeps what it had: its seal, and its hash or conflict.
          if (!previous?.passportEncrypted || this.numberHashOf(previous) !== hash) {
            entity.passportEncrypted = this.cipher.encrypt(input.passportNumber, entity.id);
            entity.passportHash = hash;
            claim = {
              participantId: entity.id,
              schoolId: entity.schoolId,
              candidates: this.cipher.duplicateHashCandidates(input.passportNumber),
              hash,
            };
          }
        } catch (error) {
          if (!(error instanceof PassportCipherError)) throw error;
          errors.push({ field: 'passportNumber', code: error.code });
        }
      } else {
        entity.passportEncrypted = null;
        entity.passportHash = null;
      }
    }
    entity.passportEncrypted ??= null;
    entity.passportHash ??= null;
    entity.searchText = [
      entity.familyName,
      entity.givenName,
      entity.latinFamily,
      entity.latinGiven,
      entity.cyrillicFamily,
      entity.cyrillicGiven,
      entity.chineseFamily,
      entity.chineseGiven,
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase()
      .slice(0, 1000);
    return { errors, claim };
  }

  /** The duplicate hash of the number a record holds, under the active key. */
  private numberHashOf(participant: Participant): string {
    return this.cipher.duplicateHash(
      this.cipher.decrypt(participant.passportEncrypted!, participant.id),
    );
  }

  private toDto(entity: Participant): ParticipantDto {
    return Object.assign(new ParticipantDto(), {
      id: entity.id,
      schoolId: entity.schoolId,
      kind: entity.kind,
      nationality: entity.nationality,
      names: namesOf(entity),
      gender: entity.gender,
      birthDate: entity.birthDate,
      birthPlace: entity.birthPlace,
      passportNumber: entity.passportEncrypted
        ? maskPassportNumber(this.cipher.decrypt(entity.passportEncrypted, entity.id))
        : null,
      passportExpiry: entity.passportExpiry,
      guardian: entity.guardianName
        ? {
            name: entity.guardianName,
            phone: entity.guardianPhone ?? '',
            relation: entity.guardianRelation ?? '',
          }
        : null,
      emergencyContact: entity.emergencyContact,
      phone: entity.phone,
      email: entity.email,
      version: entity.version,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    });
  }

  private detail(entity: Participant, consents: Consent[]): ParticipantDetailDto {
    return Object.assign(new ParticipantDetailDto(), this.toDto(entity), {
      consents: consents.map(toConsentDto),
    });
  }
}

function pairOf(family: string | null, given: string | null) {
  return family && given ? { family, given } : undefined;
}

export interface ReaderNames {
  zh: string;
  ru: string;
}

/** The name columns, and no more (not the sealed passport, not the guardian). */
const NAME_COLUMNS = {
  id: true,
  nationality: true,
  familyName: true,
  givenName: true,
  latinFamily: true,
  latinGiven: true,
  cyrillicFamily: true,
  cyrillicGiven: true,
  chineseFamily: true,
  chineseGiven: true,
} satisfies FindOptionsSelect<Participant>;

function readerNamesOf(p: Participant): ReaderNames {
  const join = (family: string | null, given: string | null, gap: string) =>
    family && given ? `${family}${gap}${given}` : null;
  const latin = join(p.latinFamily, p.latinGiven, ' ');
  if (p.nationality === 'CN') {
    const hanzi = join(p.familyName, p.givenName, '')!;
    return { zh: hanzi, ru: join(p.cyrillicFamily, p.cyrillicGiven, ' ') ?? latin ?? hanzi };
  }
  const cyrillic = join(p.familyName, p.givenName, ' ')!;
  return { zh: join(p.chineseFamily, p.chineseGiven, '') ?? latin ?? cyrillic, ru: cyrillic };
}

function namesOf(entity: Participant): ParticipantDto['names'] {
  const pair = (family: string | null, given: string | null) =>
    family && given ? { family, given } : null;
  return {
    native: { family: entity.familyName, given: entity.givenName },
    latin: pair(entity.latinFamily, entity.latinGiven),
    cyrillic: pair(entity.cyrillicFamily, entity.cyrillicGiven),
    chinese: pair(entity.chineseFamily, entity.chineseGiven),
    cyrillicOverridden: entity.cyrillicOverridden,
    cyrillicSource: entity.cyrillicSource,
  };
}

function toConsentDto(consent: Consent): ConsentDto {
  return {
    id: consent.id,
    kind: consent.kind,
    givenBy: consent.givenBy,
    relation: consent.relation,
    givenAt: consent.givenAt,
    noticeVersion: consent.noticeVersion,
    withdrawnAt: consent.withdrawnAt,
  };
}

/** Every row's errors as `rows.<row>.<column>`, the columns named as in the file. */
function importFailed(rows: ImportRow[]): AppError {
  const errors = rows.flatMap((row) =>
    row.errors.map((error) => ({ ...error, field: `rows.${row.row}.${columnOf(error.field)}` })),
  );
  return new AppError('IMPORT_FAILED', {}, errors);
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function likeEscape(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
