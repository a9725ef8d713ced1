import { AppError, FieldError } from '../common/errors/app-error';

/**
 * Which days a statistics request means (`?year=` or `?from=&to=`, Heihe's calendar) and
 * which years its year-over-year table compares: plain functions, table-tested.
 */

/** The days a request covers, both included, in Heihe's calendar. */
export interface Period {
  from: string;
  to: string;
  /** Set when the period is one calendar year. */
  year: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** Year-over-year rows go back at most this many years before the period's end. */
export const YEARS_BACK = 9;

function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31`, year };
}

/**
 * `?year=` or `?from=&to=` (days, both included); neither means this year in Heihe. A
 * period is at most ten years long and lies between 2000 and 2100.
 */
export function periodOf(
  query: { year?: number; from?: string; to?: string },
  today: string,
): Period {
  const errors: FieldError[] = [];
  if (query.year !== undefined) {
    if (query.from !== undefined || query.to !== undefined) {
      errors.push({ field: 'year', code: 'PERIOD_YEAR_OR_RANGE' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
    return yearPeriod(query.year);
  }
  if (query.from === undefined && query.to === undefined) {
    return yearPeriod(Number(today.slice(0, 4)));
  }
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value === undefined) errors.push({ field, code: 'REQUIRED' });
    else if (!isDay(value)) errors.push({ field, code: 'IS_PLAIN_DATE' });
    else if (Number(value.slice(0, 4)) < FIRST_YEAR || Number(value.slice(0, 4)) > LAST_YEAR) {
      errors.push({ field, code: 'PERIOD_OUT_OF_RANGE' });
    }
  }
  if (!errors.length && query.from! > query.to!) {
    errors.push({ field: 'to', code: 'PERIOD_ENDS_BEFORE_START' });
  }
  if (!errors.length && Number(query.to!.slice(0, 4)) - Number(query.from!.slice(0, 4)) >= 10) {
    errors.push({ field: 'to', code: 'PERIOD_TOO_LONG' });
  }
  if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  const from = query.from!;
  const to = query.to!;
  const whole =
    from.endsWith('-01-01') && to.endsWith('-12-31') && from.slice(0, 4) === to.slice(0, 4);
  return { from, to, year: whole ? Number(from.slice(0, 4)) : null };
}

/**
 * The years of the year-over-year table: from the first year anything departed (at most
 * `YEARS_BACK` before the period ends, and never after the period starts) to the last.
 */
export function comparedYears(period: Period, firstYearWithData: number | null): number[] {
  const last = Number(period.to.slice(0, 4));
  const start = Number(period.from.slice(0, 4));
  const first = Math.max(last - YEARS_BACK, Math.min(start, firstYearWithData ?? start));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export function within(day: string, period: Period): boolean {
  return day >= period.from && day <= period.to;
}
