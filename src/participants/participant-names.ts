import {
  chineseNameToPalladius,
  passportPinyin,
  russianPassportLatin,
} from './names/chinese-names';
import type { CyrillicSource, Nationality } from './participant.entity';

export type { CyrillicSource };

export interface NamePair {
  family: string;
  given: string;
}

export interface StoredNames {
  latinFamily: string | null;
  latinGiven: string | null;
  cyrillicFamily: string | null;
  cyrillicGiven: string | null;
  cyrillicOverridden: boolean;
  /**
   * null when the Cyrillic is no transcription: there is none, or it is a Russian
   * participant's own name, which was neither generated nor overrides anything.
   */
  cyrillicSource: CyrillicSource | null;
  chineseFamily: string | null;
  chineseGiven: string | null;
}

export interface NameInput {
  nationality: Nationality;
  familyName: string;
  givenName: string;
  latin?: NamePair | null;
  cyrillic?: NamePair | null;
  chinese?: NamePair | null;
}

/**
 * What an earlier save left: its source is not needed, since only an override is kept and
 * `cyrillicOverridden` tells that.
 */
export type PreviousNames = Omit<StoredNames, 'cyrillicSource'>;

/** A generator that cannot read its input leaves the script empty; readiness reports it. */
function attempt<T>(convert: () => T): T | null {
  try {
    return convert() || null;
  } catch {
    return null;
  }
}

function pair(family: string | null, given: string | null): NamePair | null {
  return family && given ? { family, given } : null;
}

/**
 * The names in three scripts. Chinese participants: hanzi are native, Latin is the passport
 * pinyin (given, or generated with surname readings), Cyrillic is Palladius from the
 * syllables of the characters as the passport reads them, unless a person overrode it.
 * Russian participants: Cyrillic is native, Latin is the passport's ICAO spelling, and a
 * Chinese form exists only when someone enters one.
 */
export function resolveNames(input: NameInput, previous?: PreviousNames): StoredNames {
  if (input.nationality === 'RU') {
    const latin =
      input.latin ??
      pair(
        attempt(() => russianPassportLatin(input.familyName)),
        attempt(() => russianPassportLatin(input.givenName)),
      );
    const chinese =
      input.chinese === undefined
        ? pair(previous?.chineseFamily ?? null, previous?.chineseGiven ?? null)
        : input.chinese;
    return {
      latinFamily: latin?.family ?? null,
      latinGiven: latin?.given ?? null,
      cyrillicFamily: input.familyName,
      cyrillicGiven: input.givenName,
      cyrillicOverridden: false,
      cyrillicSource: null,
      chineseFamily: chinese?.family ?? null,
      chineseGiven: chinese?.given ?? null,
    };
  }

  const latin =
    input.latin ??
    pair(
      attempt(() => passportPinyin(input.familyName, 'family')),
      attempt(() => passportPinyin(input.givenName, 'given')),
    );
  let cyrillic: NamePair | null;
  let source: CyrillicSource | null;
  if (input.cyrillic) {
    cyrillic = input.cyrillic;
    source = 'manual';
  } else if (input.cyrillic === undefined && previous?.cyrillicOverridden) {
    cyrillic = pair(previous.cyrillicFamily, previous.cyrillicGiven);
    source = 'manual';
  } else {
    // Passport Latin wins over a reading guessed from the characters (曾 as ZENG, not CENG).
    const family =
      latin && attempt(() => chineseNameToPalladius(input.familyName, 'family', latin.family));
    const given =
      latin && attempt(() => chineseNameToPalladius(input.givenName, 'given', latin.given));
    cyrillic = pair(family?.cyrillic ?? null, given?.cyrillic ?? null);
    // One part guessed from the Latin is enough for the whole name to need a look.
    const fromHanzi = family?.source === 'hanzi' && given?.source === 'hanzi';
    source = cyrillic && (fromHanzi ? 'hanzi' : 'latin');
  }
  return {
    latinFamily: latin?.family ?? null,
    latinGiven: latin?.given ?? null,
    cyrillicFamily: cyrillic?.family ?? null,
    cyrillicGiven: cyrillic?.given ?? null,
    cyrillicOverridden: source === 'manual',
    cyrillicSource: source,
    chineseFamily: input.familyName,
    chineseGiven: input.givenName,
  };
}

/** How a stored Latin spelling came about: generated from the native name, or typed. */
export const LATIN_SOURCES = ['hanzi', 'cyrillic', 'manual'] as const;
export type LatinSource = (typeof LATIN_SOURCES)[number];

/**
 * Told from the stored names alone: a Latin spelling equal to what the native name
 * generates was (or might as well have been) generated; any other was typed by a person.
 */
export function latinSourceOf(names: {
  nationality: Nationality;
  familyName: string;
  givenName: string;
  latinFamily: string | null;
  latinGiven: string | null;
}): LatinSource | null {
  if (!names.latinFamily || !names.latinGiven) return null;
  const generated =
    names.nationality === 'RU'
      ? pair(
          attempt(() => russianPassportLatin(names.familyName)),
          attempt(() => russianPassportLatin(names.givenName)),
        )
      : pair(
          attempt(() => passportPinyin(names.familyName, 'family')),
          attempt(() => passportPinyin(names.givenName, 'given')),
        );
  const same = generated?.family === names.latinFamily && generated.given === names.latinGiven;
  if (!same) return 'manual';
  return names.nationality === 'RU' ? 'cyrillic' : 'hanzi';
}
