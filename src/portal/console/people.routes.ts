import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuditQueryDto } from '../../audit/dto/audit.dto';
import { AuditService } from '../../audit/audit.service';
import { ROLES } from '../../common/auth/caller';
import { Transactions } from '../../database/transactions';
import { CreateTravelRegimeDto } from '../../delegations/dto/travel-regime.dto';
import { TravelRegimesService } from '../../delegations/travel-regimes.service';
import { timesView } from '../../localization/local-times';
import { Language, LANGUAGES } from '../../localization/language';
import { CreateOrganizationDto, OrganizationDto } from '../../organizations/dto/organization.dto';
import { OrganizationsService } from '../../organizations/organizations.service';
import { CreateUserDto, UpdateUserDto } from '../../users/dto/user.dto';
import { UsersService } from '../../users/users.service';
import { FormState, formToBody, oneOf, refusalOf, textFields, validate } from '../forms';
import { pageNumber, paginationView } from '../pagination';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';

const PAGE_SIZE = 50;
/** The organization types, as the API names them (its entity is not the portal's to read). */
const TYPES: OrganizationDto['type'][] = ['school', 'partner', 'committee'];
const COUNTRIES: OrganizationDto['country'][] = ['CN', 'RU'];
const ORG_FIELDS = {
  type: 'orgs.type',
  country: 'orgs.country',
  nameZh: 'orgs.nameZh',
  nameRu: 'orgs.nameRu',
  city: 'orgs.city',
  preferredLanguage: 'orgs.language',
};
const USER_FIELDS = {
  email: 'login.email',
  password: 'users.password',
  role: 'users.role',
  preferredLanguage: 'orgs.language',
};
const REGIME_FIELDS = {
  name: 'regimes.name',
  minGroupSize: 'regimes.minGroup',
  maxGroupSize: 'regimes.maxGroup',
  maxStayDays: 'regimes.stay',
  passportMarginMonths: 'regimes.margin',
};
const AUDIT_FIELDS = {
  entityType: 'audit.entityType',
  entityId: 'audit.entityId',
  actorId: 'audit.actorId',
  action: 'audit.action',
  from: 'audit.from',
  to: 'audit.to',
};

/**
 * People and organizations in the console: organizations and their users (create, disable
 * and enable, a new password, another role), the travel regimes, and the audit log with
 * its filters in the address.
 */
