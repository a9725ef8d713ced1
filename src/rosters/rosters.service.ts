import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { notFound } from '../common/errors/app-error';
import { Ctx, Transactions } from '../database/transactions';
import { Language } from '../localization/language';
import { PassportsService } from '../participants/passports.service';
import {
  AdminRosterDto,
  AdminRosterVersionDto,
  PartnerRosterDto,
  ReadinessDto,
  RosterDiffDto,
} from './dto/roster.dto';
import { diffHeaders, diffRosters } from './roster-content';
import { RosterMember } from './roster-member.entity';
import { adminVersionDto, byParticipant, headerOf, listedOf, versionDto } from './roster-records';
import { rosterHash, schemeOf } from './roster-content';
import { notLocked, RosterStore } from './roster-store';
import { PartnerDecision, RosterVersion } from './roster-version.entity';
import { Audience, RosterView } from './roster-view';
import { Translator } from '../localization/translator';

/** The roster as organizers and partners read it: checks, versions, what changed. */
/** Where a delegation's roster stands for its partner. */
export interface PartnerRosterState {
  /** The current (latest) version. */
  version: number;
  /** The partner's decision on the current version, if any. */
  decision: PartnerDecision | null;
  /** The last version the partner approved. */
  approved: number | null;
}

@Injectable()
export class RostersService {
  constructor(
    @InjectRepository(RosterMember) private readonly members: Repository<RosterMember>,
    private readonly store: RosterStore,
    private readonly transactions: Transactions,
    private readonly passports: PassportsService,
    private readonly translator: Translator,
  ) {}

  async readiness(caller: Caller, id: string, lang: Language): Promise<ReadinessDto> {
    const ctx = this.transactions.read(caller);
    const delegation = await this.store.delegation(ctx, id);
    const live = await this.store.liveRoster(ctx, delegation);
    const { ready, checks } = this.store.check(delegation, live);
    const view = new RosterView(this.translator, lang, new Map());
    const people = byParticipant(live);
    return {
      ready,
      memberCount: live.length,
      checks: checks.map((check) => view.check(check, people)),
    };
  }

  /**
   * The current version; whether (and how) the trip or the approved people differ from it
   * now; and the checks on the roster as it stands now (a consent withdrawn since).
   */
  async current(caller: Caller, id: string, lang: Language): Promise<AdminRosterDto> {
    const ctx = this.transactions.read(caller);
    const delegation = await this.store.delegation(ctx, id);
    const version = await this.store.latest(ctx, id);
    if (!version) throw notLocked();
    const locked = await this.store.load(ctx, version.id);
    const live = await this.store.liveRoster(ctx, delegation);
    const changed = rosterHash(id, headerOf(delegation), live, schemeOf(version)) !== version.hash;
    const view = await this.store.view(ctx, lang, [...locked, ...live], 'organizer', [
      version.hostOrganizationId,
      delegation.hostOrganizationId,
    ]);
    const { ready, checks } = this.store.check(delegation, live);
    const people = byParticipant(live);
    return {
      ...adminVersionDto(version, true),
      delegationStatus: delegation.status,
      changed,
      changes: changed
        ? view.diff(
            diffRosters(locked, listedOf(live)),
            diffHeaders(headerOf(version), headerOf(delegation)),
            null,
            version.version,
          )
        : null,
      readiness: {
        ready,
        memberCount: live.length,
        checks: checks.map((check) => view.check(check, people)),
      },
      members: locked.map((p) => view.member(p)),
    };
  }

  async listVersions(caller: Caller, id: string): Promise<AdminRosterVersionDto[]> {
    const ctx = this.transactions.read(caller);
    await this.store.delegation(ctx, id);
    const rows = await ctx.repo(RosterVersion).find({
      where: { delegationId: id },
      order: { version: 'ASC' },
    });
    return rows.map((row, i) => adminVersionDto(row, i === rows.length - 1));
  }

  /** Version n against another (the one before by default; nothing before version 1). */
  async diff(
    caller: Caller,
    id: string,
    n: number,
    against: number | undefined,
    lang: Language,
  ): Promise<RosterDiffDto> {
    const ctx = this.transactions.read(caller);
    await this.store.delegation(ctx, id);
    const base = against ?? n - 1;
    const versions = ctx.repo(RosterVersion);
    const [newer, older] = await Promise.all([
      versions.findOneBy({ delegationId: id, version: n }),
      base >= 1 ? versions.findOneBy({ delegationId: id, version: base }) : null,
    ]);
    if (!newer || (base >= 1 && !older)) throw notFound();
    return this.versionDiff(ctx, newer, older ?? undefined, lang, 'organizer');
  }

