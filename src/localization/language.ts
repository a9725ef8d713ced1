export const LANGUAGES = ['zh', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh';

/** The public site remembers the reader's language in this cookie, for `/`. */
export const LANGUAGE_COOKIE = 'lang';

/** `<html lang>` values: Chinese as written in mainland China, Russian. */
export const HTML_LANG: Record<Language, string> = { zh: 'zh-CN', ru: 'ru' };

export function isLanguage(value: unknown): value is Language {
  return value === 'zh' || value === 'ru';
}

/**
 * Picks the language of a response: an explicit `?lang=`, then the first
 * Accept-Language range (by q) that names Chinese or Russian in any region, then
 * the user's own preference, then Chinese.
 */
export function negotiateLanguage(input: {
  query?: unknown;
  acceptLanguage?: string;
  preferred?: string | null;
}): Language {
  if (isLanguage(input.query)) return input.query;
  const fromHeader = input.acceptLanguage ? fromAcceptLanguage(input.acceptLanguage) : undefined;
  if (fromHeader) return fromHeader;
  if (isLanguage(input.preferred)) return input.preferred;
  return DEFAULT_LANGUAGE;
}

function fromAcceptLanguage(header: string): Language | undefined {
  const ranges = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split('-')[0], quality, index };
    })
    .filter((r) => Number.isFinite(r.quality) && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranges.map((r) => r.primary).find(isLanguage);
}
