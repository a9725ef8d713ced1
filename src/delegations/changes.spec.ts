import { changedFieldsOf, definedFieldsOf } from './changes';

describe('definedFieldsOf', () => {
  it.each([
    [{}, {}],
    [{ a: undefined, b: 1 }, { b: 1 }],
    // null is a value: validation refuses it where it is not allowed.
    [
      { a: null, b: '' },
      { a: null, b: '' },
    ],
  ])('%j → %j', (input, expected) => {
    expect(definedFieldsOf(input)).toEqual(expected);
  });
});

describe('changedFieldsOf', () => {
  const entity = { title: 'A', places: 5, opensAt: new Date('2026-05-01T00:00:00Z') };

  it.each([
    [{}, []],
    [{ title: 'A', places: 5 }, []],
    [{ title: 'B', places: 5 }, ['title']],
    [{ places: 6, title: 'B' }, ['places', 'title']],
    // Instants compare by time, not by object identity.
    [{ opensAt: new Date('2026-05-01T00:00:00Z') }, []],
    [{ opensAt: new Date('2026-05-01T00:00:01Z') }, ['opensAt']],
  ] as const)('%j changes %j', (changes, expected) => {
    expect(changedFieldsOf(entity, changes)).toEqual(expected);
  });
});
