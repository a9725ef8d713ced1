import { ageOn, isMinorOn, todayUtc } from './age-rules';

describe('ageOn', () => {
  it.each([
    ['2010-07-15', '2026-07-14', 15],
    ['2010-07-15', '2026-07-15', 16],
    ['2010-07-15', '2026-12-31', 16],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2026-01-02', '2026-01-01', -1],
  ])('born %s, on %s: %i', (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age);
  });

  it.each([
    ['2008-07-15', '2026-07-14', true],
    ['2008-07-15', '2026-07-15', false],
  ])('born %s is a minor on %s: %s', (birth, date, minor) => {
    expect(isMinorOn(birth, date)).toBe(minor);
  });

  it('takes today in UTC', () => {
    expect(todayUtc(new Date('2026-07-01T23:30:00+08:00'))).toBe('2026-07-01');
  });
});
