import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FindOptionsWhere, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError } from '../common/errors/app-error';
import { Ctx, Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/errors';
import { HEIHE_ZONE, todayIn } from '../localization/local-times';
import { Consent, CONSENT_KINDS, ConsentKind } from './consent.entity';
import { ConsentText } from './consent-text.entity';
import { ConsentTextDto, CreateConsentTextDto } from './dto/consent-text.dto';

/** Per kind, the versions a standing consent may name; null: any version stands. */
export type AcceptedVersions = Record<ConsentKind, string[] | null>;

/**
 * The versioned texts guardians sign. The current text of a kind is the latest whose
 * `validFrom` has come; a consent stands while not withdrawn and, once a text requiring
 * renewal has come into force, only if it names that text or a later one.
 */
@Injectable()
export class ConsentTextsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: Ctx, today = committeeToday()): Promise<ConsentTextDto[]> {
    const rows = await this.all(ctx);
    const current = new Set(CONSENT_KINDS.map((kind) => currentOf(rows, kind, today)?.id));
    return rows.map((row) => toDto(row, current.has(row.id)));
  }

  /** The text of each kind in force on `today`. */
  async current(
    ctx: Ctx,
    today = committeeToday(),
  ): Promise<Record<ConsentKind, ConsentText | null>> {
    const rows = await this.all(ctx);
    return {
      guardian: currentOf(rows, 'guardian', today),
      cross_border: currentOf(rows, 'cross_border', today),
    };
  }

  /** The texts these consents name, by `kind:version`. */
  async textsOf(ctx: Ctx, consents: Pick<Consent, 'kind' | 'noticeVersion'>[]) {
    const versions = [...new Set(consents.map((c) => c.noticeVersion))];
    const rows = versions.length
      ? await ctx.repo(ConsentText).find({ where: { version: In(versions) } })
      : [];
    return new Map(rows.map((row) => [`${row.kind}:${row.version}`, row]));
  }

  /** Refuses a consent that names no published version of its kind. */
  async assertExists(ctx: Ctx, kind: ConsentKind, version: string): Promise<void> {
    const found = await ctx.repo(ConsentText).exists({ where: { kind, version } });
    if (!found) {
      throw new AppError('VALIDATION_FAILED', {}, [
        { field: 'noticeVersion', code: 'CONSENT_TEXT_UNKNOWN' },
      ]);
    }
  }

  /** Which versions still count, per kind, on `today`. */
  async accepted(ctx: Ctx, today = committeeToday()): Promise<AcceptedVersions> {
    const rows = await this.all(ctx);
    const accepted = (kind: ConsentKind) => {
      const inForce = rows.filter((r) => r.kind === kind && r.validFrom <= today);
      const renewal = inForce.filter((r) => r.requiresRenewal).at(-1);
      if (!renewal) return null;
      // The renewal text and everything published after it, in force or announced.
      return rows
        .filter((r) => r.kind === kind && r.validFrom >= renewal.validFrom)
        .map((r) => r.version);
    };
    return { guardian: accepted('guardian'), cross_border: accepted('cross_border') };
  }

  async create(caller: Caller, input: CreateConsentTextDto): Promise<ConsentTextDto> {
    return this.transactions.run(caller, async (tx) => {
      const row = Object.assign(new ConsentText(), {
        id: randomUUID(),
        kind: input.kind,
        version: input.version,
        zh: input.zh,
        ru: input.ru,
        validFrom: input.validFrom,
        requiresRenewal: input.requiresRenewal ?? false,
        createdById: caller.userId,
      });
      const ofKind = (await this.all(tx)).filter((r) => r.kind === input.kind);
      if (ofKind.some((r) => r.version === input.version)) throw versionTaken();
      const latest = ofKind.at(-1);
      // Strictly later: two texts of a kind never share a first day, so one is in force.
      if (latest && latest.validFrom >= input.validFrom) {
        throw new AppError('VALIDATION_FAILED', {}, [
          {
            field: 'validFrom',
            code: 'CONSENT_TEXT_NOT_LATEST',
            params: { date: latest.validFrom },
          },
        ]);
      }
      try {
        await tx.manager.insert(ConsentText, { ...row });
      } catch (error) {
        // Two organizers publishing the same version at once.
        if (!isUniqueViolation(error)) throw error;
        throw versionTaken();
      }
      await this.audit.record(tx, {
        action: 'publish',
        entityType: 'consent_text',
        entityId: row.id,
        changedFields: row.requiresRenewal ? ['requiresRenewal'] : [],
      });
      const saved = await tx.repo(ConsentText).findOneByOrFail({ id: row.id });
      return toDto(saved, saved.validFrom <= committeeToday());
    });
  }

  /**
   * Where a standing consent of `kind` must hold: not withdrawn, and naming an accepted
   * version when a renewal is in force.
   */
  static standing(
    accepted: AcceptedVersions,
    kind: ConsentKind,
    where: FindOptionsWhere<Consent> = {},
  ): FindOptionsWhere<Consent> {
    const versions = accepted[kind];
    return {
      ...where,
      kind,
      withdrawnAt: IsNull(),
      ...(versions ? { noticeVersion: In(versions) } : {}),
    };
  }

  private all(ctx: Ctx): Promise<ConsentText[]> {
    return ctx.repo(ConsentText).find({
      order: { validFrom: 'ASC', createdAt: 'ASC', kind: 'DESC', id: 'ASC' },
    });
  }
}

/** Whether a consent counts now: not withdrawn, and naming an accepted version. */
export function stands(
  accepted: AcceptedVersions,
  consent: Pick<Consent, 'kind' | 'noticeVersion' | 'withdrawnAt'>,
): boolean {
  if (consent.withdrawnAt) return false;
  const versions = accepted[consent.kind];
  return !versions || versions.includes(consent.noticeVersion);
}

/** Accepts every version: before any text requiring renewal exists. */
export const ANY_VERSION: AcceptedVersions = { guardian: null, cross_border: null };

/** A text comes into force on a day of the committee's calendar (Heihe). */
const committeeToday = () => todayIn(HEIHE_ZONE);

const versionTaken = () =>
  new AppError('VALIDATION_FAILED', {}, [{ field: 'version', code: 'CONSENT_TEXT_EXISTS' }]);

function currentOf(rows: ConsentText[], kind: ConsentKind, today: string): ConsentText | null {
  return rows.filter((r) => r.kind === kind && r.validFrom <= today).at(-1) ?? null;
}

function toDto(row: ConsentText, current: boolean): ConsentTextDto {
  return {
    id: row.id,
    kind: row.kind,
    version: row.version,
    zh: row.zh,
    ru: row.ru,
    validFrom: row.validFrom,
    requiresRenewal: Boolean(row.requiresRenewal),
    current,
    createdAt: row.createdAt,
  };
}
