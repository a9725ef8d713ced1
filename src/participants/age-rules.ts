/** Dates here are plain calendar dates, `YYYY-MM-DD`: a birthday has no time zone. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Full years of age on a date; someone born on 29 February turns a year older on 1 March. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

export const AGE_OF_MAJORITY = 18;

export function isMinorOn(birthDate: string, date: string): boolean {
  return ageOn(birthDate, date) < AGE_OF_MAJORITY;
}
