import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationsService } from '../applications/applications.service';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { Transactions } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { BLAGOVESHCHENSK_ZONE, HEIHE_ZONE, readableTime } from '../localization/local-times';
import { HTML_LANG, Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { NotificationHistoryService } from '../notifications/notification-history.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ConsentTextsService } from '../participants/consent-texts.service';
import { ParticipantRegistry } from '../participants/participant-registry.service';
import { RosterErasure } from '../rosters/roster-erasure.service';
import { DataExportDto } from './dto/data-export.dto';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionService } from './retention.service';

/**
 * A person's copy of everything held about them (PIPL art. 45, 152-FZ art. 14): their
 * record with the passport number in full, each consent with the exact text agreed to,
 * their applications, the locked rosters they are on, the messages sent about them (what
 * and when, never to whom), and the audit entries about them. Nothing of another person.
 * The disclosure itself is audited.
 */
@Injectable()
export class DataExportService {
  private readonly page = Handlebars.compile<Record<string, unknown>>(
    readFileSync(join(__dirname, 'views', 'data-export.hbs'), 'utf8'),
  );

  constructor(
    private readonly transactions: Transactions,
    private readonly registry: ParticipantRegistry,
    private readonly texts: ConsentTextsService,
    private readonly applications: ApplicationsService,
    private readonly delegations: DelegationsService,
    private readonly organizations: OrganizationsService,
    private readonly rosters: RosterErasure,
    private readonly history: NotificationHistoryService,
    private readonly audit: AuditService,
    private readonly holds: LegalHoldsService,
    private readonly retention: RetentionService,
    private readonly translator: Translator,
  ) {}

  async build(caller: Caller, id: string): Promise<DataExportDto> {
    // 404 for another school's person, before anything is read or recorded.
    const person = await this.registry.get(caller, id);
    const passportNumber = person.passportNumber
      ? (await this.registry.reveal(caller, id, 'data export (copy for the person)')).passportNumber
      : null;
    const ctx = this.transactions.read(caller);
    const [applications, appearances, deliveries, consentTexts, school] = await Promise.all([
      this.applications.ofParticipant(ctx, id),
      this.rosters.appearancesOf(ctx, id),
      this.history.deliveriesAbout(ctx, id),
      this.texts.textsOf(ctx, person.consents),
      this.organizations.namesOf(ctx, [person.schoolId]),
    ]);
    const delegations = await this.delegations.byIds(ctx, [
      ...applications.map((a) => a.delegationId),
      ...appearances.map((r) => r.delegationId),
    ]);
    const trip = (delegationId: string) => {
      const d = delegations.get(delegationId);
      return d
        ? {
            id: d.id,
            titleZh: d.titleZh,
            titleRu: d.titleRu,
            direction: d.direction,
            departureDate: d.departureDate,
            returnDate: d.returnDate,
          }
        : null;
    };
    const hold = await this.holds.holding(ctx, id, [...delegations.keys()]);
    await this.transactions.run(caller, (tx) =>
      this.audit.record(tx, {
        action: 'export',
        entityType: 'participant',
        entityId: id,
        changedFields: ['dataExport'],
      }),
    );
    const audit = await this.audit.about(ctx, [id, ...applications.map((a) => a.id)]);
    const { consents, ...record } = person;
    return {
      generatedAt: new Date(),
      school: school.get(person.schoolId) ?? null,
      person: { ...record, passportNumber },
      consents: consents.map((consent) => {
        const text = consentTexts.get(`${consent.kind}:${consent.noticeVersion}`);
        return {
          ...consent,
          text: text
            ? { version: text.version, validFrom: text.validFrom, zh: text.zh, ru: text.ru }
            : null,
        };
      }),
      applications: applications.map((a) => ({
        id: a.id,
        delegation: trip(a.delegationId),
        kind: a.kind,
        status: a.status,
        motivation: a.motivation,
        decisionNote: a.decisionNote,
        submittedAt: a.submittedAt,
        decidedAt: a.decidedAt,
        withdrawnAt: a.withdrawnAt,
      })),
      rosterVersions: appearances.map((r) => ({ ...r, delegation: trip(r.delegationId) })),
      deliveries,
      audit: audit.map((entry) => ({
        at: entry.at,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        changedFields: entry.changedFields,
        byOrganizationId: entry.organizationId,
      })),
      retention: {
        policy: this.retention.policy,
        erasedAt: person.erasedAt,
        legalHold: hold ? { reason: hold.reason, since: hold.createdAt } : null,
      },
    };
  }

