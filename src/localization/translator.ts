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

/** System text in Chinese and Russian; user-written content never passes through here. */
@Injectable()
export class Translator {
  private readonly i18n: i18n;

  constructor() {
    const resources = loadResources();
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      // One namespace per language; each file is a top-level key: `errors.NOT_FOUND`.
      resources: Object.fromEntries(
        Object.entries(resources).map(([lang, files]) => [lang, { translation: files }]),
      ),
      lng: 'zh',
      fallbackLng: false,
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  t(lang: Language, key: string, params?: Record<string, unknown>): string {
    return this.i18n.t(key, { lng: lang, ...params });
  }

  has(lang: Language, key: string): boolean {
    return this.i18n.exists(key, { lng: lang });
  }
}