  /** The current version for the partner of the delegation, names in Cyrillic and Latin first. */
  async partnerRoster(caller: Caller, id: string, lang: Language): Promise<PartnerRosterDto> {
    const ctx = this.transactions.read(caller);
    const delegation = await this.store.delegation(ctx, id);
    const version = await this.store.latest(ctx, id);
    if (!version) throw notLocked();
    const [members, approved] = await Promise.all([
      this.store.load(ctx, version.id),
      this.store.lastApproved(ctx, id),
    ]);
    const view = await this.store.view(ctx, lang, members, 'partner');
    return {
      ...versionDto(version, true),
      delegationId: id,
      delegationStatus: delegation.status,
      lastApprovedVersion: approved?.version ?? null,
      members: members.map((p) => view.member(p)),
    };
  }

  /**
   * For a partner's list of delegations (ids it may see): each one's current version, the
   * partner's decision on it, and the last version it approved. One query for the list.
   */
  async partnerStates(caller: Caller, ids: string[]): Promise<Map<string, PartnerRosterState>> {
    const states = new Map<string, PartnerRosterState>();
    if (ids.length === 0) return states;
    const rows = await this.transactions
      .read(caller)
      .repo(RosterVersion)
      .find({
        where: { delegationId: In(ids) },
        select: { delegationId: true, version: true, partnerDecision: true },
        order: { version: 'ASC' },
      });
    for (const row of rows) {
      const state = states.get(row.delegationId) ?? { version: 0, decision: null, approved: null };
      state.version = row.version;
      state.decision = row.partnerDecision;
      if (row.partnerDecision === 'approved') state.approved = row.version;
      states.set(row.delegationId, state);
    }
    return states;
  }

  /**
   * The partner's page in one read: the current version (as `partnerRoster`) and what
   * changed since the version it approved last (as `partnerDiff`), each version's people
   * loaded once.
   */
  async partnerRosterWithChanges(
    caller: Caller,
    id: string,
    lang: Language,
  ): Promise<{ roster: PartnerRosterDto; changes: RosterDiffDto }> {
    const ctx = this.transactions.read(caller);
    const delegation = await this.store.delegation(ctx, id);
    const version = await this.store.latest(ctx, id);
    if (!version) throw notLocked();
    const approved = await this.store.lastApproved(ctx, id);
    const [after, before] = await Promise.all([
      this.store.load(ctx, version.id),
      approved ? this.store.load(ctx, approved.id) : Promise.resolve([]),
    ]);
    const view = await this.store.view(ctx, lang, [...after, ...before], 'partner', [
      version.hostOrganizationId,
      ...(approved ? [approved.hostOrganizationId] : []),
    ]);
    return {
      roster: {
        ...versionDto(version, true),
        delegationId: id,
        delegationStatus: delegation.status,
        lastApprovedVersion: approved?.version ?? null,
        members: after.map((p) => view.member(p)),
      },
      changes: view.diff(
        diffRosters(before, after),
        approved ? diffHeaders(headerOf(approved), headerOf(version)) : [],
        version.version,
        approved?.version ?? null,
      ),
    };
  }

  /** What changed in the current version since the one this partner last approved. */
  async partnerDiff(caller: Caller, id: string, lang: Language): Promise<RosterDiffDto> {
    const ctx = this.transactions.read(caller);
    await this.store.delegation(ctx, id);
    const version = await this.store.latest(ctx, id);
    if (!version) throw notLocked();
    const approved = await this.store.lastApproved(ctx, id);
    return this.versionDiff(ctx, version, approved ?? undefined, lang, 'partner');
  }

  /** People and trip changed from one version to another (from nothing: all added). */
  private async versionDiff(
    ctx: Ctx,
    newer: RosterVersion,
    older: RosterVersion | undefined,
    lang: Language,
    audience: Audience,
  ): Promise<RosterDiffDto> {
    const [after, before] = await Promise.all([
      this.store.load(ctx, newer.id),
      older ? this.store.load(ctx, older.id) : Promise.resolve([]),
    ]);
    const view = await this.store.view(ctx, lang, [...after, ...before], audience, [
      newer.hostOrganizationId,
      ...(older ? [older.hostOrganizationId] : []),
    ]);
    return view.diff(
      diffRosters(before, after),
      older ? diffHeaders(headerOf(older), headerOf(newer)) : [],
      newer.version,
      older?.version ?? null,
    );
  }

  /** Key rotation: re-encrypts locked passport numbers not under the active key. */
  async reencryptBatch(limit = 200): Promise<number> {
    return this.passports.reencryptStale(this.members, limit);
  }
}
