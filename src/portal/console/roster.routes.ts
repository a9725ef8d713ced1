import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from '../../common/errors/app-error';
import { DelegationsService } from '../../delegations/delegations.service';
import { timesView } from '../../localization/local-times';
import { Language } from '../../localization/language';
import { RevealPassportDto } from '../../participants/dto/participant.dto';
import { ParticipantRegistry } from '../../participants/participant-registry.service';
import { EXPORT_FORMATS, LockRosterDto, RosterDiffDto } from '../../rosters/dto/roster.dto';
import { RosterExports } from '../../rosters/roster-export.service';
import { RosterLocking } from '../../rosters/roster-locking.service';
import { RostersService } from '../../rosters/rosters.service';
import { FormState, refusalOf, validate } from '../forms';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { privacyView } from '../person-data.routes';
import { RetentionService } from '../../retention/retention.service';
import { sendRosterDownload } from '../roster-download';
import { namesView, personRow } from '../school/people-view';

const FIELDS = { 'override.reason': 'console.overrideReason' };

/**
 * A delegation's roster in the console: the readiness checks, each linked to the person
 * concerned; locking (with an audited override reason when checks fail); the versions with
 * their hashes, the partner's decision and reason, and what each changed; the export.
 */
export function registerConsoleRoster(router: PortalRouter, app: NestFastifyApplication): void {
  const rosters = app.get(RostersService, { strict: false });
  const locking = app.get(RosterLocking, { strict: false });
  const exports = app.get(RosterExports, { strict: false });
  const delegations = app.get(DelegationsService, { strict: false });
  const retention = app.get(RetentionService, { strict: false });
  const registry = app.get(ParticipantRegistry, { strict: false });
  const { translator } = router;
  const t = (lang: Language, key: string, params?: Record<string, unknown>) =>
    translator.t(lang, `portal.${key}`, params);

  const rosterPage = async (call: PortalCall, form?: FormState) => {
    const d = await delegations.get(call.params.id);
    const [readiness, versions] = await Promise.all([
      rosters.readiness(call.caller, d.id, call.lang),
      rosters.listVersions(call.caller, d.id),
    ]);
    const n = Number(call.query.version);
    const shown = versions.find((v) => v.version === n) ?? versions.at(-1);
    const diff: RosterDiffDto | undefined = shown
      ? await rosters.diff(call.caller, d.id, shown.version, undefined, call.lang)
      : undefined;
    return page(
      'console/roster',
      { key: 'console.rosterOf', params: { title: call.lang === 'zh' ? d.titleZh : d.titleRu } },
      {
        delegation: {
          id: d.id,
          status: t(call.lang, `delegationStatus.${d.status}`),
          lockable: ['closed', 'roster_locked', 'confirmed'].includes(d.status),
        },
        readiness: {
          ready: readiness.ready,
          count: readiness.memberCount,
          checks: readiness.checks.map((check) => ({
            ...check,
            href: check.participantId
              ? `/${call.lang}/console/participants/${check.participantId}`
              : undefined,
          })),
        },
        versions: [...versions].reverse().map((v) => ({
          version: v.version,
          shortHash: v.hash.slice(0, 12),
          hash: v.hash,
          lockedAt: timesView(v.lockedAt),
          count: v.memberCount,
          decision: v.partnerDecision,
          decidedAt: v.partnerDecidedAt ? timesView(v.partnerDecidedAt) : undefined,
          reason: v.rejectionReason,
          override: v.override?.reason,
          shown: v.version === shown?.version,
        })),
        diff: diff && {
          version: shown?.version,
          against: diff.against,
          trip: diff.delegation,
          added: diff.added.map((m) => m.displayName),
          removed: diff.removed.map((m) => m.displayName),
          changed: diff.changed,
        },
        exports: shown
          ? ['zh', 'ru', 'both'].flatMap((langs) =>
              EXPORT_FORMATS.map((format) => ({
                href: `/${call.lang}/console/delegations/${d.id}/roster/export?format=${format}&lang=${langs}`,
                label: t(call.lang, 'console.exportAs', {
                  format,
                  langs: t(call.lang, `console.exportLangs.${langs}`),
                }),
              })),
            )
          : [],
      },
      { form: form ?? new FormState({}, FIELDS, translator, call.lang), section: 'delegations' },
    );
  };

  router.get('/console/delegations/:id/roster', 'organizer', (call) => rosterPage(call));

  router.post('/console/delegations/:id/roster/lock', 'organizer', async (call) => {
    const reason =
      typeof call.form['override.reason'] === 'string' ? call.form['override.reason'] : '';
    const form = new FormState({ 'override.reason': reason }, FIELDS, translator, call.lang);
    const input = await validate(LockRosterDto, reason.trim() ? { override: { reason } } : {});
    if (!input.ok) return rosterPage(call, form.addFieldErrors(input.errors));
    let locked;
    try {
      locked = await locking.lock(call.caller, call.params.id, input.value, call.lang);
    } catch (error) {
      // ROSTER_NOT_READY lists the failing checks, shown above; the summary says what to do.
      if (error instanceof AppError && error.code === 'ROSTER_NOT_READY') {
        return rosterPage(
          call,
          form.addFieldErrors([
            {
              field: 'override.reason',
              code: 'ROSTER_NOT_READY',
              messageKey: 'portal.console.needOverride',
            },
          ]),
        );
      }
      return rosterPage(call, form.refuse(refusalOf(error)));
    }
    return redirect(`/console/delegations/${call.params.id}/roster`, {
      key: 'console.locked',
      params: { version: locked.version },
    });
  });

  router.get('/console/delegations/:id/roster/export', 'organizer', async (call) => {
    return sendRosterDownload(call, exports, 'organizer', call.lang);
  });

  /** A person as organizers see them: details, consents, and the passport behind a POST. */
  const personPage = async (call: PortalCall, revealed?: string, form?: FormState) => {
    const person = await registry.get(call.caller, call.params.id);
    const row = personRow(person, call.lang, translator);
    return page(
      'console/participant',
      row.names.native,
      {
        person: {
          ...row,
          names: namesView(person.names),
          gender: t(call.lang, `gender.${person.gender}`),
          nationality: t(call.lang, `nationality.${person.nationality}`),
          birthPlace: person.birthPlace,
          guardian: person.guardian,
        },
        consents: person.consents.map((c) => ({
          kind: t(call.lang, `consentKind.${c.kind}`),
          givenAt: c.givenAt.toISOString().slice(0, 10),
          withdrawn: Boolean(c.withdrawnAt),
          version: c.noticeVersion,
        })),
        revealed,
        privacy: privacyView(person, '/console/participants', retention),
      },
      {
        form: form ?? new FormState({}, { reason: 'console.revealReason' }, translator, call.lang),
        section: 'delegations',
      },
    );
  };

  router.get('/console/participants/:id', 'organizer', (call) => personPage(call));

  /**
   * The full passport number, shown on this response only (never kept for a later page,
   * never in a URL); the reveal is audited by the service.
   */
  router.post('/console/participants/:id/reveal', 'organizer', async (call) => {
    const reason = typeof call.form.reason === 'string' ? call.form.reason : '';
    const form = new FormState(
      { reason },
      { reason: 'console.revealReason' },
      translator,
      call.lang,
    );
    const input = await validate(RevealPassportDto, { reason });
    if (!input.ok) return personPage(call, undefined, form.addFieldErrors(input.errors));
    const revealed = await registry.reveal(call.caller, call.params.id, input.value.reason);
    return personPage(call, revealed.passportNumber);
  });
}
