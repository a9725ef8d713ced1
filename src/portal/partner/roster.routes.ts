import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from '../../common/errors/app-error';
import { DelegationsService } from '../../delegations/delegations.service';
import { timesView } from '../../localization/local-times';
import {
  ApproveRosterDto,
  RejectRosterDto,
  RosterDiffDto,
  RosterMemberDto,
} from '../../rosters/dto/roster.dto';
import { PartnerDecisions } from '../../rosters/partner-decisions.service';
import { RosterExports } from '../../rosters/roster-export.service';
import { RostersService } from '../../rosters/rosters.service';
import { FormState, formToBody, refusalOf, textFields, validate } from '../forms';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { sendRosterDownload } from '../roster-download';

/** The short form of a version's hash, as the page and the e-mails show it. */
const SHORT_HASH = 12;

const FIELDS = {
  checked: 'roster.checkedShort',
  reason: 'roster.rejectReason',
  version: 'roster.version',
  hash: 'roster.hash',
};

/**
 * A delegation's roster for its partner: the current version with its hash, the people
 * (Cyrillic and Latin names first, passports masked), what changed since the version the
 * partner approved last, and the forms to approve exactly this version or send it back.
 */
export function registerPartnerRoster(router: PortalRouter, app: NestFastifyApplication): void {
  const rosters = app.get(RostersService, { strict: false });
  const decisions = app.get(PartnerDecisions, { strict: false });
  const exports = app.get(RosterExports, { strict: false });
  const delegations = app.get(DelegationsService, { strict: false });
  const { translator } = router;

  const rosterPage = async (call: PortalCall, form?: FormState) => {
    const delegation = await delegations.getPublished(call.caller, call.params.id);
    const title = call.lang === 'zh' ? delegation.titleZh : delegation.titleRu;
    let loaded;
    try {
      loaded = await rosters.partnerRosterWithChanges(call.caller, delegation.id, call.lang);
    } catch (error) {
      // Not locked yet: the page says so instead of an error page.
      if (error instanceof AppError && error.code === 'ROSTER_NOT_LOCKED') {
        return page(
          'partner/roster',
          title,
          { delegation: { id: delegation.id, title } },
          { form, section: 'home' },
        );
      }
      throw error;
    }
    const { roster, changes: diff } = loaded;
    const marks = changeMarks(diff);
    const awaiting = roster.delegationStatus === 'roster_locked' && roster.partnerDecision === null;
    return page(
      'partner/roster',
      title,
      {
        delegation: { id: delegation.id, title },
        roster: {
          version: roster.version,
          hash: roster.hash,
          shortHash: roster.hash.slice(0, SHORT_HASH),
          showFullHash: call.query.hash === 'full',
          lockedAt: timesView(roster.lockedAt),
          count: roster.memberCount,
          status: translator.t(call.lang, `portal.delegationStatus.${roster.delegationStatus}`),
          decision: roster.partnerDecision,
          decidedAt: roster.partnerDecidedAt ? timesView(roster.partnerDecidedAt) : undefined,
          rejectionReason: roster.rejectionReason,
          lastApproved: roster.lastApprovedVersion,
          awaiting,
          checkedLabel: translator.t(call.lang, 'portal.roster.checked', {
            count: roster.memberCount,
          }),
        },
        members: roster.members.map((m) => memberView(m, marks)),
        diff: {
          against: diff.against,
          any:
            diff.added.length + diff.removed.length + diff.changed.length + diff.delegation.length >
            0,
          trip: diff.delegation,
          added: diff.added.map((m) => memberView(m, marks)),
          removed: diff.removed.map((m) => memberView(m, marks)),
          changed: diff.changed,
        },
        exportLinks: [
          ['xlsx', 'ru'],
          ['csv', 'ru'],
          ['xlsx', 'both'],
        ].map(([format, langs]) => ({
          href: `/${call.lang}/partner/delegations/${delegation.id}/roster/export?format=${format}&lang=${langs}`,
          label: translator.t(
            call.lang,
            `portal.roster.download.${format}${langs === 'both' ? 'Both' : ''}`,
          ),
        })),
      },
      { form, section: 'home' },
    );
  };

  router.get('/partner/delegations/:id/roster', 'partner', (call) => rosterPage(call));

  router.post('/partner/delegations/:id/roster/approve', 'partner', async (call) => {
    const form = new FormState(
      textFields(call.form, ['reason', 'checked']),
      FIELDS,
      translator,
      call.lang,
    );
    if (call.form.checked !== 'yes') {
      form.addFieldErrors([
        { field: 'checked', code: 'REQUIRED', messageKey: 'portal.roster.checkedRequired' },
      ]);
    }
    const input = await validate(ApproveRosterDto, {
      ...formToBody({ hash: call.form.hash }),
      version: Number(call.form.version),
    });
    if (!input.ok) form.addFieldErrors(input.errors);
    if (form.hasErrors || !input.ok) return rosterPage(call, form);
    try {
      await decisions.approve(call.caller, call.params.id, input.value);
    } catch (error) {
      // ROSTER_VERSION_MISMATCH and the like: said in the summary, above the new version.
      return rosterPage(call, form.refuse(refusalOf(error)));
    }
    return redirect(`/partner/delegations/${call.params.id}/roster`, {
      key: 'roster.approved',
      params: { version: input.value.version },
    });
  });

  router.post('/partner/delegations/:id/roster/reject', 'partner', async (call) => {
    const form = new FormState(
      textFields(call.form, ['reason', 'checked']),
      FIELDS,
      translator,
      call.lang,
    );
    const input = await validate(RejectRosterDto, {
      ...formToBody({ reason: call.form.reason }),
      version: Number(call.form.version),
    });
    if (!input.ok) return rosterPage(call, form.addFieldErrors(input.errors));
    try {
      await decisions.reject(call.caller, call.params.id, input.value);
    } catch (error) {
      return rosterPage(call, form.refuse(refusalOf(error)));
    }
    return redirect(`/partner/delegations/${call.params.id}/roster`, {
      key: 'roster.rejected',
      params: { version: input.value.version },
    });
  });

  /** The group list with full passport numbers: the export is recorded in the audit log. */
  router.get('/partner/delegations/:id/roster/export', 'partner', async (call) => {
    return sendRosterDownload(call, exports, 'partner', 'ru');
  });
}

type Marks = Map<string, 'added' | 'changed'>;

/** Which people of the current version are new or changed since the approved one. */
function changeMarks(diff: RosterDiffDto): Marks {
  const marks: Marks = new Map();
  // With nothing approved before, everyone is "added": no one is highlighted then.
  if (diff.against === null) return marks;
  for (const m of diff.added) marks.set(m.participantId, 'added');
  for (const m of diff.changed) marks.set(m.participantId, 'changed');
  return marks;
}

function memberView(m: RosterMemberDto, marks: Marks) {
  const pair = (p: { family: string; given: string } | null) =>
    p ? `${p.family} ${p.given}` : undefined;
  return {
    id: m.participantId,
    position: m.position,
    cyrillic: pair(m.names.cyrillic),
    latin: pair(m.names.latin),
    native: pair(m.names.native),
    kind: m.kindLabel,
    birthDate: m.birthDate,
    passport: m.passportNumber,
    passportExpiry: m.passportExpiry,
    school: m.schoolName,
    mark: marks.get(m.participantId),
  };
}
