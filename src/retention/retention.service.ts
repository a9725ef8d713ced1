import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThan } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { AuditService } from '../audit/audit.service';
import { SessionCleanupService } from '../auth/session-cleanup.service';
import { Caller } from '../common/auth/caller';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { Clock } from '../config/clock';
import { Ctx, Transactions, Tx } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { Language } from '../localization/language';
import { NotificationHistoryService } from '../notifications/notification-history.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ERASED_FIELDS, NAME_FIELDS } from '../participants/erasure-rules';
import { ParticipantErasure } from '../participants/participant-erasure.service';
import { RosterErasure } from '../rosters/roster-erasure.service';
import {
  CountByIdDto,
  ErasureDto,
  RetentionCountsDto,
  RetentionPreviewDto,
  RetentionRunDto,
} from './dto/retention.dto';
import { LegalHoldsService } from './legal-holds.service';
import { cutoffsOf, Cutoffs, erasureRefusal, RetentionPolicy, TripFact } from './retention-rules';
import { RetentionRun, RunSource } from './retention-run.entity';

/** A run that has said nothing for this long was killed; the next one takes over. */
const STALE_RUN_MS = 60 * 60_000;

const zeroCounts = (): RetentionCountsDto => ({
  participants: 0,
  rosterCopies: 0,
  auditEntries: 0,
  messages: 0,
  deliveries: 0,
  outbox: 0,
  sessions: 0,
});

