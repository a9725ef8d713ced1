/**
 * What erasure leaves of a person (DOMAIN.md, Data lifecycle): kind, nationality, gender,
 * the year of birth, the school, and the names as initials unless the policy keeps them.
 * Pure, so that the participant and every locked roster copy are erased alike.
 */

/** Fields holding a person's own data that erasure empties, named as the columns are. */
export const ERASED_FIELDS = [
  'passportNumber',
  'passportExpiry',
  'birthPlace',
  'birthDate.day',
  'guardianName',
  'guardianPhone',
  'guardianRelation',
  'emergencyContact',
  'phone',
  'email',
] as const;

export const NAME_FIELDS = [
  'familyName',
  'givenName',
  'latinFamily',
  'latinGiven',
  'cyrillicFamily',
  'cyrillicGiven',
  'chineseFamily',
  'chineseGiven',
] as const;
export type NameField = (typeof NAME_FIELDS)[number];
type Names = Record<NameField, string | null>;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const HAN = /\p{Script=Han}/u;

/**
 * A name's first letter: `Иванов` → `И.`, `wang` → `W.`, `王` → `王` (Chinese writes no
 * full stop after a character). Empty stays empty.
 */
export function initialOf(name: string | null): string | null {
  if (name === null) return null;
  const first = graphemes.segment(name.trim())[Symbol.iterator]().next();
  if (first.done) return name.trim() === '' ? '' : null;
  const letter = first.value.segment;
  return HAN.test(letter) ? letter : `${letter.toLocaleUpperCase()}.`;
}

/** The names as erasure keeps them. */
export function erasedNames<T extends Names>(names: T, keepNames: boolean): Names {
  return Object.fromEntries(
    NAME_FIELDS.map((field) => [field, keepNames ? names[field] : initialOf(names[field])]),
  ) as Names;
}

/** Only the year stays: the stored date becomes that year's 1 January (flagged as erased). */
export function erasedBirthDate(birthDate: string): string {
  return `${birthDate.slice(0, 4)}-01-01`;
}

/** The lower-cased search text for kept names, as the writer builds it. */
export function searchTextOf(names: Names): string {
  return NAME_FIELDS.map((field) => names[field])
    .filter(Boolean)
    .join(' ')
    .toLowerCase()
    .slice(0, 1000);
}
