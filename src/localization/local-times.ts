/** Heihe, on the Chinese bank of the Amur. */
export const HEIHE_ZONE = 'Asia/Shanghai';
/** Blagoveshchensk, on the Russian bank: one hour ahead, no daylight saving. */
export const BLAGOVESHCHENSK_ZONE = 'Asia/Yakutsk';

/** An instant as wall-clock time on each bank, `YYYY-MM-DDTHH:mm`. */
export interface LocalTimes {
  heihe: string;
  blagoveshchensk: string;
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
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallTime(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export function localTimes(instant: Date): LocalTimes {
  return {
    heihe: wallTime(instant, HEIHE_ZONE),
    blagoveshchensk: wallTime(instant, BLAGOVESHCHENSK_ZONE),
  };
}

/** Today's calendar date (`YYYY-MM-DD`) in a zone: departure days are local days. */
export function todayIn(timeZone: string, now = new Date()): string {
  return wallTime(now, timeZone).slice(0, 10);
}
