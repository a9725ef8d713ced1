import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DelegationEditing } from '../../delegations/delegation-editing.service';
import { canTransition, DELEGATION_STATUSES } from '../../delegations/delegation-status';
import { DelegationsService } from '../../delegations/delegations.service';
import {
  CreateDelegationDto,
  DelegationDto,
  TransitionDelegationDto,
  UpdateDelegationDto,
} from '../../delegations/dto/delegation.dto';
import { TravelRegimesService } from '../../delegations/travel-regimes.service';
import { HEIHE_ZONE, wallTime } from '../../localization/local-times';
import { Language } from '../../localization/language';
import { OrganizationsService } from '../../organizations/organizations.service';
import { FormState, formToBody, oneOf, refusalOf, textFields, validate } from '../forms';
import { pageNumber, paginationView } from '../pagination';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { delegationView, placesTaken } from '../school/delegation-view';
import { hasVisibleText } from '../../common/text/visible-text';

const PAGE_SIZE = 20;
const DIRECTIONS = ['CN_TO_RU', 'RU_TO_CN'] as const;
const NUMBERS = ['studentPlaces', 'chaperonePlaces', 'minAge', 'maxAge', 'studentsPerChaperone'];
/** Times are typed as Heihe wall-clock time (the committee's), sent with its offset. */
const INSTANTS = ['applicationOpensAt', 'applicationClosesAt'];
const HEIHE_OFFSET = '+08:00';

const FIELDS: Record<string, string> = {
  titleZh: 'delegationForm.titleZh',
  titleRu: 'delegationForm.titleRu',
  descriptionZh: 'delegationForm.descriptionZh',
  descriptionRu: 'delegationForm.descriptionRu',
  direction: 'delegationForm.direction',
  hostOrganizationId: 'delegationForm.host',
  departureDate: 'delegationForm.departureDate',
  returnDate: 'delegationForm.returnDate',
  applicationOpensAt: 'delegationForm.opensAt',
  applicationClosesAt: 'delegationForm.closesAt',
  studentPlaces: 'delegationForm.studentPlaces',
  chaperonePlaces: 'delegationForm.chaperonePlaces',
  minAge: 'delegationForm.minAge',
  maxAge: 'delegationForm.maxAge',
  studentsPerChaperone: 'delegationForm.studentsPerChaperone',
  travelRegimeId: 'delegationForm.regime',
  to: 'delegationForm.transition',
};

/**
 * Delegations in the console: the list with its filters in the address, creating and
 * editing with the Chinese and Russian fields side by side (a missing one marked), and
 * only the transitions the current state allows, as buttons.
 */
