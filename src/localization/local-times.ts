/** Heihe, on the Chinese bank of the Amur. */
export const HEIHE_ZONE = 'Asia/Shanghai';
/** Blagoveshchensk, on the Russian bank: one hour ahead, no daylight saving. */
export const BLAGOVESHCHENSK_ZONE = 'Asia/Yakutsk';

/** The two banks' zones, by the city the API and the messages name them after. */
export const ZONES = { heihe: HEIHE_ZONE, blagoveshchensk: BLAGOVESHCHENSK_ZONE } as const;
export type Bank = keyof typeof ZONES;

/**
 * An instant on each bank, RFC 3339 with the offset (`2026-11-24T16:17:45+08:00`), so no
 * reader has to know which zone a bare wall-clock time was in, and the zone ids.
 */
export interface LocalTimes {
  heihe: string;
  blagoveshchensk: string;
  zones: typeof ZONES;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      // The zone's own offset at that instant ("GMT+08:00"), from the time zone database.
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function partsOf(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  // "GMT" alone is UTC itself.
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.slice(3);
  return { ...parts, offset } as Record<
    'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'offset',
    string
  >;
}

/** Wall-clock time in a zone, `YYYY-MM-DDTHH:mm`, for dates and hours of a day. */
export function wallTime(instant: Date, timeZone: string): string {
  const p = partsOf(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** RFC 3339 in a zone, to the second, with that zone's offset: `2026-11-24T16:17:45+08:00`. */
export function zonedTime(instant: Date, timeZone: string): string {
  const p = partsOf(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.offset}`;
}

/**
 * For e-mails and exports, where no attribute can carry the exact value: RFC 3339 with
 * the offset, then the zone id, `2026-11-24T16:17:45+08:00 (Asia/Shanghai)`. Pages show
 * a shorter text and keep this value in `<time datetime>` (see timesView).
 */
export function readableTime(instant: Date, timeZone: string): string {
  return `${zonedTime(instant, timeZone)} (${timeZone})`;
}

export function localTimes(instant: Date): LocalTimes {
  return {
    heihe: zonedTime(instant, HEIHE_ZONE),
    blagoveshchensk: zonedTime(instant, BLAGOVESHCHENSK_ZONE),
    zones: ZONES,
  };
}

/** The same instant on each bank, as e-mails and exports give it (see readableTime). */
export function readableTimes(instant: Date): Record<Bank, string> {
  return {
    heihe: readableTime(instant, HEIHE_ZONE),
    blagoveshchensk: readableTime(instant, BLAGOVESHCHENSK_ZONE),
  };
}

/** Today's calendar date (`YYYY-MM-DD`) in a zone: departure days are local days. */
export function todayIn(timeZone: string, now = new Date()): string {
  return wallTime(now, timeZone).slice(0, 10);
}

/** An instant in both cities' local time, as the templates show it. */
export function timesView(instant: Date) {
  const local = localTimes(instant);
  // What a reader sees: date, time and the offset; the zone id and the exact instant in
  // the element's attributes.
  const shown = (zoned: string) =>
    `${zoned.slice(0, 10)} ${zoned.slice(11, 16)} UTC${zoned.slice(19)}`;
  return {
    heihe: { datetime: local.heihe, zone: local.zones.heihe, text: shown(local.heihe) },
    blagoveshchensk: {
      datetime: local.blagoveshchensk,
      zone: local.zones.blagoveshchensk,
      text: shown(local.blagoveshchensk),
    },
  };
}
