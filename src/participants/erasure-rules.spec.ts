import { erasedBirthDate, erasedNames, initialOf, searchTextOf } from './erasure-rules';

describe('erasure rules', () => {
  it.each([
    ['Иванов', 'И.'],
    ['wang', 'W.'],
    ['  Ли ', 'Л.'],
    ['王', '王'],
    ['欧阳', '欧'],
    ['Ёлкина', 'Ё.'],
    // A letter with a combining mark stays one letter.
    ['É', 'É.'],
    ['', ''],
    [null, null],
  ])('initial of %p is %p', (name, initial) => {
    expect(initialOf(name)).toBe(initial);
  });

  const names = {
    familyName: '王',
    givenName: '小明',
    latinFamily: 'WANG',
    latinGiven: 'XIAOMING',
    cyrillicFamily: 'Ван',
    cyrillicGiven: 'Сяомин',
    chineseFamily: null,
    chineseGiven: null,
  };

  it.each([
    [
      false,
      {
        familyName: '王',
        givenName: '小',
        latinFamily: 'W.',
        latinGiven: 'X.',
        cyrillicFamily: 'В.',
        cyrillicGiven: 'С.',
        chineseFamily: null,
        chineseGiven: null,
      },
    ],
    [true, names],
  ])('names with keepNames=%p', (keep, expected) => {
    expect(erasedNames(names, keep)).toEqual(expected);
  });

  it.each([
    ['2011-05-17', '2011-01-01'],
    ['1980-12-31', '1980-01-01'],
  ])('birth date %s keeps only its year', (date, kept) => {
    expect(erasedBirthDate(date)).toBe(kept);
  });

  it('search text is built from the kept names', () => {
    expect(searchTextOf(erasedNames(names, false))).toBe('王 小 w. x. в. с.');
  });
});
