import type { Language } from '../localization/language';
import type { Translator } from '../localization/translator';
import { EventData, paramsIn } from './notification-events';

export interface RenderedMessage {
  subject: string;
  /** The message itself, without greeting and footer (in-app). */
  body: string;
  text: string;
  html: string;
  /** The path as given; the e-mail's button carries it absolute, under PUBLIC_URL. */
  link: string | null;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** `application.decided` + `approved` → the i18n key of that message. */
export function templateKey(event: string, variant: unknown): string {
  return `notifications.${event}${typeof variant === 'string' && variant ? `.${variant}` : ''}`;
}

/**
 * One message in one language from the event's template. Names and titles arrive in both
 * languages (EventData) and each reader gets their own. The HTML body is the same text,
 * escaped: event data is user-written (names, titles) and never becomes markup.
 */
export function renderMessage(
  translator: Translator,
  lang: Language,
  event: string,
  data: EventData,
  publicUrl: string,
): RenderedMessage {
  const params = paramsIn(data, lang);
  const key = templateKey(event, data.variant);
  const subject = translator.t(lang, `${key}.subject`, params).replace(/\s+/g, ' ').trim();
  const body = translator.t(lang, `${key}.body`, params).trim();
  const path =
    typeof data.link === 'string' && data.link ? data.link.replace('{lang}', lang) : null;
  const link = path ? `${publicUrl}${path}` : null;
  const t = (name: string) => translator.t(lang, `notifications.layout.${name}`);
  const text = [t('greeting'), body, link ? `${t('open')}: ${link}` : '', '—', t('footer')]
    .filter(Boolean)
    .join('\n\n');
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const button =
    link && publicUrl
      ? `<p><a href="${escapeHtml(link)}" style="color:#b3261e">${escapeHtml(t('open'))}</a></p>`
      : '';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#1f1f1f;max-width:40em">
<p style="color:#b3261e;font-weight:bold">${escapeHtml(t('brand'))}</p>
<p>${escapeHtml(t('greeting'))}</p>
${paragraphs}
${button}
<hr><p style="font-size:small;color:#666">${escapeHtml(t('footer'))}</p>
</body></html>`;
  return { subject, body, text, html, link: path };
}
