import { Injectable } from '@nestjs/common';
import i18next, { i18n, ResourceLanguage } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Language, LANGUAGES } from './language';

/** `i18n/` at the repository root, from both `src/localization` and `dist/localization`. */
export const I18N_DIR = resolve(__dirname, '..', '..', 'i18n');

export function loadResources(dir = I18N_DIR): Record<Language, ResourceLanguage> {
  const resources = {} as Record<Language, ResourceLanguage>;
  for (const lang of LANGUAGES) {
    const folder = join(dir, lang);
    resources[lang] = Object.fromEntries(
      readdirSync(folder)
        .filter((file) => file.endsWith('.json'))
        .map((file) => [
          file.replace(/\.json$/, ''),
          JSON.parse(readFileSync(join(folder, file), 'utf8')) as ResourceLanguage,
        ]),
    );
  }
  return resources;
}

/**
 * i18next over the files of `i18n/`, as the translator uses it (and its spec compares
 * with): one namespace per language, each file a top-level key (`errors.NOT_FOUND`).
 */
export function plainI18next(resources = loadResources()): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(
      Object.entries(resources).map(([lang, files]) => [lang, { translation: files }]),
    ),
    lng: 'zh',
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const MAX_CACHED = 20_000;
const PLACEHOLDER = /{{\s*(\w+)\s*}}/g;
/** Parameters i18next reads as options rather than values: such calls go to i18next. */
const I18NEXT_OPTIONS = new Set([
  'lng',
  'lngs',
  'ns',
  'context',
  'defaultValue',
  'returnObjects',
  'replace',
  'interpolation',
  'postProcess',
  'ordinal',
]);

/** How i18next writes a value into a text: nothing for null and undefined. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return value.toString();
  }
  // Objects go to i18next before this; nothing else is a text's parameter.
  return '';
}

function hasAny(params: Record<string, unknown>): boolean {
  for (const key in params) if (Object.hasOwn(params, key)) return true;
  return false;
}

/** System text in Chinese and Russian; user-written content never passes through here. */
@Injectable()
export class Translator {
  private readonly i18n: i18n;
  /**
   * Texts looked up once: the resources never change after start, and a portal page asks
   * for the same few hundred labels on every request.
   */
  private readonly plain = new Map<string, string>();

  constructor() {
    this.i18n = plainI18next();
  }

  t(lang: Language, key: string, params?: Record<string, unknown>): string {
    const template = this.template(lang, key);
    if (!params || !hasAny(params)) return template;
    if (!template.includes('{{')) return template;
    for (const name in params) {
      const value = params[name];
      if (I18NEXT_OPTIONS.has(name) || (typeof value === 'object' && value !== null)) {
        return this.i18n.t(key, { lng: lang, ...params });
      }
    }
    // i18next's own interpolation for these texts (no plurals, nesting or formats: the
    // spec checks every key against i18next) is a tenth of a portal page's time; a
    // placeholder without its parameter stays as it is, as i18next leaves it.
    return template.replace(PLACEHOLDER, (whole, name: string) =>
      Object.hasOwn(params, name) ? text(params[name]) : whole,
    );
  }

  /** A text as written, placeholders and all, looked up once. */
  private template(lang: Language, key: string): string {
    const id = `${lang}:${key}`;
    let found = this.plain.get(id);
    if (found === undefined) {
      found = this.i18n.t(key, { lng: lang });
      // Keys are the code's and the data's enumerations: a bound only against a bug.
      if (this.plain.size < MAX_CACHED) this.plain.set(id, found);
    }
    return found;
  }

  has(lang: Language, key: string): boolean {
    return this.i18n.exists(key, { lng: lang });
  }
}
