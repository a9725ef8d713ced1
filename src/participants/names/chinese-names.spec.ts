import { InvalidHanziError, passportPinyin, russianPassportLatin } from './chinese-names';

describe('passportPinyin', () => {
  it.each([
    ['李', 'LI'],
    ['王', 'WANG'],
    ['曾', 'ZENG'],
    ['单', 'SHAN'],
    ['吕', 'LYU'],
    ['仇', 'QIU'],
    ['解', 'XIE'],
    ['区', 'OU'],
    ['朴', 'PIAO'],
    ['查', 'ZHA'],
    ['盖', 'GE'],
    ['欧阳', 'OUYANG'],
    ['诸葛', 'ZHUGE'],
    ['尉迟', 'YUCHI'],
    ['万俟', 'MOQI'],
  ])('family name %s → %s', (hanzi, latin) => {
    expect(passportPinyin(hanzi, 'family')).toBe(latin);
  });

  it.each([
    ['雨轩', 'YUXUAN'],
    ['子涵', 'ZIHAN'],
    ['思远', 'SIYUAN'],
    ['晓明', 'XIAOMING'],
    ['长安', 'CHANGAN'],
    ['重阳', 'CHONGYANG'],
    ['女', 'NYU'],
    ['绿', 'LYU'],
    ['略', 'LYUE'],
    ['俊', 'JUN'],
  ])('given name %s → %s', (hanzi, latin) => {
    expect(passportPinyin(hanzi, 'given')).toBe(latin);
  });

  it.each([
    ['单', 'SHAN', 'DAN'],
    ['曾', 'ZENG', 'CENG'],
    ['解', 'XIE', 'JIE'],
  ])('reads %s as a surname only in the family name', (hanzi, family, given) => {
    expect(passportPinyin(hanzi, 'family')).toBe(family);
    expect(passportPinyin(hanzi, 'given')).toBe(given);
  });

  it.each([[''], ['Li'], ['李a'], [' 李'], ['李 雨'], ['𠮷']])('rejects %j', (text) => {
    expect(() => passportPinyin(text, 'given')).toThrow(InvalidHanziError);
  });
});

describe('russianPassportLatin', () => {
  it.each([
    ['Щербаков', 'SHCHERBAKOV'],
    ['Юлия', 'IULIIA'],
    ['ЮЛИЯ', 'IULIIA'],
    ['Ёлкин', 'ELKIN'],
    ['Соловьёв', 'SOLOVEV'],
    ['Подъячев', 'PODIEIACHEV'],
    ['Алексей', 'ALEKSEI'],
    ['Наталья', 'NATALIA'],
    ['Цой', 'TSOI'],
    ['Хабаров', 'KHABAROV'],
    ['Жанна', 'ZHANNA'],
    ['Эдуард', 'EDUARD'],
    ['Кузьмина', 'KUZMINA'],
    ['Анна-Мария', 'ANNA-MARIIA'],
  ])('%s → %s', (cyrillic, latin) => {
    expect(russianPassportLatin(cyrillic)).toBe(latin);
  });
});
