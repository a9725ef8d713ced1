/**
 * Rules of travel on plain calendar dates (`YYYY-MM-DD`, no time zone): how long a
 * passport must stay valid for a trip, how long a stay is.
 */

/** The last day a passport may expire on: the regime's margin after the return date. */
export function passportNeededUntil(returnDate: string, marginMonths: number): string {
  return addMonths(returnDate, marginMonths);
}

/** A plain date plus whole months; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
