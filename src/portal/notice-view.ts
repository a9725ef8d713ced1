import type { PublishedNoticeDto } from '../notices/dto/notice.dto';
import { timesView } from '../localization/local-times';
import { HTML_LANG } from '../localization/language';

/** A published notice as a portal page shows it: title, sanitized body, when, language. */
export function noticeView(n: PublishedNoticeDto) {
  return {
    title: n.title,
    bodyHtml: n.bodyHtml,
    htmlLang: HTML_LANG[n.lang],
    pending: n.translationPending,
    at: timesView(n.publishedAt),
  };
}
