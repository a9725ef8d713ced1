import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApplicationsService } from '../../applications/applications.service';
import { Transactions } from '../../database/transactions';
import { DelegationsService } from '../../delegations/delegations.service';
import { timesView } from '../../localization/local-times';
import { Language } from '../../localization/language';
import { ConsentTextsService } from '../../participants/consent-texts.service';
import { RetentionService } from '../../retention/retention.service';
import { privacyView } from '../person-data.routes';
import { ConsentsService } from '../../participants/consents.service';
import {
  CHAPERONE_ROLES,
  CreateConsentDto,
  CreateParticipantDto,
  ParticipantDetailDto,
  UpdateParticipantDto,
} from '../../participants/dto/participant.dto';
import { ParticipantRegistry } from '../../participants/participant-registry.service';
import { flatten, FormState, formToBody, refusalOf, validate } from '../forms';
import { pageNumber, paginationView } from '../pagination';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { currentConsentTexts, registerConsentForm } from './consent-form.routes';
import { namesView, personRow, today } from './people-view';

const PAGE_SIZE = 50;

/** Every field of the API's participant body, with its label in portal.json. */
export const PERSON_FIELDS = {
  kind: 'person.kind',
  chaperoneRole: 'person.chaperoneRole',
  nationality: 'person.nationality',
  familyName: 'person.familyName',
  givenName: 'person.givenName',
  latin: { label: 'person.latin', target: 'latin.family' },
  'latin.family': 'person.latinFamily',
  'latin.given': 'person.latinGiven',
  chinese: { label: 'person.chinese', target: 'chinese.family' },
  'chinese.family': 'person.chineseFamily',
  'chinese.given': 'person.chineseGiven',
  gender: 'person.gender',
  birthDate: 'person.birthDate',
  birthPlace: 'person.birthPlace',
  passportNumber: 'person.passportNumber',
  passportExpiry: 'person.passportExpiry',
  guardian: { label: 'person.guardian', target: 'guardian.name' },
  'guardian.name': 'person.guardianName',
  'guardian.phone': 'person.guardianPhone',
  'guardian.relation': 'person.guardianRelation',
  emergencyContact: 'person.emergencyContact',
  phone: 'person.phone',
  email: 'person.email',
} as const;

const PERSON_PAGE_FIELDS = {
  cyrillic: { label: 'person.cyrillic', target: 'cyrillic.family' },
  'cyrillic.family': 'person.cyrillicFamily',
  'cyrillic.given': 'person.cyrillicGiven',
  kind: 'consent.kind',
  givenBy: 'consent.givenBy',
  relation: 'consent.relation',
  givenAt: 'consent.givenAt',
  noticeVersion: 'consent.noticeVersion',
} as const;

/** Groups of the body a form fills in together: sent whole, or cleared whole. */
const GROUPS = ['latin', 'chinese', 'guardian'];
/** Fields an edit may clear (sent as null); the passport number is kept unless retyped. */
const CLEARABLE = [
  'passportExpiry',
  'emergencyContact',
  'phone',
  'email',
  'chaperoneRole',
  ...GROUPS,
];