/**
 * The data lifecycle (DOMAIN.md): erases the personal fields of people whose purpose has
 * ended, and deletes history past its age, in small transactions; erases one person on
 * request. Every step picks only what is still due, so a run killed midway leaves nothing
 * half-done (each batch commits whole or not at all) and the next run finishes the work.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly participants: ParticipantErasure,
    private readonly rosters: RosterErasure,
    private readonly applications: ApplicationsService,
    private readonly delegations: DelegationsService,
    private readonly organizations: OrganizationsService,
    private readonly history: NotificationHistoryService,
    private readonly sessions: SessionCleanupService,
    private readonly audit: AuditService,
    private readonly holds: LegalHoldsService,
  ) {}

  get policy(): RetentionPolicy {
    const { personalMonths, auditMonths, historyDays, keepNames } = this.config.retention;
    return { personalMonths, auditMonths, historyDays, keepNames };
  }

  /** What a run now would erase and delete: counts per school and delegation, nobody named. */
  async preview(lang: Language = 'zh'): Promise<RetentionPreviewDto> {
    const now = this.clock.now();
    const cutoffs = cutoffsOf(this.policy, now);
    const ctx = this.transactions.read(null);
    const bySchool = new Map<string, number>();
    const due: string[] = [];
    let held = 0;
    for await (const batch of this.dueBatches(ctx, cutoffs, (n) => (held += n))) {
      for (const person of batch) {
        due.push(person.id);
        bySchool.set(person.schoolId, (bySchool.get(person.schoolId) ?? 0) + 1);
      }
    }
    const byDelegation = await this.applications.delegationCounts(ctx, due);
    const [schools, delegations, history, auditEntries] = await Promise.all([
      this.organizations.namesOf(ctx, [...bySchool.keys()]),
      this.delegations.byIds(ctx, [...byDelegation.keys()]),
      this.history.due(ctx, now),
      this.audit.countBefore(ctx, cutoffs.auditBefore),
    ]);
    const rows = (counts: Map<string, number>, name: (id: string) => string): CountByIdDto[] =>
      [...counts]
        .map(([id, count]) => ({ id, name: name(id), count }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return {
      policy: this.policy,
      asOf: now,
      returnedBefore: cutoffs.returnedBefore,
      counts: {
        ...zeroCounts(),
        participants: due.length,
        rosterCopies: await this.rosters.countUnerasedOf(ctx, due),
        auditEntries,
        ...history,
      },
      bySchool: rows(bySchool, (id) => {
        const school = schools.get(id);
        return school ? (lang === 'ru' ? school.nameRu : school.nameZh) : id;
      }),
      byDelegation: rows(byDelegation, (id) => {
        const d = delegations.get(id);
        return d ? (lang === 'ru' ? d.titleRu : d.titleZh) || d.titleZh || d.titleRu : id;
      }),
      held,
    };
  }

  /**
   * One pass: erases every due person, `RETENTION_BATCH_SIZE` per transaction, then
   * deletes audit entries, notification history and sessions past their age. Its record
   * is updated after every batch, so a pass killed midway says how far it got.
   */
  async run(source: RunSource, caller: Caller | null = null): Promise<RetentionRunDto> {
    const now = this.clock.now();
    const cutoffs = cutoffsOf(this.policy, now);
    const read = this.transactions.read(null);
    // Two passes at once (two workers) are safe: each batch locks its people and skips the
    // erased. A pass that never finished was killed; say so.
    await read.repo(RetentionRun).update(
      { status: 'running', startedAt: LessThan(new Date(Date.now() - STALE_RUN_MS)) },
      {
        status: 'failed',
        finishedAt: new Date(),
        lastError: 'interrupted (the process stopped)',
      },
    );

    const run = Object.assign(new RetentionRun(), {
      id: randomUUID(),
      startedAt: new Date(),
      finishedAt: null,
      status: 'running',
      source,
      actorId: caller?.userId ?? null,
      policy: JSON.stringify(this.policy),
      counts: JSON.stringify(zeroCounts()),
      lastError: null,
    });
    await read.repo(RetentionRun).insert({ ...run });
    const counts = zeroCounts();
    const save = (extra: Partial<RetentionRun> = {}) =>
      read.repo(RetentionRun).update({ id: run.id }, { counts: JSON.stringify(counts), ...extra });
    try {
      for await (const batch of this.dueBatches(read, cutoffs)) {
        const erased = await this.transactions.run(caller, (tx) =>
          this.eraseBatch(
            tx,
            batch.map((p) => p.id),
            `retention run ${run.id}`,
            run.id,
          ),
        );
        counts.participants += erased.people;
        counts.rosterCopies += erased.rosterCopies;
        await save();
      }
      counts.auditEntries = await this.audit.prune(
        cutoffs.auditBefore,
        this.config.retention.batchSize,
      );
      Object.assign(counts, await this.history.prune(now, this.config.retention.batchSize));
      counts.sessions = (await this.sessions.purge()).sessions;
      await this.checkpoint();
      await save({ status: 'done', finishedAt: new Date() });
      this.logger.log(
        `Retention run ${run.id}: erased ${counts.participants} people (${counts.rosterCopies} roster copies); ` +
          `deleted ${counts.auditEntries} audit entries, ${counts.messages} messages, ${counts.deliveries} deliveries, ` +
          `${counts.outbox} outbox rows, ${counts.sessions} sessions`,
      );
    } catch (error) {
      await save({
        status: 'failed',
        finishedAt: new Date(),
        // The error's kind only: a database message may quote a row's values.
        lastError: errorKind(error),
      });
      throw error;
    }
    return runDto(await read.repo(RetentionRun).findOneByOrFail({ id: run.id }));
  }

  async lastRun(): Promise<RetentionRunDto | null> {
    const row = await this.transactions
      .read(null)
      .repo(RetentionRun)
      .findOne({ where: {}, order: { startedAt: 'DESC' } });
    return row ? runDto(row) : null;
  }

  async runs(limit = 20): Promise<RetentionRunDto[]> {
    const rows = await this.transactions
      .read(null)
      .repo(RetentionRun)
      .find({ order: { startedAt: 'DESC' }, take: limit });
    return rows.map(runDto);
  }

  /** When the last finished pass ended: the schedule runs once a day. */
  async lastFinishedAt(): Promise<Date | null> {
    const row = await this.transactions
      .read(null)
      .repo(RetentionRun)
      .findOne({ where: { status: 'done' }, order: { startedAt: 'DESC' } });
    return row?.finishedAt ?? null;
  }

  /**
   * Erasure on request (PIPL art. 47, 152-FZ art. 21): the school (its own people) or an
   * organizer erases one person now. Refused while the person is on a roster of a trip
   * that has not returned, has an application still in the running, or is held. Asking
   * again for an erased person answers the same, changing nothing.
   */
  async eraseOnRequest(caller: Caller, id: string): Promise<ErasureDto> {
    const erased = await this.transactions.run(caller, async (tx) => {
      const person = await this.participants.scoped(tx, id);
      if (person.erasedAt) return { participantId: id, erasedAt: person.erasedAt, rosterCopies: 0 };
      const trips = await this.tripsOf(tx, id);
      const hold = await this.holds.holding(tx, id, [...new Set(trips.map((t) => t.delegationId))]);
      if (hold) throw new AppError('PARTICIPANT_ON_LEGAL_HOLD', { reason: hold.reason });
      const refusal = erasureRefusal(trips, cutoffsOf(this.policy, this.clock.now()).today);
      if (refusal?.code === 'PARTICIPANT_ON_UPCOMING_TRIP') {
        const delegation = (await this.delegations.byIds(tx, [refusal.delegationId])).get(
          refusal.delegationId,
        );
        throw new AppError(refusal.code, {
          delegation: delegation
            ? caller.preferredLanguage === 'ru'
              ? delegation.titleRu
              : delegation.titleZh
            : '',
        });
      }
      if (refusal) throw new AppError(refusal.code, { count: refusal.count });
      const done = await this.eraseBatch(tx, [id], 'request');
      return {
        participantId: id,
        erasedAt: (await this.participants.erasedAt(tx, id)) ?? new Date(),
        rosterCopies: done.rosterCopies,
      };
    });
    await this.checkpoint();
    return erased;
  }

  /**
   * SQLite keeps old page images in its write-ahead log until a checkpoint: fold them into
   * the file (where secure_delete has zeroed them) and empty the log.
   */
  private async checkpoint(): Promise<void> {
    const read = this.transactions.read(null);
    if (read.sqlite) await read.manager.query('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /** A person's applications with the trip facts the rules read. */
  async tripsOf(ctx: Ctx, participantId: string): Promise<TripFact[]> {
    const applications = await this.applications.ofParticipant(ctx, participantId);
    const delegations = await this.delegations.byIds(
      ctx,
      applications.map((a) => a.delegationId),
    );
    return applications.flatMap((a) => {
      const d = delegations.get(a.delegationId);
      return d
        ? [
            {
              status: a.status,
              delegationId: d.id,
              delegationStatus: d.status,
              returnDate: d.returnDate,
            },
          ]
        : [];
    });
  }

  /**
   * The due people, a batch at a time: not erased, untouched since the line, and not kept
   * by a trip returning on or after it or by a hold (retention-rules.ts `isDue`). The kept
   * set is read once per pass; it is bounded by the trips of the last policy period.
   */
  private async *dueBatches(ctx: Ctx, cutoffs: Cutoffs, onHeld?: (n: number) => void) {
    const holds = await this.holds.active(ctx);
    const recent = await this.delegations.idsReturningFrom(ctx, cutoffs.returnedBefore);
    const keptByTrips = await this.applications.participantIdsIn(ctx, recent);
    const held = await this.applications.participantIdsIn(ctx, [...holds.delegationIds]);
    for (const id of holds.participantIds) held.add(id);
    const size = this.config.retention.batchSize;
    const pending: { id: string; schoolId: string }[] = [];
    for (let after = ''; ;) {
      const page = await this.participants.unerasedPage(ctx, {
        before: cutoffs.changedBefore,
        afterId: after,
        limit: size * 4,
      });
      for (const row of page.rows) {
        if (keptByTrips.has(row.id)) continue;
        if (held.has(row.id)) onHeld?.(1);
        else pending.push(row);
      }
      while (pending.length >= size) yield pending.splice(0, size);
      if (!page.last) {
        if (pending.length) yield pending.splice(0);
        return;
      }
      after = page.last;
    }
  }

  /**
   * Erases these people in the caller's transaction: the participant, every locked roster
   * copy, their own words on applications, and the names in the events about them; one
   * audit entry says who asked, under which policy, and how many.
   */
  private async eraseBatch(tx: Tx, ids: string[], why: string, runId?: string) {
    const keepNames = this.policy.keepNames;
    const names = await this.participants.erase(tx, ids, keepNames);
    const erasedIds = [...names.keys()];
    const rosterCopies = await this.rosters.eraseMembersOf(tx, erasedIds, keepNames);
    await this.applications.forgetMotivations(tx, erasedIds);
    await this.history.forgetParticipants(tx, names);
    const policy = this.policy;
    const fields = [...ERASED_FIELDS, ...(keepNames ? [] : NAME_FIELDS), 'application.motivation'];
    if (runId) {
      await this.audit.record(tx, {
        action: 'erase',
        entityType: 'retention_run',
        entityId: runId,
        changedFields: fields,
        note: `${erasedIds.length} people, ${rosterCopies} roster copies; policy: personal data ${policy.personalMonths} months after return, names ${keepNames ? 'kept' : 'as initials'}`,
      });
    } else {
      for (const id of erasedIds) {
        await this.audit.record(tx, {
          action: 'erase',
          entityType: 'participant',
          entityId: id,
          changedFields: fields,
          note: `${why}; ${rosterCopies} roster copies`,
        });
      }
    }
    return { people: erasedIds.length, rosterCopies };
  }
}

function errorKind(error: unknown): string {
  const { code, name } = error as { code?: unknown; name?: unknown };
  return [name, code].filter((part) => typeof part === 'string' && part).join(' ') || 'Error';
}

function runDto(row: RetentionRun): RetentionRunDto {
  return {
    id: row.id,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    status: row.status,
    source: row.source,
    policy: JSON.parse(row.policy) as RetentionPolicy,
    counts: row.counts ? (JSON.parse(row.counts) as RetentionCountsDto) : null,
    lastError: row.lastError,
  };
}
