/** How a passport number is shown where it need not be read in full. */

/** `E12345678` → `E1*****78`; short numbers show fewer characters so at least half is hidden. */
export function maskPassportNumber(plain: string): string {
  const shownAtEachEnd = Math.min(2, Math.floor(plain.length / 4));
  return (
    plain.slice(0, shownAtEachEnd) +
    '*'.repeat(plain.length - 2 * shownAtEachEnd) +
    plain.slice(plain.length - shownAtEachEnd)
  );
}
