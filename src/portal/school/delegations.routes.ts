import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApplicationsService } from '../../applications/applications.service';
import { CreateApplicationDto } from '../../applications/dto/application.dto';
import { Eligibility, SchoolApplications } from '../../applications/school-applications.service';
import { AppError, FieldError } from '../../common/errors/app-error';
import { errorMessage } from '../../common/errors/error-body';
import { ErrorCode } from '../../common/errors/error-codes';
import { DelegationsService } from '../../delegations/delegations.service';
import { Language } from '../../localization/language';
import { Translator } from '../../localization/translator';
import { NamesDto } from '../../participants/dto/participant.dto';
import { FormState, validate } from '../forms';
import { pageNumber, paginationView } from '../pagination';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { delegationView, descriptionView } from './delegation-view';
import { namesView } from './people-view';

const PAGE_SIZE = 20;
const APPLY_PAGE_SIZE = 50;
/** More than any delegation has places (a group is at most 50 under the default regime). */
const MAX_SELECTED = 100;
const APPLY_FIELDS = {
  participantId: { label: 'apply.people', target: 'participantId' },
  motivation: 'apply.motivation',
};

/** Delegations a school may see, and applying several of its people to one. */
export function registerSchoolDelegations(router: PortalRouter, app: NestFastifyApplication): void {
  const delegations = app.get(DelegationsService, { strict: false });
  const school = app.get(SchoolApplications, { strict: false });
  const applications = app.get(ApplicationsService, { strict: false });
  const { translator } = router;

  router.get('/school/delegations', 'school_coordinator', async (call) => {
    const pageNo = pageNumber(call.query.page);
    const list = await delegations.listPublished(call.caller, {
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    return page(
      'school/delegations',
      { key: 'delegations.title' },
      {
        delegations: list.items.map((d) => delegationView(d, call.lang, translator)),
        pagination: paginationView(
          `/${call.lang}/school/delegations`,
          {},
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { section: 'delegations' },
    );
  });

  router.get('/school/delegations/:id', 'school_coordinator', async (call) => {
    const delegation = await delegations.getPublished(call.caller, call.params.id);
    const own = await applications.list(call.caller, {
      delegationId: delegation.id,
      page: 1,
      pageSize: 100,
    });
    return page(
      'school/delegation',
      call.lang === 'zh' ? delegation.titleZh : delegation.titleRu,
      {
        delegation: delegationView(delegation, call.lang, translator),
        description: descriptionView(delegation, call.lang),
        applications: own.items.map((a) => ({
          id: a.id,
          names: a.names && namesView(a.names),
          status: a.status,
        })),
      },
      { section: 'delegations' },
    );
  });

  /**
   * The people to choose from, those who cannot apply with the reason: the ones who can
   * first, 50 a page (a school may have thousands), narrowed by a name in any script.
   */
  const applyPage = async (call: PortalCall, form: FormState) => {
    const delegation = await delegations.getPublished(call.caller, call.params.id);
    const q = typeof call.query.q === 'string' ? call.query.q.trim().slice(0, 100) : '';
    const pageNo = pageNumber(call.query.page);
    const people = (await school.eligibility(call.caller, delegation.id)).filter((p) =>
      namesMatch(p.names, q),
    );
    const eligible = people.filter((p) => p.eligible);
    const ordered = [...eligible, ...people.filter((p) => !p.eligible)];
    const shown = ordered.slice((pageNo - 1) * APPLY_PAGE_SIZE, pageNo * APPLY_PAGE_SIZE);
    const path = `/${call.lang}/school/delegations/${delegation.id}/apply`;
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (pageNo > 1) query.set('page', String(pageNo));
    return page(
      'school/apply',
      {
        key: 'apply.title',
        params: { title: call.lang === 'zh' ? delegation.titleZh : delegation.titleRu },
      },
      {
        delegation: delegationView(delegation, call.lang, translator),
        // A form shown again keeps the page and the search it was sent from.
        action: query.size ? `${path}?${query.toString()}` : path,
        searchAction: path,
        q,
        searchable: q !== '' || ordered.length > APPLY_PAGE_SIZE,
        counts: translator.t(call.lang, 'portal.apply.counts', {
          eligible: eligible.length,
          ineligible: people.length - eligible.length,
        }),
        eligible: shown
          .filter((p) => p.eligible)
          .map((p) => personOption(p, call.lang, translator)),
        ineligible: shown
          .filter((p) => !p.eligible)
          .map((p) => personOption(p, call.lang, translator)),
        pagination: paginationView(path, { q }, pageNo, APPLY_PAGE_SIZE, ordered.length),
      },
      { form, section: 'delegations' },
    );
  };

  router.get('/school/delegations/:id/apply', 'school_coordinator', (call) =>
    applyPage(call, new FormState({}, APPLY_FIELDS, translator, call.lang)),
  );

  /** The confirmation page: who of the selected can apply, who cannot and why. Changes nothing. */
  router.post('/school/delegations/:id/apply', 'school_coordinator', async (call) => {
    const selected = selectedIds(call);
    const motivation = typeof call.form.motivation === 'string' ? call.form.motivation : '';
    const form = new FormState(
      { participantId: selected, motivation },
      APPLY_FIELDS,
      translator,
      call.lang,
    );
    const problems = await checkSelection(call.params.id, selected, motivation);
    if (problems.length) return applyPage(call, form.addFieldErrors(problems));
    const delegation = await delegations.getPublished(call.caller, call.params.id);
    const chosen = new Set(selected);
    const people = (await school.eligibility(call.caller, delegation.id)).filter((p) =>
      chosen.has(p.participantId),
    );
    const able = people.filter((p) => p.eligible);
    return page(
      'school/apply-confirm',
      { key: 'apply.confirmTitle' },
      {
        delegation: delegationView(delegation, call.lang, translator),
        summary: translator.t(call.lang, 'portal.apply.canApply', {
          count: able.length,
          selected: people.length,
        }),
        able: able.map((p) => personOption(p, call.lang, translator)),
        unable: people
          .filter((p) => !p.eligible)
          .map((p) => personOption(p, call.lang, translator)),
        motivation,
      },
      { section: 'delegations' },
    );
  });

  router.post('/school/delegations/:id/apply/confirm', 'school_coordinator', async (call) => {
    const selected = selectedIds(call);
    const motivation = typeof call.form.motivation === 'string' ? call.form.motivation : '';
    const problems = await checkSelection(call.params.id, selected, motivation);
    if (problems.length) {
      return applyPage(
        call,
        new FormState(
          { participantId: selected, motivation },
          APPLY_FIELDS,
          translator,
          call.lang,
        ).addFieldErrors(problems),
      );
    }
    const submitted: string[] = [];
    const refused: [string, string][] = [];
    // One transaction per person, as the API: one refusal (a place taken, the window
    // closing meanwhile) does not undo the others, and the result page names each.
    for (const participantId of selected) {
      try {
        await school.submit(call.caller, {
          delegationId: call.params.id,
          participantId,
          motivation: motivation.trim() || undefined,
        });
        submitted.push(participantId);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        refused.push([participantId, error.code]);
      }
    }
    call.request.session.set('applied', { delegationId: call.params.id, submitted, refused });
    return redirect(`/school/delegations/${call.params.id}/applied`);
  });

  router.get('/school/delegations/:id/applied', 'school_coordinator', async (call) => {
    const delegation = await delegations.getPublished(call.caller, call.params.id);
    const result = call.request.session.get('applied');
    const mine = result?.delegationId === delegation.id ? result : undefined;
    const people = new Map(
      (await school.eligibility(call.caller, delegation.id)).map((p) => [p.participantId, p]),
    );
    const nameOf = (id: string) => {
      const person = people.get(id);
      return person ? namesView(person.names) : undefined;
    };
    return page(
      'school/applied',
      { key: 'apply.resultTitle' },
      {
        delegation: delegationView(delegation, call.lang, translator),
        recorded: Boolean(mine),
        submitted: (mine?.submitted ?? []).map((id) => ({ id, names: nameOf(id) })),
        refused: (mine?.refused ?? []).map(([id, code]) => {
          // The session keeps the code only; the reason's numbers (an age) are read again.
          const now = people.get(id)?.reason;
          const reason = now?.code === code ? now : { code: code as ErrorCode, params: {} };
          return {
            id,
            names: nameOf(id),
            reason: errorMessage(translator, call.lang, new AppError(reason.code, reason.params)),
          };
        }),
      },
      { section: 'delegations' },
    );
  });
}

/** The ticked people: `participantId` once per box, as the API's body names each. */
function selectedIds(call: PortalCall): string[] {
  const raw = call.form.participantId;
  const ids = raw === undefined ? [] : ([] as string[]).concat(raw);
  return [...new Set(ids)];
}

/**
 * The selection as the API would take each item: at least one person, at most
 * MAX_SELECTED, each `{delegationId, participantId, motivation}` valid for its DTO.
 */
async function checkSelection(
  delegationId: string,
  selected: string[],
  motivation: string,
): Promise<FieldError[]> {
  if (selected.length === 0) {
    return [{ field: 'participantId', code: 'REQUIRED', messageKey: 'portal.apply.noneSelected' }];
  }
  if (selected.length > MAX_SELECTED) {
    return [{ field: 'participantId', code: 'ARRAY_MAX_SIZE', params: { p0: MAX_SELECTED } }];
  }
  for (const participantId of selected) {
    const checked = await validate(CreateApplicationDto, {
      delegationId,
      participantId,
      ...(motivation.trim() ? { motivation } : {}),
    });
    if (!checked.ok) return checked.errors;
  }
  return [];
}

/** Whether any script of the name holds the search, as the people list searches. */
export function namesMatch(names: NamesDto, q: string): boolean {
  if (!q) return true;
  const needle = q.toLocaleLowerCase();
  return [names.native, names.latin, names.cyrillic, names.chinese].some(
    (pair) =>
      pair !== null &&
      [pair.family, pair.given, `${pair.family}${pair.given}`, `${pair.family} ${pair.given}`].some(
        (text) => text.toLocaleLowerCase().includes(needle),
      ),
  );
}

function personOption(person: Eligibility, lang: Language, translator: Translator) {
  return {
    id: person.participantId,
    names: namesView(person.names),
    kind: translator.t(lang, `portal.kind.${person.kind}`),
    age: person.ageOnDeparture,
    reason: person.reason
      ? errorMessage(translator, lang, new AppError(person.reason.code, person.reason.params))
      : undefined,
  };
}
