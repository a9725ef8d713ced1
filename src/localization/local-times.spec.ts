import { localTimes, wallTime } from './local-times';

describe('local times', () => {
  it.each([
    // 23:30 in Heihe is 00:30 the next day in Blagoveshchensk.
    {
      utc: '2026-07-01T15:30:00.000Z',
      heihe: '2026-07-01T23:30',
      blagoveshchensk: '2026-07-02T00:30',
    },
    {
      utc: '2026-01-01T00:00:00.000Z',
      heihe: '2026-01-01T08:00',
      blagoveshchensk: '2026-01-01T09:00',
    },
    // Midnight is 00, not 24; the month and year roll over.
    {
      utc: '2025-12-31T16:00:00.000Z',
      heihe: '2026-01-01T00:00',
      blagoveshchensk: '2026-01-01T01:00',
    },
    {
      utc: '2025-12-31T15:59:59.999Z',
      heihe: '2025-12-31T23:59',
      blagoveshchensk: '2026-01-01T00:59',
    },
    {
      utc: '2028-02-28T16:30:00.000Z',
      heihe: '2028-02-29T00:30',
      blagoveshchensk: '2028-02-29T01:30',
    },
    // Neither zone has daylight saving: the same offsets in summer and winter.
    {
      utc: '2026-03-29T02:00:00.000Z',
      heihe: '2026-03-29T10:00',
      blagoveshchensk: '2026-03-29T11:00',
    },
    {
      utc: '2026-10-25T02:00:00.000Z',
      heihe: '2026-10-25T10:00',
      blagoveshchensk: '2026-10-25T11:00',
    },
  ])('$utc is $heihe in Heihe and $blagoveshchensk in Blagoveshchensk', (row) => {
    expect({ utc: row.utc, ...localTimes(new Date(row.utc)) }).toEqual(row);
  });

  it('formats any IANA zone', () => {
    expect(wallTime(new Date('2026-07-01T15:30:00.000Z'), 'UTC')).toBe('2026-07-01T15:30');
  });
});
