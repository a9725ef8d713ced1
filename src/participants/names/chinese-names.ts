import { ICAO_DOC_9303, translate } from 'iuliia';
import { pinyin } from 'pinyin-pro';

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

/**
 * The Latin spelling a Chinese passport prints for one name part: 李 → LI, 雨轩 → YUXUAN.
 * Family names are read as surnames, because many characters read differently there
 * (曾 is ZENG, not CENG; 单 is SHAN, not DAN). Passports write ü as YU (吕 → LYU).
 * The hanzi alone can still be ambiguous: a passport at hand always wins over this guess.
 *
 * @throws InvalidHanziError when the text is not made only of Chinese characters
 * with a known reading.
 */
export function passportPinyin(hanzi: string, part: NamePart): string {
  if (!HAN_ONLY.test(hanzi)) throw new InvalidHanziError(hanzi);
  const syllables = pinyin(hanzi, {
    toneType: 'none',
    type: 'array',
    surname: part === 'family' ? 'all' : 'off',
  });
  if (!syllables.every((syllable) => PINYIN_SYLLABLE.test(syllable))) {
    throw new InvalidHanziError(hanzi);
  }
  return syllables.join('').replaceAll('ü', 'yu').toUpperCase();
}

/**
 * The Latin spelling Russian passports print, by ICAO Doc 9303: Щербаков → SHCHERBAKOV,
 * Юлия → IULIIA. Upper case, as printed, which also evens out the mixed case iuliia
 * gives for upper-case input (ЮЛИЯ → "IuLIIa").
 */
export function russianPassportLatin(cyrillic: string): string {
  return translate(cyrillic, ICAO_DOC_9303).toUpperCase();
}