export function registerConsoleDelegations(
  router: PortalRouter,
  app: NestFastifyApplication,
): void {
  const delegations = app.get(DelegationsService, { strict: false });
  const editing = app.get(DelegationEditing, { strict: false });
  const organizations = app.get(OrganizationsService, { strict: false });
  const regimes = app.get(TravelRegimesService, { strict: false });
  const { translator } = router;
  const t = (lang: Language, key: string, params?: Record<string, unknown>) =>
    translator.t(lang, `portal.${key}`, params);

  router.get('/console/delegations', 'organizer', async (call) => {
    const status = oneOf(call.query.status, DELEGATION_STATUSES);
    const direction = oneOf(call.query.direction, DIRECTIONS);
    const pageNo = pageNumber(call.query.page);
    const list = await delegations.list({ status, direction, page: pageNo, pageSize: PAGE_SIZE });
    return page(
      'console/delegations',
      { key: 'console.delegationsTitle' },
      {
        filters: {
          statuses: DELEGATION_STATUSES.map((value) => ({
            value,
            text: t(call.lang, `delegationStatus.${value}`),
            selected: value === status,
          })),
          directions: DIRECTIONS.map((value) => ({
            value,
            text: t(call.lang, `direction.${value}`),
            selected: value === direction,
          })),
        },
        delegations: list.items.map((d) => ({
          ...delegationView(d, call.lang, translator),
          missing: missingLanguages(d),
          taken: placesTaken(d, call.lang, translator),
        })),
        pagination: paginationView(
          `/${call.lang}/console/delegations`,
          { status, direction },
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { section: 'delegations' },
    );
  });

  const form = async (call: PortalCall, state: FormState, existing?: DelegationDto) => {
    const [hosts, travel] = await Promise.all([
      organizations.list({ type: 'partner', page: 1, pageSize: 100 }),
      regimes.list({ page: 1, pageSize: 100 }),
    ]);
    return page(
      'console/delegation-form',
      existing ? { key: 'delegationForm.editTitle' } : { key: 'delegationForm.newTitle' },
      {
        existing: existing && { id: existing.id, title: titleOf(existing, call.lang) },
        action: existing
          ? `/${call.lang}/console/delegations/${existing.id}/edit`
          : `/${call.lang}/console/delegations/new`,
        directions: DIRECTIONS.map((value) => ({
          value,
          text: t(call.lang, `direction.${value}`),
        })),
        hosts: hosts.items.map((o) => ({
          value: o.id,
          text: call.lang === 'zh' ? o.nameZh : o.nameRu,
        })),
        regimes: travel.items.map((r) => ({ value: r.id, text: r.name })),
      },
      { form: state, section: 'delegations' },
    );
  };

  router.get('/console/delegations/new', 'organizer', (call) =>
    form(call, new FormState({ studentsPerChaperone: '8' }, FIELDS, translator, call.lang)),
  );

  router.post('/console/delegations/new', 'organizer', async (call) => {
    const values = textFields(call.form, Object.keys(FIELDS));
    const state = new FormState(values, FIELDS, translator, call.lang);
    const input = await validate(CreateDelegationDto, bodyOf(values));
    if (!input.ok) return form(call, state.addFieldErrors(input.errors));
    let created;
    try {
      created = await editing.create(call.caller, input.value);
    } catch (error) {
      return form(call, state.refuse(refusalOf(error)));
    }
    return redirect(`/console/delegations/${created.id}`, { key: 'console.delegationCreated' });
  });

  router.get('/console/delegations/:id/edit', 'organizer', async (call) => {
    const existing = await delegations.get(call.params.id);
    return form(
      call,
      new FormState(storedValues(existing), FIELDS, translator, call.lang),
      existing,
    );
  });

  router.post('/console/delegations/:id/edit', 'organizer', async (call) => {
    const existing = await delegations.get(call.params.id);
    const values = textFields(call.form, Object.keys(FIELDS));
    const state = new FormState(values, FIELDS, translator, call.lang);
    // Only what changed: an unchanged form changes nothing and notifies no one.
    const stored = storedValues(existing);
    const changed = Object.fromEntries(
      Object.entries(values).filter(
        ([name, value]) => value.trim() !== (stored[name] ?? '').trim(),
      ),
    );
    const input = await validate(UpdateDelegationDto, bodyOf(changed, true));
    if (!input.ok) return form(call, state.addFieldErrors(input.errors), existing);
    try {
      await editing.update(call.caller, existing.id, input.value);
    } catch (error) {
      return form(call, state.refuse(refusalOf(error)), existing);
    }
    return redirect(`/console/delegations/${existing.id}`, { key: 'console.delegationSaved' });
  });

  const show = async (call: PortalCall, state?: FormState) => {
    const d = await delegations.get(call.params.id);
    return page(
      'console/delegation',
      titleOf(d, call.lang),
      {
        delegation: {
          ...delegationView(d, call.lang, translator),
          titleZh: d.titleZh,
          titleRu: d.titleRu,
          descriptionZh: d.descriptionZh,
          descriptionRu: d.descriptionRu,
          missing: missingLanguages(d),
          taken: placesTaken(d, call.lang, translator),
        },
        transitions: DELEGATION_STATUSES.filter((to) => canTransition(d.status, to)).map((to) => ({
          to,
          text: t(call.lang, `console.transition.${to}`),
          danger: to === 'cancelled',
        })),
      },
      { form: state ?? FormState.empty(translator, call.lang), section: 'delegations' },
    );
  };

  router.get('/console/delegations/:id', 'organizer', (call) => show(call));

  router.post('/console/delegations/:id/transitions', 'organizer', async (call) => {
    const state = new FormState({}, FIELDS, translator, call.lang);
    const input = await validate(TransitionDelegationDto, formToBody(call.form));
    if (!input.ok) return show(call, state.addFieldErrors(input.errors));
    try {
      await editing.transition(call.caller, call.params.id, input.value);
    } catch (error) {
      return show(call, state.refuse(refusalOf(error)));
    }
    return redirect(`/console/delegations/${call.params.id}`, {
      key: 'console.transitioned',
      params: { status: t(call.lang, `delegationStatus.${input.value.to}`) },
    });
  });
}

function titleOf(d: DelegationDto, lang: Language): string {
  return (lang === 'zh' ? d.titleZh : d.titleRu) || d.titleZh || d.titleRu;
}

/** The languages a delegation's texts lack: the translation queue's marks. */
function missingLanguages(d: DelegationDto): { zh: boolean; ru: boolean } {
  const zh = { title: hasVisibleText(d.titleZh), description: hasVisibleText(d.descriptionZh) };
  const ru = { title: hasVisibleText(d.titleRu), description: hasVisibleText(d.descriptionRu) };
  return {
    zh: !zh.title || (!zh.description && ru.description),
    ru: !ru.title || (!ru.description && zh.description),
  };
}

/**
 * The form's text as the API's body: numbers as numbers, Heihe wall-clock times as
 * instants with the offset. Text that is no number stays text, for the DTO to refuse.
 */
function bodyOf(values: Record<string, string>, partial = false): Record<string, unknown> {
  const body = formToBody(values, partial ? { emptyAsNull: [] } : {});
  for (const name of NUMBERS) {
    const text = values[name]?.trim();
    if (text && /^-?\d+$/.test(text)) body[name] = Number(text);
  }
  for (const name of INSTANTS) {
    const text = values[name]?.trim();
    if (text && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text))
      body[name] = `${text}:00${HEIHE_OFFSET}`;
  }
  if (partial) {
    // Descriptions may be emptied; the other fields keep their value when left empty.
    for (const name of ['descriptionZh', 'descriptionRu']) {
      if (values[name] !== undefined && values[name].trim() === '') body[name] = '';
    }
  }
  return body;
}

/** A stored delegation as the form's values (times as Heihe wall-clock time). */
function storedValues(d: DelegationDto): Record<string, string> {
  return {
    titleZh: d.titleZh,
    titleRu: d.titleRu,
    descriptionZh: d.descriptionZh,
    descriptionRu: d.descriptionRu,
    direction: d.direction,
    hostOrganizationId: d.hostOrganizationId,
    departureDate: d.departureDate,
    returnDate: d.returnDate,
    applicationOpensAt: wallTime(d.applicationOpensAt, HEIHE_ZONE),
    applicationClosesAt: wallTime(d.applicationClosesAt, HEIHE_ZONE),
    studentPlaces: String(d.studentPlaces),
    chaperonePlaces: String(d.chaperonePlaces),
    minAge: String(d.minAge),
    maxAge: String(d.maxAge),
    studentsPerChaperone: String(d.studentsPerChaperone),
    travelRegimeId: d.travelRegimeId,
  };
}
