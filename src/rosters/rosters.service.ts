import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { EntityManager, MoreThan, Repository } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service';
import type { Audience as Recipients } from '../notifications/notification-events';
import { ApplicationsService } from '../applications/applications.service';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { DelegationStatus } from '../delegations/delegation-status';
import { DelegationForRoster, DelegationsService } from '../delegations/delegations.service';
import { Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { OrganizationsService } from '../organizations/organizations.service';
import { ParticipantsService } from '../participants/participants.service';
import { PassportsService } from '../participants/passports.service';
import { UsersService } from '../users/users.service';
import {
  AdminRosterDto,
  AdminRosterVersionDto,
  ApproveRosterDto,
  ExportFormat,
  LockedRosterDto,
  LockRosterDto,
  PartnerDecisionDto,
  PartnerRosterDto,
  ReadinessDto,
  RejectRosterDto,
  RosterDiffDto,
  RosterVersionDto,
} from './dto/roster.dto';
import { csvStream, groupListLayout, xlsxStream } from './export/group-list';
import {
  checkReadiness,
  passportValidLongEnough,
  ReadinessCheck,
  ReadinessMember,
} from './readiness';
import { todayUtc } from '../participants/age-rules';
import {
  diffHeaders,
  diffRosters,
  orderRoster,
  personFieldsOf,
  RosterHeader,
  RosterPerson,
  rosterHash,
} from './roster-content';
import { RosterMember } from './roster-member.entity';
import { RosterVersion } from './roster-version.entity';
import { Audience, ListedPerson, RosterView } from './roster-view';

/** A roster is locked once applications are closed, and locked again to make a new version. */
const LOCKABLE: readonly DelegationStatus[] = ['closed', 'roster_locked', 'confirmed'];
/** Rows per insert and per page read when writing or streaming a roster. */
const BATCH = 250;

const notLocked = () => new AppError('ROSTER_NOT_LOCKED');

export interface RosterExport {
  stream: Readable;
  filename: string;
  contentType: string;
}

@Injectable()
export class RostersService {
  constructor(
    @InjectRepository(RosterVersion) private readonly versions: Repository<RosterVersion>,
    @InjectRepository(RosterMember) private readonly members: Repository<RosterMember>,
    private readonly delegations: DelegationsService,
    private readonly applications: ApplicationsService,
    private readonly participants: ParticipantsService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly translator: Translator,
    private readonly notifications: NotificationsService,
    private readonly passports: PassportsService,
  ) {}

  async readiness(id: string, lang: Language): Promise<ReadinessDto> {
    const delegation = await this.delegation(id);
    const live = await this.liveRoster(delegation, this.versions.manager);
    const { ready, checks } = this.check(delegation, live);
    const view = new RosterView(this.translator, lang, new Map());
    const people = byParticipant(live);
    return {
      ready,
      memberCount: live.length,
      checks: checks.map((check) => view.check(check, people)),
    };
  }

  /**
   * Snapshots the approved participants as the next version, refusing while a check fails
   * unless an override reason is given. Moves the delegation to `roster_locked`, which
   * reopens the partner's approval when it was `confirmed`.
   */
  async lock(
    caller: Caller,
    id: string,
    input: LockRosterDto,
    lang: Language,
  ): Promise<LockedRosterDto> {
    const { version, listed } = await this.transactions.run(async (m) => {
      // The row lock queues concurrent locks and decisions on this delegation.
      const delegation = await this.delegations.findForRoster(id, m, { lock: true });
      if (!delegation) throw notFound();
      if (!LOCKABLE.includes(delegation.status)) {
        throw new AppError('ROSTER_NOT_LOCKABLE', { status: delegation.status });
      }
      const live = await this.liveRoster(delegation, m);
      if (!live.length) throw new AppError('ROSTER_EMPTY');
      const current = await this.latest(id, m);
      const hash = rosterHash(id, headerOf(delegation), live);
      // After a rejection (back to `closed`) the same content may be locked again.
      if (current && delegation.status !== 'closed' && current.hash === hash) {
        throw new AppError('ROSTER_UNCHANGED', { version: current.version });
      }
      const errors = this.check(delegation, live).checks.filter((c) => c.severity === 'error');
      if (errors.length && !input.override) throw this.notReady(errors, live, lang);

      const version = m.create(RosterVersion, {
        id: randomUUID(),
        delegationId: id,
        version: (current?.version ?? 0) + 1,
        hash,
        memberCount: live.length,
        ...headerOf(delegation),
        lockedAt: new Date(),
        lockedById: caller.userId,
        overrideReason: errors.length ? input.override!.reason : null,
        overriddenChecks: errors.length ? [...new Set(errors.map((c) => c.code))].join(',') : null,
        partnerDecision: null,
        partnerDecidedAt: null,
        partnerDecidedById: null,
        rejectionReason: null,
      });
      await m.insert(RosterVersion, { ...version });
      const listed = listedOf(live);
      for (let i = 0; i < listed.length; i += BATCH) {
        await m.insert(
          RosterMember,
          listed.slice(i, i + BATCH).map((p) => this.memberRow(version.id, p)),
        );
      }
      await this.audit.record(m, caller, {
        action: 'lock',
        entityType: 'roster',
        entityId: id,
        note:
          `v${version.version} ${hash}` +
          (version.overrideReason
            ? ` override [${version.overriddenChecks}]: ${version.overrideReason}`
            : ''),
      });
      await this.delegations.moveByRoster(m, caller, id, {
        from: delegation.status,
        to: 'roster_locked',
        note: `roster v${version.version}`,
        rosterVersion: version.version,
      });
      await this.notify(m, 'roster.locked', delegation, version, {
        organizationIds: [delegation.hostOrganizationId],
      });
      return { version, listed };
    });
    const view = await this.view(lang, listed);
    return {
      ...adminVersionDto(version, true),
      delegationStatus: 'roster_locked',
      members: listed.map((p) => view.member(p)),
    };
  }

  /**
   * The current version; whether (and how) the trip or the approved people differ from it
   * now; and the checks on the roster as it stands now (a consent withdrawn since).
   */
  async current(id: string, lang: Language): Promise<AdminRosterDto> {
    const delegation = await this.delegation(id);
    const version = await this.latest(id);
    if (!version) throw notLocked();
    const locked = await this.load(version.id);
    const live = await this.liveRoster(delegation, this.versions.manager);
    const changed = rosterHash(id, headerOf(delegation), live) !== version.hash;
    const view = await this.view(lang, [...locked, ...live], 'organizer', [
      version.hostOrganizationId,
      delegation.hostOrganizationId,
    ]);
    const { ready, checks } = this.check(delegation, live);
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

  async listVersions(id: string): Promise<AdminRosterVersionDto[]> {
    await this.delegation(id);
    const rows = await this.versions.find({
      where: { delegationId: id },
      order: { version: 'ASC' },
    });
    return rows.map((row, i) => adminVersionDto(row, i === rows.length - 1));
  }

  /** Version n against another (the one before by default; nothing before version 1). */
  async diff(
    id: string,
    n: number,
    against: number | undefined,
    lang: Language,
  ): Promise<RosterDiffDto> {
    await this.delegation(id);
    const base = against ?? n - 1;
    const [newer, older] = await Promise.all([
      this.versions.findOneBy({ delegationId: id, version: n }),
      base >= 1 ? this.versions.findOneBy({ delegationId: id, version: base }) : null,
    ]);
    if (!newer || (base >= 1 && !older)) throw notFound();
    return this.versionDiff(newer, older ?? undefined, lang, 'organizer');
  }

  /** The current version for the partner of the delegation, names in Cyrillic and Latin first. */
  async partnerRoster(caller: Caller, id: string, lang: Language): Promise<PartnerRosterDto> {
    const delegation = await this.delegation(id, caller);
    const version = await this.latest(id);
    if (!version) throw notLocked();
    const [members, approved] = await Promise.all([this.load(version.id), this.lastApproved(id)]);
    const view = await this.view(lang, members, 'partner');
    return {
      ...versionDto(version, true),
      delegationId: id,
      delegationStatus: delegation.status,
      lastApprovedVersion: approved?.version ?? null,
      members: members.map((p) => view.member(p)),
    };
  }

  /** What changed in the current version since the one this partner last approved. */
  async partnerDiff(caller: Caller, id: string, lang: Language): Promise<RosterDiffDto> {
    await this.delegation(id, caller);
    const version = await this.latest(id);
    if (!version) throw notLocked();
    const approved = await this.lastApproved(id);
    return this.versionDiff(version, approved ?? undefined, lang, 'partner');
  }

  /** People and trip changed from one version to another (from nothing: all added). */
  private async versionDiff(
    newer: RosterVersion,
    older: RosterVersion | undefined,
    lang: Language,
    audience: Audience,
  ): Promise<RosterDiffDto> {
    const [after, before] = await Promise.all([
      this.load(newer.id),
      older ? this.load(older.id) : Promise.resolve([]),
    ]);
    const view = await this.view(lang, [...after, ...before], audience, [
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

  /**
   * The partner approves exactly the current version and its hash; with the organizer's
   * lock on the same version, the delegation is confirmed. Approving it again is a no-op.
   * A version the roster no longer matches (people withdrew, their data or the trip
   * changed) is not approved: the border would get a list that is not the group, an empty
   * one if everyone withdrew. The organizer locks a new version, and that is approved.
   */
  async approve(caller: Caller, id: string, input: ApproveRosterDto): Promise<PartnerDecisionDto> {
    return this.transactions.run(async (m) => {
      const { delegation, version } = await this.decidable(m, caller, id, input.version);
      if (input.hash !== version.hash) {
        throw new AppError('ROSTER_VERSION_MISMATCH', { version: version.version });
      }
      if (delegation.status === 'confirmed' && version.partnerDecision === 'approved') {
        return { ...versionDto(version, true), delegationStatus: delegation.status };
      }
      if (delegation.status !== 'roster_locked') {
        throw new AppError('ROSTER_NOT_AWAITING_APPROVAL', { status: delegation.status });
      }
      const live = await this.liveRoster(delegation, m);
      if (rosterHash(id, headerOf(delegation), live) !== version.hash) {
        throw new AppError('ROSTER_CHANGED_SINCE_LOCK', {
          version: version.version,
          members: live.length,
        });
      }
      Object.assign(version, {
        partnerDecision: 'approved',
        partnerDecidedAt: new Date(),
        partnerDecidedById: caller.userId,
      });
      await m.save(version);
      await this.audit.record(m, caller, {
        action: 'approve',
        entityType: 'roster',
        entityId: id,
        note: `v${version.version} ${version.hash}`,
      });
      await this.delegations.moveByRoster(m, caller, id, {
        from: 'roster_locked',
        to: 'confirmed',
        note: `roster v${version.version} approved by the partner`,
      });
      await this.notify(m, 'roster.approved', delegation, version, { roles: ['organizer'] });
      const schools = (await this.applications.approvedFor(id, m)).map((a) => a.schoolId);
      await this.notify(m, 'delegation.confirmed', delegation, version, {
        organizationIds: [...new Set(schools)],
        roles: ['school_coordinator'],
      });
      return { ...versionDto(version, true), delegationStatus: 'confirmed' };
    });
  }

  /** Sends the current version back to the organizer with the reason; the delegation is `closed` again. */
  async reject(caller: Caller, id: string, input: RejectRosterDto): Promise<PartnerDecisionDto> {
    return this.transactions.run(async (m) => {
      const { delegation, version } = await this.decidable(m, caller, id, input.version);
      if (delegation.status !== 'roster_locked') {
        throw new AppError('ROSTER_NOT_AWAITING_APPROVAL', { status: delegation.status });
      }
      Object.assign(version, {
        partnerDecision: 'rejected',
        partnerDecidedAt: new Date(),
        partnerDecidedById: caller.userId,
        rejectionReason: input.reason,
      });
      await m.save(version);
      await this.audit.record(m, caller, {
        action: 'reject',
        entityType: 'roster',
        entityId: id,
        note: `v${version.version}: ${input.reason}`,
      });
      await this.delegations.moveByRoster(m, caller, id, {
        from: 'roster_locked',
        to: 'closed',
        note: `roster v${version.version} rejected by the partner`,
      });
      await this.notify(m, 'roster.rejected', delegation, version, { roles: ['organizer'] });
      return { ...versionDto(version, true), delegationStatus: 'closed' };
    });
  }

  /**
   * The group list of the current version, passport numbers in full: the export is their
   * purpose. Audited before the first byte leaves; rows are read and written in batches.
   */
  async export(
    caller: Caller,
    id: string,
    format: ExportFormat,
    langs: Language[],
    audience: Audience,
  ): Promise<RosterExport> {
    const { delegation, version } = await this.transactions.run(async (m) => {
      const delegation = await this.delegations.findForRoster(id, m, {
        caller: audience === 'partner' ? caller : undefined,
      });
      if (!delegation) throw notFound();
      const version = await this.latest(id, m);
      if (!version) throw notLocked();
      await this.audit.record(m, caller, {
        action: 'export',
        entityType: 'roster',
        entityId: id,
        changedFields: ['passportNumber'],
        note: `v${version.version} ${format} ${langs.join('+')}`,
      });
      return { delegation, version };
    });
    const schoolIds = await this.members
      .createQueryBuilder('member')
      .select('DISTINCT member.schoolId', 'schoolId')
      .where('member.rosterVersionId = :id', { id: version.id })
      .getRawMany<{ schoolId: string }>();
    const contact = await this.users.get(version.lockedById);
    const names = await this.organizations.namesOf([
      version.hostOrganizationId,
      contact.organizationId,
      ...schoolIds.map((row) => row.schoolId),
    ]);
    const unnamed = { nameZh: '', nameRu: '' };
    const layout = groupListLayout(
      (lang, key) => this.translator.t(lang, key),
      langs,
      audience,
      {
        titleZh: delegation.titleZh,
        titleRu: delegation.titleRu,
        // The trip as locked with this version, which is what the hash covers.
        direction: version.direction,
        departureDate: version.departureDate,
        returnDate: version.returnDate,
        host: names.get(version.hostOrganizationId) ?? unnamed,
        organizer: names.get(contact.organizationId) ?? unnamed,
        contact: contact.email,
        version: version.version,
        hash: version.hash,
        lockedAt: version.lockedAt,
      },
      names,
    );
    const batches = this.batches(version.id);
    const filename = `roster-${id.slice(0, 8)}-v${version.version}.${format}`;
    return format === 'xlsx'
      ? {
          stream: xlsxStream(layout, batches, `v${version.version}`),
          filename,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        }
      : { stream: csvStream(layout, batches), filename, contentType: 'text/csv; charset=utf-8' };
  }

  /** Key rotation: re-encrypts locked passport numbers not under the active key. */
  async reencryptBatch(limit = 200): Promise<number> {
    return this.passports.reencryptStale(this.members, limit);
  }

  /** The approved participants as they are now, with what the checks need. */
  private async liveRoster(
    delegation: DelegationForRoster,
    m: EntityManager,
  ): Promise<ReadinessMember[]> {
    const approved = await this.applications.approvedFor(delegation.id, m);
    const facts = await this.participants.rosterFacts(
      approved.map((a) => a.participantId),
      m,
    );
    return approved.flatMap((application) => {
      const p = facts.get(application.participantId);
      if (!p) return [];
      return [
        {
          participantId: p.id,
          applicationId: application.id,
          schoolId: application.schoolId,
          // The role the place was taken for.
          kind: application.kind,
          ...personFieldsOf(p),
          passportNumber: p.passportNumber,
          hasGuardianConsent: p.hasGuardianConsent,
          hasCrossBorderConsent: p.hasCrossBorderConsent,
          passportConflict: p.passportConflict,
          changedSinceApproval: application.approvedParticipantVersion !== p.version,
        },
      ];
    });
  }

  private check(delegation: DelegationForRoster, members: ReadinessMember[]) {
    return checkReadiness({ delegation, regime: delegation.regime, members });
  }

  /** 409 with each failing check as a field error: `roster` or `participants.<id>`. */
  private notReady(errors: ReadinessCheck[], live: RosterPerson[], lang: Language): AppError {
    const view = new RosterView(this.translator, lang, new Map());
    const people = byParticipant(live);
    return new AppError(
      'ROSTER_NOT_READY',
      { count: errors.length },
      errors.map((check) => ({
        field: check.participantId ? `participants.${check.participantId}` : 'roster',
        code: check.code,
        params: view.checkParams(check, people),
        messageKey: `roster.checks.${check.code}`,
      })),
    );
  }

  /**
   * Each approved participant of an upcoming delegation whose passport expires before
   * the return date plus the regime's margin: the school hears once per passport expiry.
   */
  async remindPassports(now = new Date()): Promise<number> {
    let reminded = 0;
    for (const id of await this.delegations.upcomingIds(todayUtc(now))) {
      await this.transactions.run(async (m) => {
        const delegation = await this.delegations.findForRoster(id, m);
        if (!delegation) return;
        const live = await this.liveRoster(delegation, m);
        const short = passportValidLongEnough({
          delegation,
          regime: delegation.regime,
          members: live,
        });
        if (!short.length) return;
        const members = byParticipant(live);
        const names = await this.participants.readerNames(
          short.map((check) => check.participantId!),
          m,
        );
        for (const check of short) {
          const member = members.get(check.participantId!);
          if (!member) continue;
          reminded += 1;
          await this.notifications.emit(m, {
            event: 'reminder.passport_expiry',
            audience: { organizationIds: [member.schoolId], roles: ['school_coordinator'] },
            dedupeKey: `reminder.passport_expiry:${id}:${member.participantId}:${member.passportExpiry}`,
            data: {
              delegationId: id,
              participantId: member.participantId,
              delegation: { zh: delegation.titleZh, ru: delegation.titleRu },
              participant: names.get(member.participantId) ?? null,
              passportExpiry: String(check.params.expiry),
              requiredUntil: String(check.params.needed),
            },
          });
        }
      });
    }
    return reminded;
  }

  /** A roster event, in the transaction that caused it; no personal data in it. */
  private async notify(
    m: EntityManager,
    event: 'roster.locked' | 'roster.approved' | 'roster.rejected' | 'delegation.confirmed',
    delegation: DelegationForRoster,
    version: RosterVersion,
    audience: Recipients,
  ): Promise<void> {
    const partner = (await this.organizations.namesOf([delegation.hostOrganizationId])).get(
      delegation.hostOrganizationId,
    );
    await this.notifications.emit(m, {
      event,
      audience,
      data: {
        delegationId: delegation.id,
        delegation: { zh: delegation.titleZh, ru: delegation.titleRu },
        partner: partner ? { zh: partner.nameZh, ru: partner.nameRu } : '',
        version: version.version,
        hash: version.hash,
        memberCount: version.memberCount,
        departureDate: delegation.departureDate,
        returnDate: delegation.returnDate,
        reason: version.rejectionReason ?? '',
        link: `/{lang}/delegations/${delegation.id}`,
      },
    });
  }

  private async decidable(m: EntityManager, caller: Caller, id: string, n: number) {
    const delegation = await this.delegations.findForRoster(id, m, { lock: true, caller });
    if (!delegation) throw notFound();
    const version = await this.latest(id, m);
    if (!version) throw notLocked();
    if (n !== version.version)
      throw new AppError('ROSTER_VERSION_MISMATCH', { version: version.version });
    return { delegation, version };
  }

  /** 404 for a delegation that does not exist or, for a partner, is not its own. */
  private async delegation(id: string, caller?: Caller): Promise<DelegationForRoster> {
    const delegation = await this.delegations.findForRoster(id, this.versions.manager, { caller });
    if (!delegation) throw notFound();
    return delegation;
  }

  private async latest(id: string, m: EntityManager = this.versions.manager) {
    return m.findOne(RosterVersion, { where: { delegationId: id }, order: { version: 'DESC' } });
  }

  private lastApproved(id: string) {
    return this.versions.findOne({
      where: { delegationId: id, partnerDecision: 'approved' },
      order: { version: 'DESC' },
    });
  }

  private memberRow(versionId: string, p: ListedPerson): RosterMember {
    const id = randomUUID();
    return this.members.create({
      id,
      rosterVersionId: versionId,
      position: p.position,
      participantId: p.participantId,
      applicationId: p.applicationId,
      schoolId: p.schoolId,
      kind: p.kind,
      ...personFieldsOf(p),
      passportEncrypted: p.passportNumber ? this.passports.seal(p.passportNumber, id) : null,
    });
  }

  private async load(versionId: string): Promise<ListedPerson[]> {
    const all: ListedPerson[] = [];
    for await (const batch of this.batches(versionId)) all.push(...batch);
    return all;
  }

  /** A version's people in list order, a page at a time (keyset on the position). */
  private async *batches(versionId: string): AsyncGenerator<ListedPerson[]> {
    for (let after = 0; ;) {
      const rows = await this.members.find({
        where: { rosterVersionId: versionId, position: MoreThan(after) },
        order: { position: 'ASC' },
        take: BATCH,
      });
      if (!rows.length) return;
      yield rows.map((row) => this.person(row));
      after = rows[rows.length - 1].position;
    }
  }

  private person(row: RosterMember): ListedPerson {
    return {
      position: row.position,
      participantId: row.participantId,
      applicationId: row.applicationId,
      schoolId: row.schoolId,
      kind: row.kind,
      ...personFieldsOf(row),
      passportNumber: row.passportEncrypted
        ? this.passports.open(row.passportEncrypted, row.id)
        : null,
    };
  }

  /** Names of the schools (and hosts) shown, fetched in one query. */
  private async view(
    lang: Language,
    people: RosterPerson[],
    audience: Audience = 'organizer',
    organizations: string[] = [],
  ) {
    const names = await this.organizations.namesOf([
      ...people.map((p) => p.schoolId),
      ...organizations,
    ]);
    return new RosterView(this.translator, lang, names, audience);
  }
}

function byParticipant<T extends RosterPerson>(people: T[]): Map<string, T> {
  return new Map(people.map((p) => [p.participantId, p]));
}

function headerOf(source: RosterHeader): RosterHeader {
  return {
    direction: source.direction,
    departureDate: source.departureDate,
    returnDate: source.returnDate,
    hostOrganizationId: source.hostOrganizationId,
  };
}

function listedOf(people: RosterPerson[]): ListedPerson[] {
  return orderRoster(people).map((p, i) => ({ ...p, position: i + 1 }));
}

function versionDto(row: RosterVersion, current: boolean): RosterVersionDto {
  return {
    version: row.version,
    hash: row.hash,
    lockedAt: row.lockedAt,
    memberCount: row.memberCount,
    current,
    partnerDecision: row.partnerDecision,
    partnerDecidedAt: row.partnerDecidedAt,
    rejectionReason: row.rejectionReason,
  };
}

function adminVersionDto(row: RosterVersion, current: boolean): AdminRosterVersionDto {
  return {
    ...versionDto(row, current),
    lockedById: row.lockedById,
    override: row.overrideReason
      ? { reason: row.overrideReason, checks: (row.overriddenChecks ?? '').split(',') }
      : null,
  };
}
