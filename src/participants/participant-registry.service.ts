import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { Page } from '../common/http/pagination';
import { Ctx, Transactions } from '../database/transactions';
import { Consent, ConsentKind } from './consent.entity';
import { ConsentTextsService, stands } from './consent-texts.service';
import {
  CreateParticipantDto,
  ParticipantDetailDto,
  ParticipantDto,
  ParticipantPageDto,
  ParticipantQueryDto,
  RevealedPassportDto,
  UpdateParticipantDto,
} from './dto/participant.dto';
import { ParticipantLimits } from './participant-limits';
import { findScoped } from './participant-scope';
import { ParticipantView } from './participant-view';
import { ParticipantWriter } from './participant-writer';
import { Participant } from './participant.entity';
import { PassportCipher } from './passport-cipher';
import { PassportConflictsService } from './passport-conflicts.service';

/** A school's register of its people: create, find, read, edit; an organizer's reveal. */
@Injectable()
export class ParticipantRegistry {
  constructor(
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    private readonly cipher: PassportCipher,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly passports: PassportConflictsService,
    private readonly limits: ParticipantLimits,
    private readonly writer: ParticipantWriter,
    private readonly view: ParticipantView,
    private readonly texts: ConsentTextsService,
  ) {}

  async create(caller: Caller, input: CreateParticipantDto): Promise<ParticipantDetailDto> {
    await this.limits.write(caller);
    const id = randomUUID();
    return this.writer.retryingPassportRace(() =>
      this.transactions.run(caller, async (tx) => {
        const m = tx.manager;
        const entity = m.create(Participant, { id, schoolId: caller.organizationId, version: 1 });
        const holderId = await this.writer.apply(tx, entity, input, undefined);
        // A copy: insert writes driver-raw defaults back into the object it is given.
        await m.insert(Participant, { ...entity });
        await this.audit.record(tx, {
          action: 'create',
          entityType: 'participant',
          entityId: id,
          changedFields: Object.keys(input),
        });
        if (holderId) await this.passports.open(tx, [{ participantId: id, holderId }]);
        return this.view.detail(entity, []);
      }),
    );
  }

  async list(caller: Caller, query: ParticipantQueryDto): Promise<ParticipantPageDto> {
    // Erased people are past their purpose: they stay as records, not on the lists.
    const qb = this.participants.createQueryBuilder('p').where('p.erasedAt IS NULL');
    if (caller.role !== 'organizer')
      qb.andWhere('p.schoolId = :own', { own: caller.organizationId });
    else if (query.schoolId) qb.andWhere('p.schoolId = :school', { school: query.schoolId });
    if (query.kind) qb.andWhere('p.kind = :kind', { kind: query.kind });
    const terms = (query.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
    // MySQL escapes LIKE patterns with a backslash by default; SQLite only when told to.
    const escape = this.transactions.read(caller).sqlite ? " ESCAPE '\\'" : '';
    terms.forEach((term, i) => {
      qb.andWhere(`p.searchText LIKE :term${i}${escape}`, {
        [`term${i}`]: `%${likeEscape(term.toLowerCase())}%`,
      });
    });
    qb.orderBy('p.familyName', 'ASC').addOrderBy('p.givenName', 'ASC').addOrderBy('p.id', 'ASC');
    qb.skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    const standing = await this.standingConsents(
      this.transactions.read(caller),
      rows.map((row) => row.id),
    );
    const page: Page<ParticipantDto> = {
      items: rows.map((row) => this.view.dto(row, standing.get(row.id) ?? [])),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
    return page;
  }

  /** The consents that stand for each of a page of participants, in one query. */
  private async standingConsents(ctx: Ctx, ids: string[]): Promise<Map<string, ConsentKind[]>> {
    const standing = new Map<string, ConsentKind[]>();
    if (ids.length === 0) return standing;
    const accepted = await this.texts.accepted(ctx);
    const rows = await ctx.repo(Consent).find({
      where: { participantId: In(ids), withdrawnAt: IsNull() },
      select: { id: true, participantId: true, kind: true, noticeVersion: true, withdrawnAt: true },
    });
    for (const row of rows.filter((c) => stands(accepted, c))) {
      const kinds = standing.get(row.participantId) ?? [];
      if (!kinds.includes(row.kind)) kinds.push(row.kind);
      standing.set(row.participantId, kinds);
    }
    return standing;
  }

  async get(caller: Caller, id: string): Promise<ParticipantDetailDto> {
    const ctx = this.transactions.read(caller);
    const entity = await findScoped(ctx, id);
    const consents = await ctx.repo(Consent).find({
      where: { participantId: id },
      order: { givenAt: 'ASC' },
    });
    return this.view.detail(entity, consents, await this.texts.accepted(ctx));
  }

  async update(
    caller: Caller,
    id: string,
    input: UpdateParticipantDto,
  ): Promise<ParticipantDetailDto> {
    await this.limits.write(caller);
    return this.writer.retryingPassportRace(() =>
      this.transactions.run(caller, async (tx) => {
        const m = tx.manager;
        // Locked, so two simultaneous edits each bump the version an approval compares with.
        const entity = await findScoped(tx, id, { lock: true });
        if (entity.erasedAt) throw new AppError('PARTICIPANT_ERASED');
        if (Object.keys(input).length === 0) {
          const unchanged = await m.find(Consent, {
            where: { participantId: id },
            order: { givenAt: 'ASC' },
          });
          return this.view.detail(entity, unchanged, await this.texts.accepted(tx));
        }
        const before = { ...entity };
        const holderId = await this.writer.apply(tx, entity, input, before);
        entity.version = before.version + 1;
        await m.save(entity);
        await this.audit.record(tx, {
          action: 'update',
          entityType: 'participant',
          entityId: id,
          changedFields: Object.keys(input),
        });
        if ('passportNumber' in input && entity.passportEncrypted !== before.passportEncrypted) {
          await this.passports.numberChanged(tx, id, before.passportHash);
        }
        if (holderId) await this.passports.open(tx, [{ participantId: id, holderId }]);
        const consents = await m.find(Consent, {
          where: { participantId: id },
          order: { givenAt: 'ASC' },
        });
        return this.view.detail(entity, consents, await this.texts.accepted(tx));
      }),
    );
  }

  /** The full number, for an organizer, and the disclosure is on record (with why, if said). */
  async reveal(caller: Caller, id: string, reason?: string): Promise<RevealedPassportDto> {
    return this.transactions.run(caller, async (tx) => {
      const entity = await findScoped(tx, id);
      if (!entity.passportEncrypted) throw notFound();
      const passportNumber = this.cipher.decrypt(entity.passportEncrypted, entity.id);
      await this.audit.record(tx, {
        action: 'reveal',
        entityType: 'participant',
        entityId: id,
        changedFields: ['passportNumber'],
        ...(reason ? { note: reason } : {}),
      });
      return { passportNumber };
    });
  }
}

function likeEscape(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
