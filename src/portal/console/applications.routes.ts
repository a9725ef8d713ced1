import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApplicationDecisions } from '../../applications/application-decisions.service';
import { APPLICATION_STATUSES, DECISIONS } from '../../applications/application-status';
import { ApplicationsService } from '../../applications/applications.service';
import { planDecisions } from '../../applications/decision-rules';
import { ApplicationDto } from '../../applications/dto/application.dto';
import { AppError } from '../../common/errors/app-error';
import { errorMessage } from '../../common/errors/error-body';
import { Transactions } from '../../database/transactions';
import { DelegationsService } from '../../delegations/delegations.service';
import { Language } from '../../localization/language';
import { isMinorOn } from '../../participants/age-rules';
import { ParticipantsService } from '../../participants/participants.service';
import { FormState, oneOf } from '../forms';
import { OrganizationNames } from '../organization-names';
import { pageNumber, paginationView } from '../pagination';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { placesTaken } from '../school/delegation-view';
import { namesView } from '../school/people-view';

const PAGE_SIZE = 50;
/** The API's batch limit: one confirmation handles at most this many. */
const MAX_SELECTED = 100;
const FIELDS = {
  id: { label: 'market.selection', target: 'id' },
  decision: { label: 'market.decision', target: 'decision' },
  note: 'market.note',
};

/**
 * A delegation's applications for organizers (the "market"): places taken of places,
 * applications grouped by school with their flags, filters in the address; several
 * selected and decided through a confirmation page that says which cannot take the
 * decision and why, then the service's batch with only those that can.
 */
