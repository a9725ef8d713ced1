import { nestsDeeperThan } from './json-depth';

const nested = (depth: number, open: (inner: unknown) => unknown): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = open(value);
  return value;
};

describe('JSON depth', () => {
  it.each([
    ['a scalar', 1, 0, false],
    ['an object of depth 2 under a limit of 2', nested(2, (v) => ({ a: v })), 2, false],
    ['an object of depth 3 under a limit of 2', nested(3, (v) => ({ a: v })), 2, true],
    ['arrays in arrays', nested(33, (v) => [v]), 32, true],
    ['objects and arrays alternating', nested(40, (v) => ({ a: [v] })), 32, true],
    ['10,000 levels', nested(10_000, (v) => [v]), 32, true],
    [
      'a wide but shallow body',
      { items: Array.from({ length: 5000 }, () => ({ id: 'x' })) },
      32,
      false,
    ],
  ])('%s', (_, value, max, expected) => {
    expect(nestsDeeperThan(value, max)).toBe(expected);
  });
});
