import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { join } from 'node:path';
import { Caller, Role } from '../common/auth/caller';
import { AppError } from '../common/errors/app-error';
import { classify } from '../common/errors/error-body';
import { ErrorCode } from '../common/errors/error-codes';
import { errorMessage } from '../common/errors/error-body';
import { HTML_LANG, isLanguage, Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { FormState } from './forms';
import { OrganizationNames } from './organization-names';
import { PageOutcome, ROLE_HOME } from './portal-page';
import { csrfUserInfo } from './csrf';
import { ICON_PATH, STYLESHEET_PATH } from './stylesheet';

export const VIEWS = join(__dirname, 'views');

export const PORTAL_PARTIALS = Object.fromEntries(
  [
    'error-summary',
    'flash',
    'input',
    'textarea',
    'radios',
    'checkbox',
    'pagination',
    'times',
    'names',
    'consent-marks',
    'person-data',
    'search',
    'select',
  ].map((name) => [name, `partials/${name}.hbs`]),
);

declare module 'fastify' {
  interface FastifyInstance {
    portalView(template: string, data: Record<string, unknown>): Promise<string>;
  }
}

interface RootData {
  lang: Language;
  formState?: FormState;
}

/** The Handlebars of the portal: interface text from portal.json, form fields from the page's form. */
export function portalHandlebars(translator: Translator): typeof Handlebars {
  const handlebars = Handlebars.create();
  const root = (options: Handlebars.HelperOptions) => (options.data as { root: RootData }).root;
  handlebars.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
    return translator.t(
      root(options).lang,
      `portal.${key}`,
      options.hash as Record<string, unknown>,
    );
  });
  // A value's label: `{{labelOf "kind" kind}}` is portal.kind.<value>. (Not `label`: a
  // helper's name hides a value of the same name, and views have `label`s.)
  handlebars.registerHelper(
    'labelOf',
    function (group: string, value: unknown, options: Handlebars.HelperOptions) {
      return translator.t(root(options).lang, `portal.${group}.${String(value)}`);
    },
  );
  handlebars.registerHelper(
    'field',
    function (name: string, hint: unknown, options?: Handlebars.HelperOptions) {
      // Called as (field name) or (field name hint).
      const opts = (options ?? hint) as Handlebars.HelperOptions;
      const state = root(opts).formState;
      return (state ?? FormState.empty(translator, root(opts).lang)).field(
        name,
        options ? Boolean(hint) : false,
      );
    },
  );
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('and', (a: unknown, b: unknown) => Boolean(a) && Boolean(b));
  handlebars.registerHelper('includes', (list: unknown, value: unknown) =>
    Array.isArray(list) ? list.includes(value) : false,
  );
  handlebars.registerHelper('or', (a: unknown, b: unknown) => a || b);
  return handlebars;
}

const NAV: Record<Role, { section: string; path: string }[]> = {
  school_coordinator: [
    { section: 'home', path: '/school/' },
    { section: 'people', path: '/school/people' },
    { section: 'import', path: '/school/import' },
    { section: 'delegations', path: '/school/delegations' },
    { section: 'applications', path: '/school/applications' },
  ],
  partner: [
    { section: 'home', path: '/partner/' },
    { section: 'notices', path: '/partner/notices' },
    { section: 'webhooks', path: '/partner/webhooks' },
  ],
  organizer: [
    { section: 'home', path: '/console/' },
    { section: 'delegations', path: '/console/delegations' },
    { section: 'notices', path: '/console/notices' },
    { section: 'translations', path: '/console/translations' },
    { section: 'deliveries', path: '/console/deliveries' },
    { section: 'orgs', path: '/console/organizations' },
    { section: 'audit', path: '/console/audit' },
    { section: 'retention', path: '/console/retention' },
    { section: 'statistics', path: '/console/statistics' },
  ],
};

/**
 * Renders portal pages inside the layout: the page's title (with "错误：" / "Ошибка: "
 * when its form has errors), the navigation of the user's role, the language switch to
 * the same page, the flash message of the previous POST, and a CSRF token for its forms.
 */
export class PortalRenderer {
  private readonly translator: Translator;
  private readonly names: OrganizationNames;

