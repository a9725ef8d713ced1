import { negotiateLanguage } from './language';

describe('negotiateLanguage', () => {
  it.each([
    [{ query: 'ru', acceptLanguage: 'zh-CN' }, 'ru'],
    [{ query: 'zh', acceptLanguage: 'ru', preferred: 'ru' }, 'zh'],
    [{ query: 'en', acceptLanguage: 'ru' }, 'ru'],
    [{ query: ['ru', 'zh'], acceptLanguage: 'zh' }, 'zh'],
    [{ acceptLanguage: 'ru-RU,ru;q=0.9' }, 'ru'],
    [{ acceptLanguage: 'zh-Hant-TW' }, 'zh'],
    [{ acceptLanguage: 'RU' }, 'ru'],
    [{ acceptLanguage: 'en;q=1, ru;q=0.5, zh;q=0.7' }, 'zh'],
    [{ acceptLanguage: 'ru;q=0.5, zh;q=0.5' }, 'ru'],
    [{ acceptLanguage: 'zh;q=0, ru;q=0.1' }, 'ru'],
    [{ acceptLanguage: 'zh;q=abc, ru' }, 'ru'],
    [{ acceptLanguage: 'en-US, de', preferred: 'ru' }, 'ru'],
    [{ acceptLanguage: '*', preferred: null }, 'zh'],
    [{ preferred: 'ru' }, 'ru'],
    [{ preferred: 'fr' }, 'zh'],
    [{}, 'zh'],
  ] as const)('%j → %s', (input, expected) => {
    expect(negotiateLanguage(input)).toBe(expected);
  });
});
