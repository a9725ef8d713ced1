import { completedHours } from './digest-schedule';

describe('digest schedule', () => {
  it('counts submissions per completed clock hour only', () => {
    const now = new Date('2026-11-28T15:10:00Z');
    const counts = completedHours(
      [
        new Date('2026-11-28T13:05:00Z'),
        new Date('2026-11-28T13:59:59Z'),
        new Date('2026-11-28T14:00:00Z'),
        new Date('2026-11-28T15:01:00Z'),
      ],
      now,
    );
    expect([...counts]).toEqual([
      [Date.parse('2026-11-28T13:00:00Z'), 2],
      [Date.parse('2026-11-28T14:00:00Z'), 1],
    ]);
  });
});
