import { safeNext } from './login.routes';
import { pageNumber, paginationView } from './pagination';
import { languageOf, pathAfterLang } from './portal-renderer';

describe('safeNext', () => {
  it.each([
    ['/zh/school/people?q=李', '/zh/school/people?q=李'],
    ['/ru/account', '/ru/account'],
    ['/zh/', '/zh/'],
    ['//evil.example/', undefined],
    ['/zh//evil.example', undefined],
    ['/zh/\\evil.example', undefined],
    ['/\\evil.example', undefined],
    ['https://evil.example/zh/', undefined],
    ['/en/school/', undefined],
    ['/zh/school/ x', undefined],
    ['javascript:alert(1)', undefined],
    [`/zh/${'a'.repeat(600)}`, undefined],
    [['/zh/'], undefined],
    [undefined, undefined],
  ])('%s → %s', (next, expected) => expect(safeNext(next)).toBe(expected));
});

describe('paginationView', () => {
  it.each([
    [1, 50, 30, undefined],
    [
      1,
      50,
      120,
      { from: 1, to: 50, total: 120, previous: undefined, next: '/p?q=%E6%9D%8E&page=2' },
    ],
    [
      2,
      50,
      120,
      { from: 51, to: 100, total: 120, previous: '/p?q=%E6%9D%8E', next: '/p?q=%E6%9D%8E&page=3' },
    ],
    [
      3,
      50,
      120,
      { from: 101, to: 120, total: 120, previous: '/p?q=%E6%9D%8E&page=2', next: undefined },
    ],
    [
      9,
      50,
      120,
      { from: 0, to: 0, total: 120, previous: '/p?q=%E6%9D%8E&page=3', next: undefined },
    ],
  ])('page %i of %i per page, %i in all', (page, size, total, view) => {
    expect(paginationView('/p', { q: '李', empty: undefined }, page, size, total)).toEqual(view);
  });

  it.each([
    ['2', 2],
    ['0', 1],
    ['-3', 1],
    ['1e3', 1],
    ['999999', 1],
    [['2'], 1],
    [undefined, 1],
  ])('reads ?page=%s as %i', (value, page) => expect(pageNumber(value)).toBe(page));
});

describe('the language in the path', () => {
  it.each([
    ['/zh/school/people?q=李', '/school/people?q=李', 'zh'],
    ['/ru', '/', 'ru'],
    ['/ru?x=1', '/?x=1', 'ru'],
    ['/rus/x', '/rus/x', 'zh'],
  ])('%s', (url, rest, lang) => {
    expect(pathAfterLang(url)).toBe(rest);
    expect(languageOf(url)).toBe(lang);
  });
});