export function registerConsolePeople(router: PortalRouter, app: NestFastifyApplication): void {
  const organizations = app.get(OrganizationsService, { strict: false });
  const users = app.get(UsersService, { strict: false });
  const regimes = app.get(TravelRegimesService, { strict: false });
  const audit = app.get(AuditService, { strict: false });
  const transactions = app.get(Transactions, { strict: false });
  const { translator } = router;
  const t = (lang: Language, key: string) => translator.t(lang, `portal.${key}`);
  const choices = (lang: Language, group: string, values: readonly string[]) =>
    values.map((value) => ({ value, text: t(lang, `${group}.${value}`) }));

  const orgList = async (call: PortalCall, form?: FormState) => {
    const type = oneOf(call.query.type, TYPES);
    const pageNo = pageNumber(call.query.page);
    const list = await organizations.list({ type, page: pageNo, pageSize: PAGE_SIZE });
    return page(
      'console/organizations',
      { key: 'orgs.title' },
      {
        types: TYPES.map((value) => ({
          value,
          text: t(call.lang, `orgType.${value}`),
          selected: value === type,
        })),
        typeOptions: choices(call.lang, 'orgType', TYPES),
        countries: choices(call.lang, 'nationality', COUNTRIES),
        languages: choices(call.lang, 'language', LANGUAGES),
        organizations: list.items.map((o) => ({
          id: o.id,
          name: call.lang === 'zh' ? o.nameZh : o.nameRu,
          type: t(call.lang, `orgType.${o.type}`),
          city: o.city,
        })),
        pagination: paginationView(
          `/${call.lang}/console/organizations`,
          { type },
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { form: form ?? new FormState({}, ORG_FIELDS, translator, call.lang), section: 'orgs' },
    );
  };

  router.get('/console/organizations', 'organizer', (call) => orgList(call));

  router.post('/console/organizations', 'organizer', async (call) => {
    const values = textFields(call.form, Object.keys(ORG_FIELDS));
    const form = new FormState(values, ORG_FIELDS, translator, call.lang);
    const input = await validate(CreateOrganizationDto, formToBody(values));
    if (!input.ok) return orgList(call, form.addFieldErrors(input.errors));
    let created;
    try {
      created = await organizations.create(call.caller, input.value);
    } catch (error) {
      return orgList(call, form.refuse(refusalOf(error)));
    }
    return redirect(`/console/organizations/${created.id}`, { key: 'orgs.created' });
  });

  const orgPage = async (call: PortalCall, form?: FormState) => {
    const o = await organizations.get(transactions.read(call.caller), call.params.id);
    const members = await users.list({ organizationId: o.id, page: 1, pageSize: 100 });
    return page(
      'console/organization',
      call.lang === 'zh' ? o.nameZh : o.nameRu,
      {
        organization: {
          id: o.id,
          type: t(call.lang, `orgType.${o.type}`),
          nameZh: o.nameZh,
          nameRu: o.nameRu,
          city: o.city,
        },
        roles: choices(call.lang, 'role', ROLES),
        languages: choices(call.lang, 'language', LANGUAGES),
        users: members.items.map((u) => ({
          id: u.id,
          email: u.email,
          role: t(call.lang, `role.${u.role}`),
          roleValue: u.role,
          disabled: u.disabled,
          lastLogin: u.lastLoginAt ? timesView(u.lastLoginAt) : undefined,
        })),
      },
      { form: form ?? new FormState({}, USER_FIELDS, translator, call.lang), section: 'orgs' },
    );
  };

  router.get('/console/organizations/:id', 'organizer', (call) => orgPage(call));

  router.post('/console/organizations/:id/users', 'organizer', async (call) => {
    const values = textFields(call.form, Object.keys(USER_FIELDS));
    const form = new FormState({ ...values, password: '' }, USER_FIELDS, translator, call.lang);
    const input = await validate(CreateUserDto, {
      ...formToBody(values),
      organizationId: call.params.id,
    });
    if (!input.ok) return orgPage(call, form.addFieldErrors(input.errors));
    try {
      await users.create(call.caller, input.value);
    } catch (error) {
      return orgPage(call, form.refuse(refusalOf(error)));
    }
    return redirect(`/console/organizations/${call.params.id}`, { key: 'users.created' });
  });

  /** One change to a user: disable, enable, a new password, another role. */
  router.post('/console/users/:id', 'organizer', async (call) => {
    const user = await users.get(transactions.read(call.caller), call.params.id);
    const change: Record<string, unknown> =
      call.form._action === 'disable'
        ? { disabled: true }
        : call.form._action === 'enable'
          ? { disabled: false }
          : call.form._action === 'role'
            ? { role: call.form.role }
            : { password: call.form.password };
    const fields = { password: 'users.password', role: 'users.role' };
    const input = await validate(UpdateUserDto, change);
    const back = async (form: FormState) =>
      orgPage({ ...call, params: { id: user.organizationId } }, form);
    if (!input.ok) {
      return back(new FormState({}, fields, translator, call.lang).addFieldErrors(input.errors));
    }
    try {
      await users.update(call.caller, user.id, input.value);
    } catch (error) {
      return back(new FormState({}, fields, translator, call.lang).refuse(refusalOf(error)));
    }
    return redirect(`/console/organizations/${user.organizationId}`, { key: 'users.saved' });
  });

  const regimeList = async (call: PortalCall, form?: FormState) => {
    const list = await regimes.list({ page: 1, pageSize: 100 });
    return page(
      'console/regimes',
      { key: 'regimes.title' },
      { regimes: list.items },
      { form: form ?? new FormState({}, REGIME_FIELDS, translator, call.lang), section: 'orgs' },
    );
  };

  router.get('/console/regimes', 'organizer', (call) => regimeList(call));

  router.post('/console/regimes', 'organizer', async (call) => {
    const values = textFields(call.form, Object.keys(REGIME_FIELDS));
    const form = new FormState(values, REGIME_FIELDS, translator, call.lang);
    const body: Record<string, unknown> = formToBody(values);
    // Whole numbers as numbers; anything else stays text for the DTO to refuse.
    for (const name of Object.keys(REGIME_FIELDS).filter((n) => n !== 'name')) {
      if (/^\d{1,4}$/.test(values[name]?.trim() ?? '')) body[name] = Number(values[name]);
    }
    const input = await validate(CreateTravelRegimeDto, body);
    if (!input.ok) return regimeList(call, form.addFieldErrors(input.errors));
    try {
      await regimes.create(call.caller, input.value);
    } catch (error) {
      return regimeList(call, form.refuse(refusalOf(error)));
    }
    return redirect('/console/regimes', { key: 'regimes.created' });
  });

  router.get('/console/audit', 'organizer', async (call) => {
    const values = queryFilters(call.query, Object.keys(AUDIT_FIELDS));
    const form = new FormState(values, AUDIT_FIELDS, translator, call.lang);
    const pageNo = pageNumber(call.query.page);
    const input = await validate(AuditQueryDto, {
      ...formToBody(values),
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    if (!input.ok) form.addFieldErrors(input.errors);
    const list = input.ok ? await audit.list(input.value) : { items: [], total: 0 };
    return page(
      'console/audit',
      { key: 'audit.title' },
      {
        entries: list.items.map((e) => ({
          at: timesView(e.at),
          action: e.action,
          entity: `${e.entityType} ${e.entityId}`,
          actor: e.actorId ?? '—',
          fields: e.changedFields.join(', '),
          note: e.note,
        })),
        pagination: paginationView(
          `/${call.lang}/console/audit`,
          values,
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { form, section: 'audit', status: 200 },
    );
  });
}

/** The audit filters typed in the address: trimmed, bounded, the empty ones left out. */
function queryFilters(query: PortalCall['query'], names: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(textFields(query, names))) {
    if (value.trim()) values[name] = value.trim().slice(0, 100);
  }
  return values;
}