/** A school's people: the list, adding and editing one, a person's page and consents. */
export function registerSchoolPeople(router: PortalRouter, app: NestFastifyApplication): void {
  const registry = app.get(ParticipantRegistry, { strict: false });
  const consents = app.get(ConsentsService, { strict: false });
  const consentTexts = app.get(ConsentTextsService, { strict: false });
  const retention = app.get(RetentionService, { strict: false });
  const applications = app.get(ApplicationsService, { strict: false });
  const delegations = app.get(DelegationsService, { strict: false });
  const transactions = app.get(Transactions, { strict: false });
  const { translator } = router;
  const options = (lang: Language, group: string, values: readonly string[]) =>
    values.map((value) => ({ value, text: translator.t(lang, `portal.${group}.${value}`) }));

  router.get('/school/people', 'school_coordinator', async (call) => {
    const q = typeof call.query.q === 'string' ? call.query.q.trim().slice(0, 100) : '';
    const pageNo = pageNumber(call.query.page);
    const on = today();
    const list = await registry.list(call.caller, {
      search: q || undefined,
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    return page(
      'school/people',
      { key: 'people.title' },
      {
        q,
        searchAction: `/${call.lang}/school/people`,
        total: list.total,
        people: list.items.map((p) => personRow(p, call.lang, translator, on)),
        pagination: paginationView(
          `/${call.lang}/school/people`,
          { q },
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { section: 'people' },
    );
  });

  const personForm = (call: PortalCall, form: FormState, existing?: ParticipantDetailDto) =>
    page(
      'school/person-form',
      existing ? { key: 'person.editTitle' } : { key: 'person.newTitle' },
      {
        action: existing
          ? `/${call.lang}/school/people/${existing.id}/edit`
          : `/${call.lang}/school/people/new`,
        existing: existing && {
          id: existing.id,
          names: namesView(existing.names),
          passport: existing.passportNumber,
        },
        // The guardian's fields for minors, or whenever they are filled in or at fault.
        showGuardian:
          !existing ||
          personRow(existing, call.lang, translator).minor ||
          Boolean(existing.guardian) ||
          form.hasErrors,
        kinds: options(call.lang, 'kind', ['student', 'chaperone']),
        roles: options(call.lang, 'chaperoneRole', CHAPERONE_ROLES),
        nationalities: options(call.lang, 'nationality', ['CN', 'RU']),
        genders: options(call.lang, 'gender', ['female', 'male']),
      },
      { form, section: 'people' },
    );

  router.get('/school/people/new', 'school_coordinator', (call) =>
    Promise.resolve(personForm(call, new FormState({}, PERSON_FIELDS, translator, call.lang))),
  );

  router.post('/school/people/new', 'school_coordinator', async (call) => {
    const values = formValues(call);
    const form = new FormState(values, PERSON_FIELDS, translator, call.lang);
    const input = await validate(CreateParticipantDto, formToBody(values));
    if (!input.ok) return personForm(call, form.addFieldErrors(input.errors));
    try {
      const created = await registry.create(call.caller, input.value);
      return redirect(`/school/people/${created.id}`, { key: 'person.created' });
    } catch (error) {
      return personForm(call, form.refuse(refusalOf(error)));
    }
  });

  router.get('/school/people/:id/edit', 'school_coordinator', async (call) => {
    const person = await registry.get(call.caller, call.params.id);
    return personForm(
      call,
      new FormState(storedValues(person), PERSON_FIELDS, translator, call.lang),
      person,
    );
  });

  router.post('/school/people/:id/edit', 'school_coordinator', async (call) => {
    const person = await registry.get(call.caller, call.params.id);
    const values = formValues(call);
    const form = new FormState(values, PERSON_FIELDS, translator, call.lang);
    const body = changedFields(values, storedValues(person));
    const input = await validate(UpdateParticipantDto, body);
    if (!input.ok) return personForm(call, form.addFieldErrors(input.errors), person);
    try {
      await registry.update(call.caller, person.id, input.value);
    } catch (error) {
      return personForm(call, form.refuse(refusalOf(error)), person);
    }
    return redirect(`/school/people/${person.id}`, { key: 'person.saved' });
  });

  const personPage = async (call: PortalCall, form?: FormState) => {
    const ctx = transactions.read(call.caller);
    const person = await registry.get(call.caller, call.params.id);
    const own = await applications.list(call.caller, {
      participantId: person.id,
      page: 1,
      pageSize: 100,
    });
    const trips = await delegations.byIds(
      ctx,
      own.items.map((a) => a.delegationId),
    );
    const state =
      form ??
      new FormState(
        {
          'cyrillic.family': person.names.cyrillic?.family ?? '',
          'cyrillic.given': person.names.cyrillic?.given ?? '',
          givenBy: person.guardian?.name ?? '',
          relation: person.guardian?.relation ?? '',
          givenAt: today(),
          noticeVersion: (await currentConsentTexts(consentTexts, ctx)).guardian?.version ?? '',
        },
        PERSON_PAGE_FIELDS,
        translator,
        call.lang,
      );
    const row = personRow(person, call.lang, translator);
    return page(
      'school/person',
      row.names.native,
      {
        person: {
          ...row,
          nationality: translator.t(call.lang, `portal.nationality.${person.nationality}`),
          chineseNational: person.nationality === 'CN',
          gender: translator.t(call.lang, `portal.gender.${person.gender}`),
          birthPlace: person.birthPlace,
          guardian: person.guardian,
          emergencyContact: person.emergencyContact,
          phone: person.phone,
          email: person.email,
          latinSource: person.names.latinSource,
          cyrillicSource: person.names.cyrillicSource,
        },
        consents: person.consents.map((consent) => ({
          ...consent,
          kindLabel: translator.t(call.lang, `portal.consentKind.${consent.kind}`),
          givenAt: consent.givenAt.toISOString().slice(0, 10),
          withdrawn: consent.withdrawnAt ? timesView(consent.withdrawnAt) : undefined,
        })),
        consentKinds: options(call.lang, 'consentKind', ['guardian', 'cross_border']),
        privacy: privacyView(person, '/school/people', retention),
        erased: Boolean(person.erasedAt),
        applications: own.items.map((a) => {
          const trip = trips.get(a.delegationId);
          return {
            id: a.id,
            delegationId: a.delegationId,
            title: trip ? (call.lang === 'zh' ? trip.titleZh : trip.titleRu) : '',
            status: a.status,
          };
        }),
      },
      { form: state, section: 'people' },
    );
  };

  router.get('/school/people/:id', 'school_coordinator', (call) => personPage(call));

  router.post('/school/people/:id/cyrillic', 'school_coordinator', async (call) => {
    const values = formValues(call);
    const form = new FormState(values, PERSON_PAGE_FIELDS, translator, call.lang);
    // "Back to the generated form" sends null, as the API takes it.
    const body =
      call.form._action === 'reset'
        ? { cyrillic: null }
        : { cyrillic: formToBody(values).cyrillic ?? {} };
    const input = await validate(UpdateParticipantDto, body);
    if (!input.ok) return personPage(call, form.addFieldErrors(input.errors));
    try {
      await registry.update(call.caller, call.params.id, input.value);
    } catch (error) {
      return personPage(call, form.refuse(refusalOf(error)));
    }
    return redirect(`/school/people/${call.params.id}`, {
      key: call.form._action === 'reset' ? 'person.cyrillicReset' : 'person.cyrillicSaved',
    });
  });

  router.post('/school/people/:id/consents', 'school_coordinator', async (call) => {
    const values = formValues(call);
    const form = new FormState(values, PERSON_PAGE_FIELDS, translator, call.lang);
    const input = await validate(CreateConsentDto, formToBody(values));
    if (!input.ok) return personPage(call, form.addFieldErrors(input.errors));
    try {
      await consents.addConsent(call.caller, call.params.id, input.value);
    } catch (error) {
      return personPage(call, form.refuse(refusalOf(error)));
    }
    return redirect(`/school/people/${call.params.id}`, { key: 'consent.recorded' });
  });

  router.post(
    '/school/people/:id/consents/:consentId/withdraw',
    'school_coordinator',
    async (call) => {
      try {
        await consents.withdrawConsent(call.caller, call.params.id, call.params.consentId);
      } catch (error) {
        // Sent twice (a reload, a double click): the consent is withdrawn, as asked.
        const person = await registry.get(call.caller, call.params.id);
        const consent = person.consents.find((c) => c.id === call.params.consentId);
        if (!consent?.withdrawnAt) throw error;
      }
      return redirect(`/school/people/${call.params.id}`, { key: 'consent.withdrawn' });
    },
  );

  registerConsentForm(router, app);
}

/** The form's fields as sent, one value each. */
function formValues(call: PortalCall): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.form)) {
    if (name === '_csrf' || name === '_action' || value === undefined) continue;
    values[name] = Array.isArray(value) ? (value.at(-1) ?? '') : value;
  }
  return values;
}

/** A stored person as the edit form's values (the passport number stays masked, unsent). */
function storedValues(person: ParticipantDetailDto): Record<string, string> {
  const flat = flatten({
    kind: person.kind,
    chaperoneRole: person.chaperoneRole ?? '',
    nationality: person.nationality,
    familyName: person.names.native.family,
    givenName: person.names.native.given,
    latin: person.names.latin,
    chinese: person.nationality === 'RU' ? person.names.chinese : null,
    gender: person.gender,
    birthDate: person.birthDate,
    birthPlace: person.birthPlace,
    passportExpiry: person.passportExpiry,
    guardian: person.guardian,
    emergencyContact: person.emergencyContact,
    phone: person.phone,
    email: person.email,
  });
  return Object.fromEntries(
    Object.entries(flat).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(',') : value,
    ]),
  );
}

