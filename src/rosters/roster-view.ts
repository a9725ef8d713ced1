import { Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { maskPassportNumber } from '../participants/passport-rules';
import {
  ChangedMemberDto,
  ReadinessCheckDto,
  RosterDiffDto,
  RosterMemberDto,
  RosterNamesDto,
} from './dto/roster.dto';
import { ReadinessCheck } from './readiness';
import { HeaderField, RosterDiff, RosterPerson } from './roster-content';

/** A person on a roster with a place on the list. */
export interface ListedPerson extends RosterPerson {
  position: number;
  /** The personal fields of this locked copy were erased by the retention policy. */
  erased?: boolean;
}

export type SchoolNames = Map<string, { nameZh: string; nameRu: string }>;

/** Who reads the list: the partner reads Cyrillic and Latin names first. */
export type Audience = 'organizer' | 'partner';

type NameForms = Pick<
  RosterPerson,
  | 'nationality'
  | 'familyName'
  | 'givenName'
  | 'latinFamily'
  | 'latinGiven'
  | 'cyrillicFamily'
  | 'cyrillicGiven'
  | 'chineseFamily'
  | 'chineseGiven'
>;

/**
 * The name as a reader of that language reads it: in Chinese, Chinese characters run
 * together (李雨轩); in Russian, the Cyrillic form, family name first. Falls back through
 * the other scripts when a form is missing.
 */
export function displayName(p: NameForms, lang: Language): string {
  const chinese =
    p.nationality === 'CN' ? [p.familyName, p.givenName] : [p.chineseFamily, p.chineseGiven];
  const forms: [(string | null)[], string][] =
    lang === 'zh'
      ? [
          [chinese, ''],
          [[p.cyrillicFamily, p.cyrillicGiven], ' '],
          [[p.latinFamily, p.latinGiven], ' '],
        ]
      : [
          [[p.cyrillicFamily, p.cyrillicGiven], ' '],
          [[p.latinFamily, p.latinGiven], ' '],
        ];
  for (const [[family, given], separator] of forms) {
    if (family && given) return `${family}${separator}${given}`;
  }
  return `${p.familyName} ${p.givenName}`;
}

export function namesOf(p: NameForms, audience: Audience): RosterNamesDto {
  const pair = (family: string | null, given: string | null) =>
    family && given ? { family, given } : null;
  const native = { family: p.familyName, given: p.givenName };
  const latin = pair(p.latinFamily, p.latinGiven);
  const cyrillic = pair(p.cyrillicFamily, p.cyrillicGiven);
  const chinese = pair(p.chineseFamily, p.chineseGiven);
  return audience === 'partner'
    ? { cyrillic, latin, native, chinese }
    : { native, latin, cyrillic, chinese };
}

/** Turns roster content into response DTOs in one language, passports masked. */
export class RosterView {
  constructor(
    private readonly translator: Translator,
    readonly lang: Language,
    private readonly schools: SchoolNames,
    private readonly audience: Audience = 'organizer',
  ) {}

  t(key: string, params?: Record<string, unknown>): string {
    return this.translator.t(this.lang, key, params);
  }

  /** A school's (or host's) name in this language. */
  schoolName(organizationId: string): string {
    const names = this.schools.get(organizationId);
    if (!names) return '';
    return this.lang === 'ru' ? names.nameRu : names.nameZh;
  }

  member(p: ListedPerson): RosterMemberDto {
    return {
      position: p.position,
      participantId: p.participantId,
      applicationId: p.applicationId,
      kind: p.kind,
      kindLabel: this.t(`roster.kind.${p.kind}`),
      displayName: displayName(p, this.lang),
      names: namesOf(p, this.audience),
      nationality: p.nationality,
      gender: p.gender,
      birthDate: p.erased ? p.birthDate.slice(0, 4) : p.birthDate,
      birthPlace: p.birthPlace,
      passportNumber: p.passportNumber ? maskPassportNumber(p.passportNumber) : null,
      passportExpiry: p.passportExpiry,
      schoolId: p.schoolId,
      schoolName: this.schoolName(p.schoolId),
      erased: Boolean(p.erased),
    };
  }

  diff(
    diff: RosterDiff<ListedPerson>,
    trip: { field: HeaderField; from: string; to: string }[],
    version: number | null,
    against: number | null,
  ): RosterDiffDto {
    const tripValue = (field: HeaderField, value: string) =>
      field === 'direction'
        ? this.t(`roster.direction.${value}`)
        : field === 'hostOrganizationId'
          ? this.schoolName(value)
          : value;
    const shown = (field: string, value: string | null) =>
      field === 'passportNumber' && value
        ? maskPassportNumber(value)
        : field === 'schoolId' && value
          ? this.schoolName(value)
          : value;
    return {
      version,
      against,
      delegation: trip.map(({ field, from, to }) => ({
        field,
        label: this.t(`roster.trip.${field}`),
        from: tripValue(field, from),
        to: tripValue(field, to),
      })),
      added: diff.added.map((p) => this.member(p)),
      removed: diff.removed.map((p) => this.member(p)),
      changed: diff.changed.map(({ after, fields }): ChangedMemberDto => ({
        participantId: after.participantId,
        displayName: displayName(after, this.lang),
        fields: fields.map(({ field, from, to }) => ({
          field,
          label: this.t(`roster.fields.${field}`),
          from: shown(field, from),
          to: shown(field, to),
        })),
      })),
    };
  }

  /** The check's message names the person in this language; a script is named in words. */
  check(check: ReadinessCheck, people: Map<string, RosterPerson>): ReadinessCheckDto {
    return {
      code: check.code,
      severity: check.severity,
      ...(check.participantId ? { participantId: check.participantId } : {}),
      message: this.t(`roster.checks.${check.code}`, this.checkParams(check, people)),
    };
  }

  checkParams(check: ReadinessCheck, people: Map<string, RosterPerson>): Record<string, unknown> {
    const person = check.participantId ? people.get(check.participantId) : undefined;
    return {
      ...check.params,
      ...(person ? { name: displayName(person, this.lang) } : {}),
      ...(typeof check.params.script === 'string'
        ? { script: this.t(`roster.scripts.${check.params.script}`) }
        : {}),
    };
  }
}
