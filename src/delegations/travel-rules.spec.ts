import { addMonths, daysBetween, passportNeededUntil } from './travel-rules';

describe('travel rules on plain dates', () => {
  it.each([
    ['2026-07-16', 6, '2027-01-16'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-31', 0, '2026-01-31'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('counts days between plain dates across a leap day and the year end', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-07-10', '2026-07-10')).toBe(0);
  });
});

it.each([
  ['2026-07-16', 6, '2027-01-16'],
  ['2026-08-31', 0, '2026-08-31'],
])(
  'a trip returning %s with a margin of %i months needs a passport valid until %s',
  (date, months, expected) => {
    expect(passportNeededUntil(date, months)).toBe(expected);
  },
);
