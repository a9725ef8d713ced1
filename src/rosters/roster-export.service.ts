import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { notFound } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { OrganizationsService } from '../organizations/organizations.service';
import { UsersService } from '../users/users.service';
import { ExportFormat } from './dto/roster.dto';
import { csvStream, groupListLayout, xlsxStream } from './export/group-list';
import { RosterMember } from './roster-member.entity';
import { notLocked, RosterStore } from './roster-store';
import { Audience } from './roster-view';

export interface RosterExport {
  stream: Readable;
  filename: string;
  contentType: string;
}

/** The group list for the border, for organizers and the delegation's partners. */
@Injectable()
export class RosterExports {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly translator: Translator,
    private readonly store: RosterStore,
  ) {}

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
    const { delegation, version } = await this.transactions.run(caller, async (tx) => {
      const delegation = await this.delegations.findForRoster(tx, id);
      if (!delegation) throw notFound();
      const version = await this.store.latest(tx, id);
      if (!version) throw notLocked();
      await this.audit.record(tx, {
        action: 'export',
        entityType: 'roster',
        entityId: id,
        changedFields: ['passportNumber'],
        note: `v${version.version} ${format} ${langs.join('+')}`,
      });
      return { delegation, version };
    });
    const ctx = this.transactions.read(caller);
    const schoolIds = await ctx
      .repo(RosterMember)
      .createQueryBuilder('member')
      .select('DISTINCT member.schoolId', 'schoolId')
      .where('member.rosterVersionId = :id', { id: version.id })
      .getRawMany<{ schoolId: string }>();
    const contact = await this.users.get(ctx, version.lockedById);
    const names = await this.organizations.namesOf(ctx, [
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
    const batches = this.store.batches(ctx, version.id);
    const filename = `roster-${id.slice(0, 8)}-v${version.version}.${format}`;
    return format === 'xlsx'
      ? {
          stream: xlsxStream(layout, batches, `v${version.version}`),
          filename,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        }
      : { stream: csvStream(layout, batches), filename, contentType: 'text/csv; charset=utf-8' };
  }
}
