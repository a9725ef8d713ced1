/**
 * Pinyin → Cyrillic by the Palladius system, as Russian officials and schools expect a
 * Chinese participant's name. The Cyrillic form is only a default: people may edit it.
 */

export class InvalidPinyinError extends Error {
  constructor(readonly input: string) {
    super(`Not valid pinyin: "${input}"`);
    this.name = 'InvalidPinyinError';
  }
}

const INITIALS = {
  b: 'б',
  p: 'п',
  m: 'м',
  f: 'ф',
  d: 'д',
  t: 'т',
  n: 'н',
  l: 'л',
  g: 'г',
  k: 'к',
  h: 'х',
  j: 'цз',
  q: 'ц',
  x: 'с',
  zh: 'чж',
  ch: 'ч',
  sh: 'ш',
  r: 'ж',
  z: 'цз',
  c: 'ц',
  s: 'с',
} as const;

type Initial = keyof typeof INITIALS;

/**
 * Each final with its Cyrillic after an initial and the initials Mandarin combines it
 * with. Knowing the real combinations matters for segmentation: an impossible syllable
 * such as "gin" must never be chosen when splitting a word.
 */
const FINALS: Readonly<Record<string, readonly [cyrillic: string, initials: string]>> = {
  a: ['а', 'b p m f d t n l g k h zh ch sh z c s'],
  o: ['о', 'b p m f'],
  e: ['э', 'm d t n l g k h zh ch sh r z c s'],
  ai: ['ай', 'b p m d t n l g k h zh ch sh z c s'],
  ei: ['эй', 'b p m f d n l g h z sh'],
  ao: ['ао', 'b p m d t n l g k h zh ch sh r z c s'],
  ou: ['оу', 'p m f d t n l g k h zh ch sh r z c s'],
  an: ['ань', 'b p m f d t n l g k h zh ch sh r z c s'],
  en: ['энь', 'b p m f d n g k h zh ch sh r z c s'],
  ang: ['ан', 'b p m f d t n l g k h zh ch sh r z c s'],
  eng: ['эн', 'b p m f d t n l g k h zh ch sh r z c s'],
  ong: ['ун', 'd t n l g k h zh ch r z c s'],
  i: ['и', 'b p m d t n l j q x zh ch sh r z c s'],
  ia: ['я', 'd l j q x'],
  ie: ['е', 'b p m d t n l j q x'],
  iao: ['яо', 'b p m d t n l j q x'],
  iu: ['ю', 'm d n l j q x'],
  ian: ['янь', 'b p m d t n l j q x'],
  in: ['инь', 'b p m n l j q x'],
  iang: ['ян', 'n l j q x'],
  ing: ['ин', 'b p m d t n l j q x'],
  iong: ['юн', 'j q x'],
  u: ['у', 'b p m f d t n l g k h zh ch sh r z c s'],
  ua: ['уа', 'g k h zh ch sh'],
  uo: ['о', 'd t n l g k h zh ch sh r z c s'],
  uai: ['уай', 'g k h zh ch sh'],
  ui: ['уй', 'd t g k h zh ch sh r z c s'],
  uan: ['уань', 'd t n l g k h zh ch sh r z c s'],
  un: ['унь', 'd t l g k h zh ch sh r z c s'],
  uang: ['уан', 'g k h zh ch sh'],
  ü: ['юй', 'n l j q x'],
  üe: ['юэ', 'n l j q x'],
  üan: ['юань', 'j q x'],
  ün: ['юнь', 'j q x'],
};

/** Where Palladius departs from initial + final. */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  zi: 'цзы',
  ci: 'цы',
  si: 'сы',
  hui: 'хуэй',
};

/** Syllables without an initial, written with y- and w- in pinyin. */
const STANDALONE: Readonly<Record<string, string>> = {
  a: 'а',
  o: 'о',
  e: 'э',
  ai: 'ай',
  ei: 'эй',
  ao: 'ао',
  ou: 'оу',
  an: 'ань',
  en: 'энь',
  ang: 'ан',
  eng: 'эн',
  er: 'эр',
  yi: 'и',
  ya: 'я',
  ye: 'е',
  yao: 'яо',
  you: 'ю',
  yan: 'янь',
  yin: 'инь',
  yang: 'ян',
  ying: 'ин',
  yong: 'юн',
  wu: 'у',
  wa: 'ва',
  wo: 'во',
  wai: 'вай',
  wei: 'вэй',
  wan: 'вань',
  wen: 'вэнь',
  wang: 'ван',
  weng: 'вэн',
  yu: 'юй',
  yue: 'юэ',
  yuan: 'юань',
  yun: 'юнь',
};

