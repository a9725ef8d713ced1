import { HEIHE_ZONE, todayIn } from '../../localization/local-times';
import { Language } from '../../localization/language';
import { Translator } from '../../localization/translator';
import { ageOn, isMinorOn } from '../../participants/age-rules';
import { NamesDto, ParticipantDto } from '../../participants/dto/participant.dto';

/** A name in the scripts it has: native first, then Latin, then Cyrillic where it differs. */
export interface NamesView {
  native: string;
  nativeLang: Language;
  latin?: string;
  cyrillic?: string;
  chinese?: string;
}

const CYRILLIC = /[\u0400-\u04FF]/;

export function namesView(names: NamesDto): NamesView {
  const nativeLang: Language = CYRILLIC.test(names.native.family) ? 'ru' : 'zh';
  const join = (pair: { family: string; given: string } | null, gap: string) =>
    pair ? `${pair.family}${gap}${pair.given}` : undefined;
  const native = join(names.native, nativeLang === 'zh' ? '' : ' ')!;
  const cyrillic = join(names.cyrillic, ' ');
  return {
    native,
    nativeLang,
    latin: join(names.latin, ' '),
    cyrillic: cyrillic === native ? undefined : cyrillic,
    chinese: nativeLang === 'ru' ? join(names.chinese, '') : undefined,
  };
}

export function today(): string {
  return todayIn(HEIHE_ZONE);
}

/**
 * One row of the people list, or the head of a person's page; ages on `on` (today in
 * Heihe: a list computes it once, not per row).
 */
export function personRow(
  person: ParticipantDto,
  lang: Language,
  translator: Translator,
  on: string = today(),
) {
  const t = (key: string) => translator.t(lang, `portal.${key}`);
  const minor = isMinorOn(person.birthDate, on);
  return {
    id: person.id,
    names: namesView(person.names),
    kind:
      person.kind === 'chaperone' && person.chaperoneRole
        ? `${t('kind.chaperone')} · ${t(`chaperoneRole.${person.chaperoneRole}`)}`
        : t(`kind.${person.kind}`),
    age: ageOn(person.birthDate, on),
    birthDate: person.birthDate,
    passport: person.passportNumber,
    passportExpiry: person.passportExpiry,
    consents: {
      guardian: person.standingConsents.includes('guardian'),
      needsGuardian: minor,
      crossBorder: person.standingConsents.includes('cross_border'),
    },
    minor,
  };
}
