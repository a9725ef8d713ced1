import {
  chineseNameToPalladius,
  hanziSyllables,
  InvalidHanziError,
  passportPinyin,
  russianPassportLatin,
} from './chinese-names';
import { InvalidPinyinError } from './palladius';

describe('hanziSyllables', () => {
  it.each([
    ['西安', 'given', ['xi', 'an']],
    ['欣安', 'given', ['xin', 'an']],
    ['嫦娥', 'given', ['chang', 'e']],
    ['曾', 'family', ['zeng']],
    ['曾', 'given', ['ceng']],
    ['吕', 'family', ['lü']],
    ['女', 'given', ['nü']],
    ['欧阳', 'family', ['ou', 'yang']],
  ] as const)('%s as the %s name → %j', (hanzi, part, syllables) => {
    expect(hanziSyllables(hanzi, part)).toEqual(syllables);
  });

  it.each([[''], ['Li'], ['李a'], ['李 雨'], ['𠮷'], ['李𠮷']])('rejects %j', (text) => {
    expect(() => hanziSyllables(text, 'given')).toThrow(InvalidHanziError);
  });
});

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

describe('chineseNameToPalladius', () => {
  describe.each([
    [
      'syllable breaks come from the characters',
      [
        ['西安', 'given', 'XIAN', 'Сиань'],
        ['先', 'given', 'XIAN', 'Сянь'],
        ['欣安', 'given', 'XINAN', 'Синьань'],
        ['西南', 'given', 'XINAN', 'Синань'],
        ['嫦娥', 'given', 'CHANGE', 'Чанъэ'],
        ['庆阳', 'given', 'QINGYANG', 'Цинъян'],
        ['天安', 'given', 'TIANAN', 'Тяньань'],
        ['长安', 'given', 'CHANGAN', 'Чанъань'],
        ['雄安', 'given', 'XIONGAN', 'Сюнъань'],
        ['延安', 'given', 'YANAN', 'Яньань'],
        ['永玉', 'given', 'YONGYU', 'Юнъюй'],
        ['新宇', 'given', 'XINYU', 'Синьюй'],
        ['欧阳', 'family', 'OUYANG', 'Оуян'],
        ['诸葛', 'family', 'ZHUGE', 'Чжугэ'],
      ],
    ],
    [
      'polyphonic surnames as the passport reads them',
      [
        ['曾', 'family', 'ZENG', 'Цзэн'],
        ['单', 'family', 'SHAN', 'Шань'],
        ['仇', 'family', 'QIU', 'Цю'],
        ['区', 'family', 'OU', 'Оу'],
        ['解', 'family', 'XIE', 'Се'],
        ['朴', 'family', 'PIAO', 'Пяо'],
        ['乐', 'family', 'YUE', 'Юэ'],
        ['查', 'family', 'ZHA', 'Чжа'],
        ['万俟', 'family', 'MOQI', 'Моци'],
        ['尉迟', 'family', 'YUCHI', 'Юйчи'],
      ],
    ],
    [
      'ü however the passport writes it',
      [
        ['吕', 'family', 'LYU', 'Люй'],
        ['吕', 'family', 'LV', 'Люй'],
        ['吕', 'family', 'LÜ', 'Люй'],
        ['女', 'given', 'NYU', 'Нюй'],
        ['略', 'given', 'LYUE', 'Люэ'],
        ['旅顺', 'given', 'LYUSHUN', 'Люйшунь'],
      ],
    ],
  ])('%s', (_rule, cases) => {
    it.each(cases)('%s (%s) %s → %s, from the hanzi', (hanzi, part, latin, cyrillic) => {
      expect(chineseNameToPalladius(hanzi, part as 'family' | 'given', latin)).toEqual({
        cyrillic,
        source: 'hanzi',
      });
    });
  });

  it.each([
    ['曾', 'ZENG', 'Цзэн'],
    ['单', 'SHAN', 'Шань'],
    ['乐乐', 'YUEYUE', 'Юэюэ'],
    ['长安', 'ZHANGAN', 'Чжанъань'],
    ['重阳', 'ZHONGYANG', 'Чжунъян'],
    ['朝阳', 'ZHAOYANG', 'Чжаоян'],
  ])('the passport wins over the usual reading: %s %s → %s', (hanzi, latin, cyrillic) => {
    expect(passportPinyin(hanzi, 'given')).not.toBe(latin);
    expect(chineseNameToPalladius(hanzi, 'given', latin)).toEqual({ cyrillic, source: 'hanzi' });
  });

  it.each([
    ['明', 'MIN', 'Минь', 'a syllable no reading of the character gives'],
    ['雨𠮷', 'YUAN', 'Юйань', 'a character without a known reading, still one syllable'],
    ['𠮷', 'JI', 'Цзи', 'only a character without a known reading'],
    ['明', 'XIAOMING', 'Сяомин', 'more syllables than characters'],
    ['欣安', 'XIN', 'Синь', 'fewer syllables than characters'],
    ['Xian', 'XIAN', 'Сянь', 'Latin in place of the hanzi'],
    ['XINAN', 'XINAN', 'Синань', 'Latin in place of the hanzi, split as pinyin would be'],
    ['李 a', 'LIA', 'Ля', 'not only Chinese characters'],
  ])('%s %s → %s from the Latin: %s', (hanzi, latin, cyrillic) => {
    expect(chineseNameToPalladius(hanzi, 'given', latin)).toEqual({ cyrillic, source: 'latin' });
  });

  it.each([
    ['张', 'CHEUNG'],
    ['西安', 'XI-AN'],
    ['', ''],
  ])('throws for %s spelled %j, which is no pinyin', (hanzi, latin) => {
    expect(() => chineseNameToPalladius(hanzi, 'given', latin)).toThrow(InvalidPinyinError);
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
