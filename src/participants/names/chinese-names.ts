import { ICAO_DOC_9303, translate } from 'iuliia';
import { pinyin, polyphonic } from 'pinyin-pro';
import { pinyinToPalladius, splitByReadings, syllablesToPalladius } from './palladius';

export type NamePart = 'family' | 'given';

export class InvalidHanziError extends Error {
  constructor(readonly input: string) {
    super(`No passport pinyin for "${input}": expected Chinese characters only`);
    this.name = 'InvalidHanziError';
  }
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
/** pinyin-pro hands back a character it has no reading for unchanged. */
const PINYIN_SYLLABLE = /^[a-zü]+$/;

/** The usual reading of each character, as a surname in a family name. */
function usualReadings(hanzi: string, part: NamePart): string[] {
  return pinyin(hanzi, {
    toneType: 'none',
    type: 'array',
    surname: part === 'family' ? 'all' : 'off',
  });
}

/**
 * The pinyin syllables of a name part, one per character, without tones and with ü:
 * 西安 → [xi, an], 吕 → [lü]. Family names are read as surnames, because many characters
 * read differently there (曾 is zeng, not ceng; 单 is shan, not dan).
 *
 * @throws InvalidHanziError when the text is not made only of Chinese characters
 * with a known reading.
 */
export function hanziSyllables(hanzi: string, part: NamePart): string[] {
  if (!HAN_ONLY.test(hanzi)) throw new InvalidHanziError(hanzi);
  const syllables = usualReadings(hanzi, part);
  if (!syllables.every((syllable) => PINYIN_SYLLABLE.test(syllable))) {
    throw new InvalidHanziError(hanzi);
  }
  return syllables;
}

/**
 * The Latin spelling a Chinese passport prints for one name part: 李 → LI, 雨轩 → YUXUAN,
 * from the syllables of `hanziSyllables`. Passports write ü as YU (吕 → LYU).
 * The hanzi alone can still be ambiguous: a passport at hand always wins over this guess.
 *
 * @throws InvalidHanziError when the text is not made only of Chinese characters
 * with a known reading.
 */
export function passportPinyin(hanzi: string, part: NamePart): string {
  return hanziSyllables(hanzi, part).join('').replaceAll('ü', 'yu').toUpperCase();
}

export interface ChinesePalladius {
  cyrillic: string;
  /**
   * 'hanzi' when every syllable is a reading of its character; 'latin' when a syllable
   * boundary or reading came from the Latin alone, so that a person should check it.
   */
  source: 'hanzi' | 'latin';
}

/**
 * The Palladius Cyrillic of a Chinese name part from its hanzi and its passport spelling.
 * The passport decides the reading (曾 ZENG, a given-name character spelled other than
 * pinyin-pro reads it), the characters decide where syllables end, which the passport
 * hides (西安 XIAN is Сиань, 先 XIAN Сянь). The spelling is cut into one syllable per
 * character, preferring the character's own readings; a character without a known reading
 * still counts as one syllable, though its syllable then comes from the Latin alone. When
 * no such cut exists (the hanzi are not only Chinese characters, or the spelling holds
 * more or fewer syllables than there are characters) the Latin is split as
 * `pinyinToPalladius` guesses.
 *
 * @throws InvalidPinyinError when the passport spelling is not pinyin.
 */
export function chineseNameToPalladius(
  hanzi: string,
  part: NamePart,
  passportLatin: string,
): ChinesePalladius {
  const split = HAN_ONLY.test(hanzi)
    ? splitByReadings(passportLatin, readingsOf(hanzi, part))
    : undefined;
  if (!split) return { cyrillic: pinyinToPalladius(passportLatin), source: 'latin' };
  return {
    cyrillic: syllablesToPalladius(split.syllables),
    source: split.confirmed ? 'hanzi' : 'latin',
  };
}

/**
 * Every reading of each character, the usual one first. An unreadable character's only
 * "reading" is itself, which no syllable matches.
 */
function readingsOf(hanzi: string, part: NamePart): string[][] {
  const all = polyphonic(hanzi, { toneType: 'none', type: 'array' });
  return usualReadings(hanzi, part).map((usual, index) => [...new Set([usual, ...all[index]])]);
}

/**
 * The Latin spelling Russian passports print, by ICAO Doc 9303: Щербаков → SHCHERBAKOV,
 * Юлия → IULIIA. Upper case, as printed, which also evens out the mixed case iuliia
 * gives for upper-case input (ЮЛИЯ → "IuLIIa").
 */
export function russianPassportLatin(cyrillic: string): string {
  return translate(cyrillic, ICAO_DOC_9303).toUpperCase();
}