export function registerConsoleApplications(
  router: PortalRouter,
  app: NestFastifyApplication,
): void {
  const applications = app.get(ApplicationsService, { strict: false });
  const decisions = app.get(ApplicationDecisions, { strict: false });
  const delegations = app.get(DelegationsService, { strict: false });
  const participants = app.get(ParticipantsService, { strict: false });
  const schoolNames = app.get(OrganizationNames, { strict: false });
  const transactions = app.get(Transactions, { strict: false });
  const { translator } = router;
  const t = (lang: Language, key: string, params?: Record<string, unknown>) =>
    translator.t(lang, `portal.${key}`, params);

  const reasonOf = (lang: Language, code: AppError['code'], params: Record<string, unknown>) =>
    errorMessage(translator, lang, new AppError(code, params));

  const market = async (call: PortalCall, form?: FormState) => {
    const d = await delegations.get(call.params.id);
    const status = oneOf(call.query.status, APPLICATION_STATUSES);
    const schoolId = typeof call.query.schoolId === 'string' ? call.query.schoolId : undefined;
    const pageNo = pageNumber(call.query.page);
    const list = await applications.listForDelegation(call.caller, d.id, {
      status,
      schoolId: schoolId && /^[0-9a-f-]{36}$/.test(schoolId) ? schoolId : undefined,
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    const ctx = transactions.read(call.caller);
    const [flags, deadline, names, schoolIds] = await Promise.all([
      participants.applicationFlags(
        ctx,
        list.items.map((a) => a.participantId),
      ),
      delegations.passportDeadlineOf(ctx, d),
      schoolNames.namesOf(
        list.items.map((a) => a.schoolId),
        call.lang,
      ),
      applications.schoolIdsOfDelegation(call.caller, d.id),
    ]);
    const filterNames = await schoolNames.namesOf(schoolIds, call.lang);
    const neededUntil = deadline;
    const groups = new Map<string, ReturnType<typeof row>[]>();
    const row = (a: ApplicationDto) => {
      const f = flags.get(a.participantId);
      return {
        id: a.id,
        names: a.names ? namesView(a.names) : undefined,
        kind: t(call.lang, `kind.${a.kind}`),
        status: a.status,
        statusLabel: t(call.lang, `applicationStatus.${a.status}`),
        waitlistPosition: a.waitlistPosition,
        note: a.decisionNote,
        flags: {
          consent: Boolean(f && isMinorOn(f.birthDate, d.departureDate) && !f.guardianConsent),
          passport: Boolean(
            f && neededUntil && (!f.passportExpiry || f.passportExpiry < neededUntil),
          ),
          changed: a.changedSinceApproval,
        },
      };
    };
    for (const a of list.items) {
      const group = groups.get(a.schoolId) ?? [];
      group.push(row(a));
      groups.set(a.schoolId, group);
    }
    return page(
      'console/applications',
      { key: 'market.title', params: { title: call.lang === 'zh' ? d.titleZh : d.titleRu } },
      {
        delegation: { id: d.id, title: call.lang === 'zh' ? d.titleZh : d.titleRu },
        places: placesTaken(d, call.lang, translator),
        schoolFilter: schoolIds
          .map((id) => ({ value: id, text: filterNames.get(id) ?? '', selected: id === schoolId }))
          .sort((a, b) => a.text.localeCompare(b.text)),
        statuses: APPLICATION_STATUSES.map((value) => ({
          value,
          text: t(call.lang, `applicationStatus.${value}`),
          selected: value === status,
        })),
        schools: [...groups.entries()].map(([id, rows]) => ({
          id,
          name: names.get(id) ?? '',
          rows,
        })),
        decisions: DECISIONS.map((value) => ({
          value,
          text: t(call.lang, `market.decide.${value}`),
        })),
        total: list.total,
        pagination: paginationView(
          `/${call.lang}/console/delegations/${d.id}/applications`,
          { status, schoolId },
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { form: form ?? FormState.empty(translator, call.lang), section: 'delegations' },
    );
  };

  router.get('/console/delegations/:id/applications', 'organizer', (call) => market(call));

  /** The confirmation: which of the selected can take the decision, which cannot and why. */
  router.post('/console/delegations/:id/applications/confirm', 'organizer', async (call) => {
    const selected = ids(call);
    const decision = oneOf(call.form.decision, DECISIONS);
    const note = typeof call.form.note === 'string' ? call.form.note.trim().slice(0, 2000) : '';
    const form = new FormState({ note }, FIELDS, translator, call.lang);
    if (selected.length === 0 || selected.length > MAX_SELECTED) {
      form.addFieldErrors([
        {
          field: 'id',
          code: 'REQUIRED',
          messageKey: 'portal.market.selectSome',
          params: { max: MAX_SELECTED },
        },
      ]);
    }
    if (!decision) {
      form.addFieldErrors([
        { field: 'decision', code: 'REQUIRED', messageKey: 'portal.market.chooseDecision' },
      ]);
    }
    if (form.hasErrors || !decision) return market(call, form);
    const d = await delegations.get(call.params.id);
    const found = await applications.someOfDelegation(call.caller, d.id, selected);
    const byId = new Map(found.map((a) => [a.id, a]));
    const items = selected
      .map((id) => byId.get(id))
      .filter((a): a is ApplicationDto => a !== undefined);
    const plan = planDecisions(items, decision, d);
    const named = (id: string) => {
      const a = byId.get(id);
      return a?.names ? namesView(a.names) : undefined;
    };
    return page(
      'console/decide-confirm',
      { key: 'market.confirmTitle' },
      {
        delegation: { id: d.id, title: call.lang === 'zh' ? d.titleZh : d.titleRu },
        decision,
        decisionText: t(call.lang, `market.decide.${decision}`),
        summary: t(call.lang, 'market.canTake', {
          count: plan.able.length,
          selected: selected.length,
        }),
        able: plan.able.map((id) => ({ id, names: named(id) })),
        unable: [
          ...plan.unable.map((u) => ({
            id: u.id,
            names: named(u.id),
            reason: reasonOf(call.lang, u.code, u.params),
          })),
          ...selected
            .filter((id) => !byId.has(id))
            .map((id) => ({ id, names: undefined, reason: reasonOf(call.lang, 'NOT_FOUND', {}) })),
        ],
        note,
      },
      { section: 'delegations' },
    );
  });

  /** The batch with only those that could: all of them, or none (the page says why). */
  router.post('/console/delegations/:id/applications/decide', 'organizer', async (call) => {
    const selected = ids(call);
    const decision = oneOf(call.form.decision, DECISIONS);
    const note = typeof call.form.note === 'string' ? call.form.note.trim().slice(0, 2000) : '';
    const skipped = Number(call.form.skipped ?? 0) || 0;
    if (!decision || selected.length === 0) {
      return redirect(`/console/delegations/${call.params.id}/applications`);
    }
    try {
      await decisions.decideMany(
        call.caller,
        selected.map((id) => ({ id, decision, ...(note ? { note } : {}) })),
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      // Something changed since the confirmation (a place taken meanwhile): nothing done.
      call.request.session.set('decided', {
        delegationId: call.params.id,
        done: 0,
        skipped: skipped + selected.length,
        reason: errorMessage(translator, call.lang, error),
      });
      return redirect(`/console/delegations/${call.params.id}/applications/decided`);
    }
    call.request.session.set('decided', {
      delegationId: call.params.id,
      done: selected.length,
      skipped,
    });
    return redirect(`/console/delegations/${call.params.id}/applications/decided`);
  });

  router.get('/console/delegations/:id/applications/decided', 'organizer', async (call) => {
    const d = await delegations.get(call.params.id);
    const result = call.request.session.get('decided');
    const mine = result?.delegationId === d.id ? result : undefined;
    return page(
      'console/decided',
      { key: 'market.resultTitle' },
      {
        delegation: { id: d.id, title: call.lang === 'zh' ? d.titleZh : d.titleRu },
        recorded: Boolean(mine),
        summary: mine
          ? t(call.lang, 'market.result', { done: mine.done, skipped: mine.skipped })
          : undefined,
        reason: mine?.reason,
      },
      { section: 'delegations' },
    );
  });
}

function ids(call: PortalCall): string[] {
  const raw = call.form.id;
  const list = raw === undefined ? [] : ([] as string[]).concat(raw);
  return [...new Set(list.filter((id) => /^[0-9a-f-]{36}$/.test(id)))];
}