/**
 * Other spellings of l/n + ü: Chinese passports write ü as "yu" (LYU), and "lue"/"nue"
 * are common and safe to accept, since no syllable lue or nue without ü exists.
 */
const ALIASES: Readonly<Record<string, string>> = {
  lyu: 'lü',
  nyu: 'nü',
  lyue: 'lüe',
  nyue: 'nüe',
  lue: 'lüe',
  nue: 'nüe',
};

function buildSyllables(): ReadonlyMap<string, string> {
  const syllables = new Map(Object.entries(STANDALONE));
  for (const [final, [cyrillic, initials]] of Object.entries(FINALS)) {
    for (const initial of initials.split(' ') as Initial[]) {
      // After j, q and x only ü can follow, so pinyin drops its diaeresis there.
      const spelled = 'jqx'.includes(initial) ? final.replace('ü', 'u') : final;
      const pinyin = initial + spelled;
      syllables.set(pinyin, EXCEPTIONS[pinyin] ?? INITIALS[initial] + cyrillic);
    }
  }
  for (const [alias, pinyin] of Object.entries(ALIASES)) {
    syllables.set(alias, syllables.get(pinyin)!);
  }
  return syllables;
}

const SYLLABLES = buildSyllables();
const LONGEST_SYLLABLE = Math.max(...[...SYLLABLES.keys()].map((syllable) => syllable.length));

const TONE_MARKS = /[\u0300\u0301\u0304\u030c]/g;
/** Apostrophes mark a syllable boundary; so does a tone digit, which ends its syllable. */
const BOUNDARY = /['’ʼ]|(?<=[1-5])/;
const SYLLABLE_RUN = /^[a-zü]+[1-5]?$/;
/**
 * The letters a Palladius syllable can begin with when it has no initial. The references
 * write ъ before every one of them, и and у included: Дунъин (东营), Цзянъинь (江阴),
 * Синъи (兴义), Пинъу (平武), Чанъэ (嫦娥), Цинъян (庆阳), Цзянъю (江油). No syllable
 * begins with ё or ы, and a w- syllable other than wu begins with в, which needs no sign
 * (Ван Цзинвэй).
 */
const CYRILLIC_VOWEL = /^[аоуэияею]/;

/**
 * Splits an unseparated run of letters into syllables, longest match first with
 * backtracking. Pinyin writes an apostrophe before a, o or e inside a word, so those
 * syllables may only open a run (Jinan is ji-nan, Xingan is xin-gan). Passports drop
 * apostrophes, so when no reading obeys that rule (GUOAN) they are allowed anywhere.
 */
function splitRun(run: string): string[] | undefined {
  return splitRunWith(run, false) ?? splitRunWith(run, true);
}

function splitRunWith(run: string, vowelInside: boolean): string[] | undefined {
  // Remembering dead ends keeps long invalid input from costing exponential time.
  const deadEnds = new Set<number>();
  const from = (start: number): string[] | undefined => {
    if (start === run.length) return [];
    if (deadEnds.has(start)) return undefined;
    for (let end = Math.min(run.length, start + LONGEST_SYLLABLE); end > start; end--) {
      const syllable = run.slice(start, end);
      if (!SYLLABLES.has(syllable)) continue;
      if (start > 0 && !vowelInside && /^[aoe]/.test(syllable)) continue;
      const rest = from(end);
      if (rest) return [syllable, ...rest];
    }
    deadEnds.add(start);
    return undefined;
  };
  return from(0);
}

function wordToCyrillic(word: string, input: string): string {
  const syllables = word.split(BOUNDARY).flatMap((run) => {
    const split = SYLLABLE_RUN.test(run) ? splitRun(run.replace(/[1-5]$/, '')) : undefined;
    if (!split) throw new InvalidPinyinError(input);
    return split;
  });
  return syllablesToCyrillic(syllables);
}

/** Guessed and given syllables alike end here, so both are joined by the same rule. */
function syllablesToCyrillic(syllables: readonly string[]): string {
  const cyrillic = syllables.map((syllable) => SYLLABLES.get(syllable)!).reduce(joinSyllables);
  return cyrillic[0].toUpperCase() + cyrillic.slice(1);
}

/** ъ keeps н (from -ng) apart from a following vowel, as in Чанъань; нь (from -n) needs none. */
function joinSyllables(left: string, right: string): string {
  return left.endsWith('н') && CYRILLIC_VOWEL.test(right) ? `${left}ъ${right}` : left + right;
}

/** Lower case without tones, ü for v: the form the syllable table is keyed by. */
function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(TONE_MARKS, '')
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('v', 'ü');
}