/**
 * The PATCH body of an edit: only what changed, so saving an unchanged form changes
 * nothing (no new version, no "changed since approval"). A group is sent whole when any
 * of its fields changed, and as null when emptied; a retyped passport number is sent.
 */
function changedFields(
  values: Record<string, string>,
  stored: Record<string, string>,
): Record<string, unknown> {
  const changed: Record<string, string> = {};
  const names = new Set([...Object.keys(values), ...Object.keys(stored)]);
  for (const name of names) {
    if (!(name in PERSON_FIELDS)) continue;
    if (name === 'passportNumber') {
      if (values.passportNumber?.trim()) changed.passportNumber = values.passportNumber;
      continue;
    }
    if ((values[name] ?? '').trim() === (stored[name] ?? '').trim()) continue;
    const group = GROUPS.find((g) => name.startsWith(`${g}.`));
    if (group) {
      for (const field of Object.keys(PERSON_FIELDS).filter((f) => f.startsWith(`${group}.`))) {
        changed[field] = values[field] ?? '';
      }
    } else {
      changed[name] = values[name] ?? '';
    }
  }
  const body = formToBody(changed, { emptyAsNull: CLEARABLE });
  for (const group of GROUPS) {
    const sent = Object.keys(changed).some((f) => f.startsWith(`${group}.`));
    if (sent && !(group in body)) body[group] = null;
  }
  return body;
}
