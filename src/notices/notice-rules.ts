import { AppError } from '../common/errors/app-error';
import { Language } from '../localization/language';
import { hasVisibleText } from '../common/text/visible-text';

export const NOTICE_STATUSES = ['draft', 'published', 'archived'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const AUDIENCES = ['public', 'schools', 'partners', 'delegation'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** draft → published → archived; a draft may also be archived without being published. */
const NEXT: Record<NoticeStatus, readonly NoticeStatus[]> = {
  draft: ['published', 'archived'],
  published: ['archived'],
  archived: [],
};

export function assertNoticeTransition(from: NoticeStatus, to: NoticeStatus): void {
  if (!NEXT[from].includes(to)) throw new AppError('ILLEGAL_TRANSITION', { from, to });
}

export interface NoticeTexts {
  titleZh: string | null;
  titleRu: string | null;
  bodyZh: string | null;
  bodyRu: string | null;
  singleLanguage: Language | null;
}

/** A language is there when both its title and its body are, with something to read. */
export function hasLanguage(notice: NoticeTexts, lang: Language): boolean {
  const [title, body] =
    lang === 'zh' ? [notice.titleZh, notice.bodyZh] : [notice.titleRu, notice.bodyRu];
  return hasVisibleText(title) && hasVisibleText(body);
}

/**
 * The languages that must still be written before publishing: both, unless the notice is
 * marked single-language, in which case only that one.
 */
export function missingLanguages(notice: NoticeTexts): Language[] {
  const required: Language[] = notice.singleLanguage ? [notice.singleLanguage] : ['zh', 'ru'];
  return required.filter((lang) => !hasLanguage(notice, lang));
}

/**
 * The languages a reader of the other one will find untranslated, whatever the notice
 * requires: a single-language notice is published, but its other page still says
 * "translation pending", so the translators' queue lists it too.
 */
export function untranslatedLanguages(notice: NoticeTexts): Language[] {
  return (['zh', 'ru'] as const).filter((lang) => !hasLanguage(notice, lang));
}

/**
 * The text to show in a language: its own when written, else the other one, marked as a
 * pending translation (the page labels it and sets `lang` on the block).
 */
export function textFor(
  notice: NoticeTexts,
  lang: Language,
): { lang: Language; title: string; body: string; translationPending: boolean } {
  const other: Language = lang === 'zh' ? 'ru' : 'zh';
  const shown = hasLanguage(notice, lang) ? lang : hasLanguage(notice, other) ? other : lang;
  return {
    lang: shown,
    title: (shown === 'zh' ? notice.titleZh : notice.titleRu) ?? '',
    body: (shown === 'zh' ? notice.bodyZh : notice.bodyRu) ?? '',
    translationPending: shown !== lang,
  };
}

/** Who reads what: the caller's role and, for one delegation's notices, its delegations. */
export function audiencesFor(role: string): Audience[] {
  if (role === 'organizer') return [...AUDIENCES];
  if (role === 'school_coordinator') return ['public', 'schools', 'delegation'];
  if (role === 'partner') return ['public', 'partners', 'delegation'];
  return ['public'];
}

/**
 * A URL slug from a title: lower-case Latin letters, digits and hyphens, at most 60
 * characters; the caller turns Chinese and Cyrillic into Latin first.
 */
export function slugify(latin: string): string {
  return latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
