import type { FastifyReply, FastifyRequest } from 'fastify';
import { Caller, Role } from '../common/auth/caller';
import { Language } from '../localization/language';
import { FormBody, FormState } from './forms';

/** Who may open a route: anyone (the login page), any signed-in user, or one role. */
export type Audience = 'anyone' | 'signed-in' | Role;

/** What a page handler is given: the parsed request, in the language of its path. */
export interface PortalCall {
  lang: Language;
  /** The signed-in user; set on every route except the `anyone` ones. */
  caller: Caller;
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  form: FormBody;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A page to render: a view under `views/`, its title, its data. */
export interface PageOutcome {
  kind: 'page';
  view: string;
  /** The title's key in portal.json, with its parameters; or the text itself. */
  title: string | { key: string; params?: Record<string, unknown> };
  data: Record<string, unknown>;
  status: number;
  /** The form on the page, when it has one: values, messages and the error summary. */
  form?: FormState;
  /** The navigation entry this page belongs to. */
  section?: string;
}

export interface RedirectOutcome {
  kind: 'redirect';
  /** A path after `/{lang}`, or a full path when `absolute`. */
  to: string;
  absolute?: boolean;
  /** A message for the next page, as a portal.json key with its parameters. */
  flash?: { key: string; params?: Record<string, unknown> };
}

/** A response the handler sent itself (a file download). */
export interface SentOutcome {
  kind: 'sent';
}

export type Outcome = PageOutcome | RedirectOutcome | SentOutcome;

export type PageHandler = (call: PortalCall) => Promise<Outcome>;

export function page(
  view: string,
  title: PageOutcome['title'],
  data: Record<string, unknown> = {},
  options: { status?: number; form?: FormState; section?: string } = {},
): PageOutcome {
  // A form shown again because of its errors is 422, as the API would answer it.
  const status = options.status ?? (options.form?.hasErrors ? 422 : 200);
  return { kind: 'page', view, title, data, status, form: options.form, section: options.section };
}

/** POST → 303 → GET: the browser shows the next page, and reloading it posts nothing. */
export function redirect(
  to: string,
  flash?: RedirectOutcome['flash'],
  options: { absolute?: boolean } = {},
): RedirectOutcome {
  return { kind: 'redirect', to, flash, absolute: options.absolute };
}

export const SENT: SentOutcome = { kind: 'sent' };

/** Where each role starts after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  school_coordinator: '/school/',
  partner: '/partner/',
  organizer: '/console/',
};
