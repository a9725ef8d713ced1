import { passportPinyin, russianPassportLatin } from './names/chinese-names';
import { pinyinToPalladius } from './names/palladius';
import type { Nationality } from './participant.entity';

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

/** A generator that cannot read its input leaves the script empty; readiness reports it. */
function attempt(convert: () => string): string | null {
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
 * pinyin (given, or generated with surname readings), Cyrillic follows the Latin by
 * Palladius unless a person overrode it. Russian participants: Cyrillic is native, Latin
 * is the passport's ICAO spelling, and a Chinese form exists only when someone enters one.
 */
export function resolveNames(input: NameInput, previous?: StoredNames): StoredNames {
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
  let overridden: boolean;
  if (input.cyrillic) {
    cyrillic = input.cyrillic;
    overridden = true;
  } else if (input.cyrillic === undefined && previous?.cyrillicOverridden) {
    cyrillic = pair(previous.cyrillicFamily, previous.cyrillicGiven);
    overridden = true;
  } else {
    // Passport Latin wins over a reading guessed from the characters (曾 as ZENG, not CENG).
    cyrillic = latin
      ? pair(
          attempt(() => pinyinToPalladius(latin.family)),
          attempt(() => pinyinToPalladius(latin.given)),
        )
      : null;
    overridden = false;
  }
  return {
    latinFamily: latin?.family ?? null,
    latinGiven: latin?.given ?? null,
    cyrillicFamily: cyrillic?.family ?? null,
    cyrillicGiven: cyrillic?.given ?? null,
    cyrillicOverridden: overridden,
    chineseFamily: input.familyName,
    chineseGiven: input.givenName,
  };
}
