import { Type } from '@nestjs/common';
import { AppError, FieldError } from '../common/errors/app-error';
import { errorMessage, fieldErrorMessage } from '../common/errors/error-body';
import { createValidationPipe } from '../common/http/validation';
import { Language } from '../localization/language';
import { Translator } from '../localization/translator';

/** A form body as @fastify/formbody parses it: repeated names become lists. */
export type FormBody = Record<string, string | string[] | undefined>;

/** Fields the portal adds to every form, never part of a DTO. */
const CONTROL_FIELDS = new Set(['_csrf', '_action']);

/** The same pipe the API validates bodies with: one set of DTOs and rules for both. */
const pipe = createValidationPipe();

/**
 * A form's fields as the API's JSON body: `guardian.phone` becomes `{guardian: {phone}}`,
 * an empty field is left out (or, with `emptyAsNull`, sent as null to clear a value), and
 * a nested object whose fields are all empty is left out as a whole.
 */
export function formToBody(
  form: FormBody,
  options: { lists?: string[]; emptyAsNull?: string[] } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(form)) {
    if (CONTROL_FIELDS.has(name) || raw === undefined) continue;
    const listed = options.lists?.includes(name);
    const value = listed ? ([] as string[]).concat(raw) : Array.isArray(raw) ? raw.at(-1)! : raw;
    const path = name.split('.');
    // A name like `__proto__.x` must not reach an object's prototype.
    if (path.some(isUnsafeKey)) continue;
    let target = body;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target = isPlainObject(next) ? next : (target[key] = {});
    }
    const last = path.at(-1)!;
    if (typeof value === 'string' && value.trim() === '') {
      if (options.emptyAsNull?.includes(name)) target[last] = null;
      continue;
    }
    target[last] = value;
  }
  for (const [key, value] of Object.entries(body)) {
    if (isPlainObject(value) && Object.keys(value).length === 0) delete body[key];
  }
  return body;
}

function isUnsafeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validates a body with the API's pipe and DTO: the same codes, fields and messages. */
export async function validate<T extends object>(
  dto: Type<T>,
  body: Record<string, unknown>,
): Promise<Validated<T>> {
  try {
    return { ok: true, value: (await pipe.transform(body, { type: 'body', metatype: dto })) as T };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, errors: error.fieldErrors ?? [] };
    throw error;
  }
}

/**
 * What a form shows after a refusal: errors a person can act on (4xx other than sign-in,
 * permission and not-found, which have pages of their own). Anything else is rethrown.
 */
export function refusalOf(error: unknown): AppError {
  if (error instanceof AppError && error.status >= 400 && error.status < 500) {
    if (![401, 403, 404].includes(error.status)) return error;
  }
  throw error;
}

/** One line of the error summary: a link to the field when the field is on the page. */
export interface SummaryItem {
  href?: string;
  text: string;
}

export interface FieldView {
  name: string;
  id: string;
  value: string;
  values: string[];
  error?: string;
  errorId?: string;
  hintId?: string;
  describedBy?: string;
}

/** The id of a field's control: `guardian.phone` → `guardian-phone`. */
export function fieldId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '-');
}

/**
 * A form as its view shows it: the values to fill in again, each field's message, and
 * the error summary (GOV.UK's pattern) linking to each field at fault, labelled by the
 * field's label so "required" says which field it is about.
 */
export class FormState {
  readonly summary: SummaryItem[] = [];
  private readonly messages = new Map<string, string>();

  constructor(
    private readonly values: Record<string, string | string[]>,
    /**
     * The form's fields and their label keys (in portal.json), as the page shows them; a
     * group of fields (`guardian`) names the field its summary link goes to.
     */
    private readonly labels: Record<string, string | { label: string; target: string }>,
    private readonly translator: Translator,
    private readonly lang: Language,
  ) {}

  static empty(translator: Translator, lang: Language): FormState {
    return new FormState({}, {}, translator, lang);
  }

  get hasErrors(): boolean {
    return this.summary.length > 0;
  }

  /** Adds the problems of a refusal: each field's, or the error's own message. */
  refuse(error: AppError): this {
    if (error.fieldErrors?.length) return this.addFieldErrors(error.fieldErrors);
    this.summary.push({ text: errorMessage(this.translator, this.lang, error) });
    return this;
  }

  addFieldErrors(errors: FieldError[]): this {
    for (const error of errors) {
      const message = fieldErrorMessage(this.translator, this.lang, error);
      const field = this.fieldOf(error.field);
      if (!field) {
        this.summary.push({ text: message });
        continue;
      }
      // One message per field: the first problem found is the one to fix first.
      if (this.messages.has(field)) continue;
      this.messages.set(field, message);
      const entry = this.labels[field];
      const [labelKey, target] =
        typeof entry === 'string' ? [entry, field] : [entry.label, entry.target];
      const label = this.translator.t(this.lang, `portal.${labelKey}`);
      this.summary.push({
        href: `#${fieldId(target)}`,
        text: this.translator.t(this.lang, 'portal.form.summaryItem', { label, message }),
      });
    }
    return this;
  }

  field(name: string, hint?: boolean): FieldView {
    const raw = this.values[name];
    const values = raw === undefined ? [] : ([] as string[]).concat(raw);
    const id = fieldId(name);
    const error = this.messages.get(name);
    const hintId = hint ? `${id}-hint` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
    return { name, id, value: values.at(-1) ?? '', values, error, errorId, hintId, describedBy };
  }

  /** The form field an API field error is about: itself, or the nearest parent on the form. */
  private fieldOf(apiField: string): string | undefined {
    const parts = apiField.split('.');
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('.');
      if (candidate in this.labels) return candidate;
    }
    return undefined;
  }
}

/** A DTO-shaped object as the flat values of a form (`{guardian: {phone}}` → `guardian.phone`). */
export function flatten(
  value: Record<string, unknown>,
  prefix = '',
): Record<string, string | string[]> {
  const flat: Record<string, string | string[]> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (item === null || item === undefined) continue;
    if (Array.isArray(item)) flat[name] = item.map(String);
    else if (item instanceof Date) flat[name] = item.toISOString();
    else if (typeof item === 'object')
      Object.assign(flat, flatten(item as Record<string, unknown>, name));
    else if (typeof item === 'string') flat[name] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') flat[name] = String(item);
  }
  return flat;
}

/** A query or form value when it is one of the allowed words, else nothing. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** The named fields of a form (or query) that came as one text each; others left out. */
export function textFields(
  source: Record<string, unknown>,
  names: readonly string[],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}