  constructor(
    app: NestFastifyApplication,
    private readonly scope: FastifyInstance,
  ) {
    this.translator = app.get(Translator);
    this.names = app.get(OrganizationNames, { strict: false });
  }

  async render(
    lang: Language,
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: PageOutcome,
  ): Promise<FastifyReply> {
    const t = (key: string, params?: Record<string, unknown>) =>
      this.translator.t(lang, `portal.${key}`, params);
    const caller = request.caller;
    const title =
      typeof outcome.title === 'string'
        ? outcome.title
        : t(outcome.title.key, outcome.title.params);
    const other: Language = lang === 'zh' ? 'ru' : 'zh';
    const form = outcome.form;
    const html = await this.scope.portalView(outcome.view, {
      ...outcome.data,
      lang,
      htmlLang: HTML_LANG[lang],
      otherHtmlLang: HTML_LANG[other],
      pageTitle: form?.hasErrors ? t('form.errorTitle', { title }) : title,
      heading: title,
      stylesheet: STYLESHEET_PATH,
      icon: ICON_PATH,
      switchHref: `/${other}${pathAfterLang(request.url)}`,
      csrf: reply.generateCsrf({ userInfo: csrfUserInfo(request) }),
      flash: takeFlash(request, reply),
      formState: form,
      errorSummary: form?.summary.length ? form.summary : undefined,
      user: caller ? await this.userView(caller, lang, outcome.section) : undefined,
    });
    return reply.code(outcome.status).header('content-type', 'text/html; charset=utf-8').send(html);
  }

  /** A refusal as a page in the language of the path: 403, 404, 429 and the like. */
  async refusal(
    request: FastifyRequest,
    reply: FastifyReply,
    code: ErrorCode | AppError,
  ): Promise<FastifyReply> {
    const error = typeof code === 'string' ? new AppError(code) : code;
    const lang = languageOf(request.url);
    const titleKey =
      error.status === 404
        ? 'errorPage.notFound'
        : error.status === 403
          ? 'errorPage.forbidden'
          : 'errorPage.other';
    for (const [name, value] of Object.entries(error.headers ?? {})) void reply.header(name, value);
    return this.render(lang, request, reply, {
      kind: 'page',
      view: 'error',
      title: { key: titleKey },
      data: { message: errorMessage(this.translator, lang, error) },
      status: error.status,
    });
  }

  /** Errors no handler answered: refusals as their pages, anything unexpected as a 500. */
  async failure(
    error: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
      return this.refusal(request, reply, 'CSRF_TOKEN_INVALID');
    }
    const known = classify(error);
    if (known) return this.refusal(request, reply, known);
    request.log.error({ err: error, reqId: request.id }, 'portal page failed');
    return this.refusal(request, reply, 'INTERNAL_ERROR');
  }

  private async userView(caller: Caller, lang: Language, section?: string) {
    return {
      organization: await this.names.nameOf(caller.organizationId, lang),
      role: caller.role,
      home: `/${lang}${ROLE_HOME[caller.role]}`,
      nav: NAV[caller.role].map((item) => ({
        href: `/${lang}${item.path}`,
        label: this.translator.t(lang, `portal.nav.${item.section}`),
        current: item.section === section,
      })),
      accountCurrent: section === 'account',
      notificationsCurrent: section === 'notifications',
    };
  }
}

/**
 * The message of the previous POST, once. Read only when there is one: taking it writes
 * the session, and a written session is encrypted and sent again as a new cookie.
 */
function takeFlash(request: FastifyRequest, reply: FastifyReply): string[] {
  const pending = request.session.get('flash');
  if (!pending || Object.keys(pending).length === 0) return [];
  const messages = reply.flash('info') as string[] | undefined;
  return messages ?? [];
}

/** `/zh/school/people?q=李` → `/school/people?q=李`. */
export function pathAfterLang(url: string): string {
  const rest = url.replace(/^\/(zh|ru)(?=\/|\?|$)/, '');
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export function languageOf(url: string): Language {
  const first = url.split(/[/?]/)[1];
  return isLanguage(first) ? first : 'zh';
}
