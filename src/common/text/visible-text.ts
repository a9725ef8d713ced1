/**
 * Characters that show nothing by themselves: separators and spaces of every kind (the
 * ideographic space U+3000, NBSP), control and format characters (zero-width space and
 * joiners U+200B–U+200D, word joiner U+2060, byte-order mark U+FEFF, bidirectional
 * marks), combining marks with no letter to sit on, default-ignorable code points
 * (variation selectors, Hangul fillers, tags), the blank Braille pattern, private-use,
 * unassigned and lone surrogate code units.
 */
const INVISIBLE =
  /^[\p{White_Space}\p{Z}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{M}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/**
 * Whether a text has something a reader would see: the test for "is this written" where
 * an empty or a blank-looking text (`"\u200b"`) must count as missing, not as written.
 */
export function hasVisibleText(text: string | null | undefined): boolean {
  return typeof text === 'string' && !INVISIBLE.test(text);
}
