import { localTimes, readableTime, readableTimes, wallTime, zonedTime } from './local-times';

describe('local times', () => {
  it.each([
    // 23:30 in Heihe is 00:30 the next day in Blagoveshchensk.
    {
      utc: '2026-07-01T15:30:00.000Z',
      heihe: '2026-07-01T23:30:00+08:00',
      blagoveshchensk: '2026-07-02T00:30:00+09:00',
    },
    {
      utc: '2026-01-01T00:00:00.000Z',
      heihe: '2026-01-01T08:00:00+08:00',
      blagoveshchensk: '2026-01-01T09:00:00+09:00',
    },
    // Midnight is 00, not 24; the month and year roll over.
    {
      utc: '2025-12-31T16:00:00.000Z',
      heihe: '2026-01-01T00:00:00+08:00',
      blagoveshchensk: '2026-01-01T01:00:00+09:00',
    },
    {
      utc: '2025-12-31T15:59:59.999Z',
      heihe: '2025-12-31T23:59:59+08:00',
      blagoveshchensk: '2026-01-01T00:59:59+09:00',
    },
    {
      utc: '2028-02-28T16:30:00.000Z',
      heihe: '2028-02-29T00:30:00+08:00',
      blagoveshchensk: '2028-02-29T01:30:00+09:00',
    },
    // Neither zone has daylight saving: the same offsets in summer and winter.
    {
      utc: '2026-03-29T02:00:00.000Z',
      heihe: '2026-03-29T10:00:00+08:00',
      blagoveshchensk: '2026-03-29T11:00:00+09:00',
    },
    {
      utc: '2026-10-25T02:00:00.000Z',
      heihe: '2026-10-25T10:00:00+08:00',
      blagoveshchensk: '2026-10-25T11:00:00+09:00',
    },
  ])('$utc is $heihe in Heihe and $blagoveshchensk in Blagoveshchensk', (row) => {
    expect({ utc: row.utc, ...localTimes(new Date(row.utc)) }).toEqual({
      ...row,
      zones: { heihe: 'Asia/Shanghai', blagoveshchensk: 'Asia/Yakutsk' },
    });
    // The same instant, read back from either form.
    expect(new Date(localTimes(new Date(row.utc)).heihe).getTime()).toBe(
      Math.floor(new Date(row.utc).getTime() / 1000) * 1000,
    );
  });

  it('formats any IANA zone, with the offset it has at that instant', () => {
    const instant = new Date('2026-07-01T15:30:45.123Z');
    expect(wallTime(instant, 'UTC')).toBe('2026-07-01T15:30');
    expect(zonedTime(instant, 'UTC')).toBe('2026-07-01T15:30:45+00:00');
    expect(zonedTime(instant, 'Europe/Moscow')).toBe('2026-07-01T18:30:45+03:00');
    expect(zonedTime(instant, 'Asia/Kolkata')).toBe('2026-07-01T21:00:45+05:30');
    expect(zonedTime(instant, 'America/New_York')).toBe('2026-07-01T11:30:45-04:00');
    expect(zonedTime(new Date('2026-01-01T15:30:45Z'), 'America/New_York')).toBe(
      '2026-01-01T10:30:45-05:00',
    );
  });

  it.each([
    ['2026-07-01T15:30:00Z', 'Asia/Yakutsk', '2026-07-02T00:30:00+09:00 (Asia/Yakutsk)'],
    ['2026-11-24T08:17:45.900Z', 'Asia/Shanghai', '2026-11-24T16:17:45+08:00 (Asia/Shanghai)'],
    ['2026-11-24T08:17:45Z', 'Asia/Yakutsk', '2026-11-24T17:17:45+09:00 (Asia/Yakutsk)'],
    ['2026-01-01T00:00:00Z', 'UTC', '2026-01-01T00:00:00+00:00 (UTC)'],
  ])('writes %s in %s for e-mails and exports as RFC 3339 and the zone id', (at, zone, text) => {
    const written = readableTime(new Date(at), zone);
    expect(written).toBe(text);
    const [rfc3339, id] = written.split(' ');
    expect(rfc3339).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(new Date(rfc3339).getTime()).toBe(Math.floor(new Date(at).getTime() / 1000) * 1000);
    expect(id).toBe(`(${zone})`);
  });

  it('gives both banks for e-mails and exports', () => {
    expect(readableTimes(new Date('2026-11-24T08:17:45Z'))).toEqual({
      heihe: '2026-11-24T16:17:45+08:00 (Asia/Shanghai)',
      blagoveshchensk: '2026-11-24T17:17:45+09:00 (Asia/Yakutsk)',
    });
  });
});