  /**
   * The same as a document to print or hand over, in `lang` (the family's by default);
   * `back` is where a link above it (not printed) returns to, from the portal.
   */
  async html(caller: Caller, id: string, lang?: Language, back?: string): Promise<string> {
    const data = await this.build(caller, id);
    const language: Language = lang ?? (data.person.nationality === 'RU' ? 'ru' : 'zh');
    const t = (key: string, params?: Record<string, unknown>) =>
      this.translator.t(language, `privacy.export.${key}`, params);
    const label = (key: string) => this.translator.t(language, key);
    const when = (instant: Date | string | null) =>
      instant
        ? `${readableTime(new Date(instant), language === 'ru' ? BLAGOVESHCHENSK_ZONE : HEIHE_ZONE)}`
        : '';
    const title = (d: { titleZh: string; titleRu: string } | null) =>
      d ? (language === 'ru' ? d.titleRu || d.titleZh : d.titleZh || d.titleRu) : '';
    const p = data.person;
    const pair = (n: { family: string; given: string } | null) =>
      n ? `${n.family} ${n.given}` : '';
    const rows: [string, string | null][] = [
      [t('fields.nativeName'), pair(p.names.native)],
      [t('fields.latinName'), pair(p.names.latin)],
      [t('fields.cyrillicName'), pair(p.names.cyrillic)],
      [t('fields.chineseName'), pair(p.names.chinese)],
      [t('fields.kind'), label(`portal.kind.${p.kind}`)],
      [t('fields.nationality'), label(`portal.nationality.${p.nationality}`)],
      [t('fields.gender'), label(`portal.gender.${p.gender}`)],
      [t('fields.birthDate'), p.erasedAt ? p.birthDate.slice(0, 4) : p.birthDate],
      [t('fields.birthPlace'), p.birthPlace],
      [t('fields.passportNumber'), p.passportNumber],
      [t('fields.passportExpiry'), p.passportExpiry],
      [
        t('fields.guardian'),
        p.guardian ? `${p.guardian.name} (${p.guardian.relation}) ${p.guardian.phone}` : null,
      ],
      [t('fields.emergencyContact'), p.emergencyContact],
      [t('fields.phone'), p.phone],
      [t('fields.email'), p.email],
      [
        t('fields.school'),
        data.school ? (language === 'ru' ? data.school.nameRu : data.school.nameZh) : '',
      ],
      [t('fields.registered'), when(p.createdAt)],
    ];
    return this.page({
      lang: HTML_LANG[language],
      back: back ? { href: back, text: t('back') } : null,
      title: t('title'),
      intro: t('intro', { at: when(data.generatedAt) }),
      erased: p.erasedAt ? t('erased', { at: when(p.erasedAt) }) : null,
      hold: data.retention.legalHold
        ? t('hold', { reason: data.retention.legalHold.reason })
        : null,
      policy: t('policy', { months: data.retention.policy.personalMonths }),
      headings: {
        person: t('sections.person'),
        consents: t('sections.consents'),
        applications: t('sections.applications'),
        rosters: t('sections.rosters'),
        deliveries: t('sections.deliveries'),
        audit: t('sections.audit'),
        none: t('none'),
      },
      cols: {
        field: t('cols.field'),
        value: t('cols.value'),
        delegation: t('cols.delegation'),
        status: t('cols.status'),
        dates: t('cols.dates'),
        version: t('cols.version'),
        hash: t('cols.hash'),
        at: t('cols.at'),
        action: t('cols.action'),
        channel: t('cols.channel'),
        event: t('cols.event'),
      },
      personRows: rows.map(([field, value]) => ({ field, value: value || '—' })),
      consents: data.consents.map((c) => ({
        heading: t('consent', {
          kind: label(`portal.consentKind.${c.kind}`),
          version: c.noticeVersion,
        }),
        given: t('consentGiven', { by: c.givenBy, relation: c.relation, at: when(c.givenAt) }),
        withdrawn: c.withdrawnAt ? t('consentWithdrawn', { at: when(c.withdrawnAt) }) : null,
        paragraphs: (c.text ? c.text[language] : t('textMissing')).split(/\n\s*\n/),
      })),
      applications: data.applications.map((a) => ({
        delegation: title(a.delegation),
        dates: a.delegation ? `${a.delegation.departureDate} — ${a.delegation.returnDate}` : '',
        status: label(`portal.applicationStatus.${a.status}`),
        at: when(a.submittedAt),
      })),
      rosters: data.rosterVersions.map((r) => ({
        delegation: title(r.delegation),
        version: r.version,
        hash: r.hash,
        at: when(r.lockedAt),
      })),
      deliveries: data.deliveries.map((d) => ({
        at: when(d.createdAt),
        event: d.event,
        channel: d.channel,
        status: d.status,
      })),
      audit: data.audit.map((a) => ({
        at: when(a.at),
        action: a.action,
        what: `${a.entityType}${a.changedFields.length ? `: ${a.changedFields.join(', ')}` : ''}`,
      })),
    });
  }
}