/** One spelling per syllable, so that a passport's LYU is the same syllable as lü. */
function canonical(syllable: string): string {
  return ALIASES[syllable] ?? syllable;
}

/**
 * Converts one name part, or several separated by spaces ("Mao Zedong" → "Мао Цзэдун"),
 * each word capitalized. Accepts any case, tone marks or tone digits, apostrophes,
 * and ü written as ü, v, or (after l and n) yu. A passport spelling without apostrophes
 * is read as standard pinyin would be ("XIAN" is Сянь, not Сиань); pass "Xi'an" for the
 * other reading, or cut it by its characters with `splitByReadings`.
 *
 * @throws InvalidPinyinError when the text is empty or is not pinyin.
 */
export function pinyinToPalladius(pinyin: string): string {
  const words = normalize(pinyin)
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) throw new InvalidPinyinError(pinyin);
  return words.map((word) => wordToCyrillic(word, pinyin)).join(' ');
}

/**
 * Converts one name part already cut into syllables, one per character (西安 as xi, an →
 * Сиань), so no boundary is guessed. Syllables are spelled as for `pinyinToPalladius`.
 *
 * @throws InvalidPinyinError when there is no syllable or one is not pinyin.
 */
export function syllablesToPalladius(syllables: readonly string[]): string {
  const keys = syllables.map(normalize);
  if (keys.length === 0 || !keys.every((key) => SYLLABLES.has(key))) {
    throw new InvalidPinyinError(syllables.join("'"));
  }
  return syllablesToCyrillic(keys);
}

export interface ReadingSplit {
  syllables: string[];
  /** Every syllable is one of the readings of its character. */
  confirmed: boolean;
}

interface Candidate {
  syllables: string[];
  readings: number;
  defaults: number;
}

/**
 * Cuts a passport spelling of one name part into exactly one syllable per character.
 * `readings` holds, per character, the syllables it can be read as, its usual reading first
 * (empty for a character without a known reading). Of all the cuts, the one matching the
 * most readings wins, then the one matching the most usual readings, so a spelling that is
 * the characters' usual readings joined comes back as exactly those. Syllables are compared
 * one by one rather than joined, because a joined XINYU would read its n-yu as nü.
 * Apostrophes and spaces are ignored: the characters already tell where syllables end.
 *
 * @returns undefined when the spelling cannot be cut into that many pinyin syllables.
 */
export function splitByReadings(
  latin: string,
  readings: readonly (readonly string[])[],
): ReadingSplit | undefined {
  const run = normalize(latin).replace(/['’ʼ\s]/g, '');
  const known = readings.map((options) => options.map((option) => canonical(normalize(option))));
  const memo = new Map<number, Candidate | null>();
  const from = (start: number, index: number): Candidate | null => {
    if (index === known.length) {
      return start === run.length ? { syllables: [], readings: 0, defaults: 0 } : null;
    }
    const key = start * (known.length + 1) + index;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let best: Candidate | null = null;
    for (let end = Math.min(run.length, start + LONGEST_SYLLABLE); end > start; end--) {
      const syllable = run.slice(start, end);
      if (!SYLLABLES.has(syllable)) continue;
      const rest = from(end, index + 1);
      if (!rest) continue;
      const spelled = canonical(syllable);
      const candidate: Candidate = {
        syllables: [syllable, ...rest.syllables],
        readings: rest.readings + (known[index].includes(spelled) ? 1 : 0),
        defaults: rest.defaults + (known[index][0] === spelled ? 1 : 0),
      };
      if (!best || isBetter(candidate, best)) best = candidate;
    }
    memo.set(key, best);
    return best;
  };
  const best = known.length > 0 ? from(0, 0) : null;
  return best
    ? { syllables: best.syllables, confirmed: best.readings === known.length }
    : undefined;
}

function isBetter(candidate: Candidate, best: Candidate): boolean {
  return candidate.readings !== best.readings
    ? candidate.readings > best.readings
    : candidate.defaults > best.defaults;
}
