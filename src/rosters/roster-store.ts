import { Injectable } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { ApplicationsService } from '../applications/applications.service';
import { AppError, notFound } from '../common/errors/app-error';
import { Ctx, Tx } from '../database/transactions';
import { DelegationForRoster, DelegationsService } from '../delegations/delegations.service';
import { Language } from '../localization/language';
import { Translator } from '../localization/translator';
import type { Audience as Recipients } from '../notifications/notification-events';
import { NotificationsService } from '../notifications/notifications.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ParticipantsService } from '../participants/participants.service';
import { PassportsService } from '../participants/passports.service';
import { ageOn } from '../participants/age-rules';
import { checkReadiness, ReadinessCheck, ReadinessMember } from './readiness';
import { memberDigest, personFieldsOf, RosterPerson } from './roster-content';
import { byParticipant } from './roster-records';
import { RosterMember } from './roster-member.entity';
import { RosterVersion } from './roster-version.entity';
import { Audience, ListedPerson, RosterView } from './roster-view';

/** Rows per insert and per page read when writing or streaming a roster. */
export const BATCH = 250;

export const notLocked = () => new AppError('ROSTER_NOT_LOCKED');

/**
 * What the roster's use cases share, each in the use case's context: its versions and
 * members (the only place they are read), the roster as the approved people stand now,
 * the readiness checks, the views with names, and the roster's messages.
 */
@Injectable()
export class RosterStore {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly applications: ApplicationsService,
    private readonly participants: ParticipantsService,
    private readonly organizations: OrganizationsService,
    private readonly notifications: NotificationsService,
    private readonly passports: PassportsService,
    private readonly translator: Translator,
  ) {}

  /** 404 for a delegation that does not exist or, for a partner, is not its own. */
  async delegation(ctx: Ctx, id: string): Promise<DelegationForRoster> {
    const delegation = await this.delegations.findForRoster(ctx, id);
    if (!delegation) throw notFound();
    return delegation;
  }

  async latest(ctx: Ctx, id: string) {
    return ctx
      .repo(RosterVersion)
      .findOne({ where: { delegationId: id }, order: { version: 'DESC' } });
  }

  lastApproved(ctx: Ctx, id: string) {
    return ctx.repo(RosterVersion).findOne({
      where: { delegationId: id, partnerDecision: 'approved' },
      order: { version: 'DESC' },
    });
  }

  /** The approved participants as they are now, with what the checks need. */
  async liveRoster(ctx: Ctx, delegation: DelegationForRoster): Promise<ReadinessMember[]> {
    const approved = await this.applications.approvedFor(ctx, delegation.id);
    const facts = await this.participants.rosterFacts(
      ctx,
      approved.map((a) => a.participantId),
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
          chaperoneRole: application.kind === 'chaperone' ? (p.chaperoneRole ?? 'other') : null,
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

  check(delegation: DelegationForRoster, members: ReadinessMember[]) {
    return checkReadiness({ delegation, regime: delegation.regime, members });
  }

  /** 409 with each failing check as a field error: `roster` or `participants.<id>`. */
  notReady(errors: ReadinessCheck[], live: RosterPerson[], lang: Language): AppError {
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

  async decidable(tx: Tx, id: string, n: number) {
    const delegation = await this.delegations.findForRoster(tx, id, { lock: true });
    if (!delegation) throw notFound();
    const version = await this.latest(tx, id);
    if (!version) throw notLocked();
    if (n !== version.version)
      throw new AppError('ROSTER_VERSION_MISMATCH', { version: version.version });
    return { delegation, version };
  }

  /** A locked row; `departureDate` is the version's, for the age the statistics count. */
  memberRow(
    version: { id: string; departureDate: string },
    p: ListedPerson & Pick<ReadinessMember, 'chaperoneRole'>,
  ): RosterMember {
    const id = randomUUID();
    return Object.assign(new RosterMember(), {
      id,
      rosterVersionId: version.id,
      position: p.position,
      participantId: p.participantId,
      applicationId: p.applicationId,
      schoolId: p.schoolId,
      kind: p.kind,
      ...personFieldsOf(p),
      passportEncrypted: p.passportNumber ? this.passports.seal(p.passportNumber, id) : null,
      contentDigest: memberDigest(p),
      erasedAt: null,
      chaperoneRole: p.kind === 'chaperone' ? (p.chaperoneRole ?? 'other') : null,
      ageOnDeparture: ageOn(p.birthDate, version.departureDate),
    });
  }

  async load(ctx: Ctx, versionId: string): Promise<ListedPerson[]> {
    const all: ListedPerson[] = [];
    for await (const batch of this.batches(ctx, versionId)) all.push(...batch);
    return all;
  }

  /** A version's people in list order, a page at a time (keyset on the position). */
  async *batches(ctx: Ctx, versionId: string): AsyncGenerator<ListedPerson[]> {
    for (let after = 0; ;) {
      const rows = await ctx.repo(RosterMember).find({
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
      erased: row.erasedAt !== null,
    };
  }

  /** Names of the schools (and hosts) shown, fetched in one query. */
  async view(
    ctx: Ctx,
    lang: Language,
    people: RosterPerson[],
    audience: Audience = 'organizer',
    organizations: string[] = [],
  ) {
    const names = await this.organizations.namesOf(ctx, [
      ...people.map((p) => p.schoolId),
      ...organizations,
    ]);
    return new RosterView(this.translator, lang, names, audience);
  }

  /** A roster event, in the transaction that caused it; no personal data in it. */
  async notify(
    tx: Tx,
    event: 'roster.locked' | 'roster.approved' | 'roster.rejected' | 'delegation.confirmed',
    delegation: DelegationForRoster,
    version: RosterVersion,
    audience: Recipients,
  ): Promise<void> {
    const partner = (await this.organizations.namesOf(tx, [delegation.hostOrganizationId])).get(
      delegation.hostOrganizationId,
    );
    await this.notifications.emit(tx, {
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
}
