import { DelegationDto } from '../../delegations/dto/delegation.dto';
import { timesView } from '../../localization/local-times';
import { HTML_LANG, Language } from '../../localization/language';
import { Translator } from '../../localization/translator';
import { hasVisibleText } from '../../common/text/visible-text';

/** A delegation as the school's pages show it, in the page's language. */
export function delegationView(d: DelegationDto, lang: Language, translator: Translator) {
  const now = Date.now();
  const accepting =
    d.status === 'open' &&
    d.applicationOpensAt.getTime() <= now &&
    now < d.applicationClosesAt.getTime();
  return {
    id: d.id,
    title: lang === 'zh' ? d.titleZh : d.titleRu,
    status: d.status,
    statusLabel: translator.t(lang, `portal.delegationStatus.${d.status}`),
    direction: translator.t(lang, `portal.direction.${d.direction}`),
    departureDate: d.departureDate,
    returnDate: d.returnDate,
    studentPlacesLeft: d.studentPlacesLeft,
    chaperonePlacesLeft: d.chaperonePlacesLeft,
    minAge: d.minAge,
    maxAge: d.maxAge,
    opens: timesView(d.applicationOpensAt),
    closes: timesView(d.applicationClosesAt),
    accepting,
  };
}

/**
 * The description in the page's language; when only the other language has one, that
 * one, marked as a translation pending, in its own `lang`.
 */
export function descriptionView(d: DelegationDto, lang: Language) {
  const written = (text: string) => (hasVisibleText(text) ? text.trim() : '');
  const own = written(lang === 'zh' ? d.descriptionZh : d.descriptionRu);
  const other: Language = lang === 'zh' ? 'ru' : 'zh';
  const fallback = written(other === 'zh' ? d.descriptionZh : d.descriptionRu);
  const text = own || fallback;
  return {
    paragraphs: text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    pending: !own && Boolean(fallback),
    htmlLang: HTML_LANG[own ? lang : other],
  };
}

/** "Students 3/10, chaperones 1/2": places taken of places, for organizers' pages. */
export function placesTaken(d: DelegationDto, lang: Language, translator: Translator): string {
  return translator.t(lang, 'portal.console.placesTaken', {
    students: d.studentPlacesTaken,
    studentPlaces: d.studentPlaces,
    chaperones: d.chaperonePlacesTaken,
    chaperonePlaces: d.chaperonePlaces,
  });
}
