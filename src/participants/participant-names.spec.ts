import { resolveNames } from './participant-names';

describe('resolveNames', () => {
  it('generates passport pinyin and Palladius Cyrillic for a Chinese participant', () => {
    expect(resolveNames({ nationality: 'CN', familyName: '李', givenName: '雨轩' })).toEqual({
      latinFamily: 'LI',
      latinGiven: 'YUXUAN',
      cyrillicFamily: 'Ли',
      cyrillicGiven: 'Юйсюань',
      cyrillicOverridden: false,
      cyrillicSource: 'hanzi',
      chineseFamily: '李',
      chineseGiven: '雨轩',
    });
  });

  it('takes a given passport Latin as the source of the Cyrillic', () => {
    const names = resolveNames({
      nationality: 'CN',
      familyName: '曾',
      givenName: '华',
      latin: { family: 'ZENG', given: 'HUA' },
    });
    expect(names).toMatchObject({
      latinFamily: 'ZENG',
      cyrillicFamily: 'Цзэн',
      cyrillicGiven: 'Хуа',
    });
  });

  it('keeps an overridden Cyrillic when the Latin changes, and regenerates one not overridden', () => {
    const overridden = resolveNames({
      nationality: 'CN',
      familyName: '李',
      givenName: '娜',
      cyrillic: { family: 'Ли', given: 'На' },
    });
    expect(overridden).toMatchObject({ cyrillicOverridden: true, cyrillicSource: 'manual' });
    const relatinized = resolveNames(
      {
        nationality: 'CN',
        familyName: '李',
        givenName: '娜',
        latin: { family: 'LEE', given: 'NA' },
      },
      overridden,
    );
    expect(relatinized).toMatchObject({
      cyrillicFamily: 'Ли',
      cyrillicGiven: 'На',
      cyrillicOverridden: true,
      cyrillicSource: 'manual',
    });

    const generated = resolveNames({ nationality: 'CN', familyName: '吕', givenName: '明' });
    expect(generated).toMatchObject({ latinFamily: 'LYU', cyrillicFamily: 'Люй' });
    const changed = resolveNames(
      {
        nationality: 'CN',
        familyName: '吕',
        givenName: '明',
        latin: { family: 'LV', given: 'MING' },
      },
      generated,
    );
    expect(changed).toMatchObject({
      cyrillicFamily: 'Люй',
      cyrillicGiven: 'Мин',
      cyrillicOverridden: false,
    });
  });

  it('clears an override when the Cyrillic is explicitly set to null', () => {
    const overridden = resolveNames({
      nationality: 'CN',
      familyName: '王',
      givenName: '芳',
      cyrillic: { family: 'Ван', given: 'Фан' },
    });
    const reset = resolveNames(
      { nationality: 'CN', familyName: '王', givenName: '芳', cyrillic: null },
      overridden,
    );
    expect(reset).toMatchObject({
      cyrillicFamily: 'Ван',
      cyrillicGiven: 'Фан',
      cyrillicOverridden: false,
      cyrillicSource: 'hanzi',
    });
  });

  it('leaves the Cyrillic empty when the Latin is no pinyin', () => {
    const names = resolveNames({
      nationality: 'CN',
      familyName: '张',
      givenName: '伟',
      latin: { family: 'CHEUNG', given: 'WAI' },
    });
    expect(names).toMatchObject({
      latinFamily: 'CHEUNG',
      cyrillicFamily: null,
      cyrillicSource: null,
    });
  });

  describe.each([
    [
      'from the characters, the passport Latin generated',
      [
        ['李', '西安', null, 'Ли', 'Сиань'],
        ['王', '欣安', null, 'Ван', 'Синьань'],
        ['李', '嫦娥', null, 'Ли', 'Чанъэ'],
        ['张', '庆阳', null, 'Чжан', 'Цинъян'],
        ['刘', '天安', null, 'Лю', 'Тяньань'],
        ['陈', '长安', null, 'Чэнь', 'Чанъань'],
        ['杨', '雄安', null, 'Ян', 'Сюнъань'],
        ['赵', '延安', null, 'Чжао', 'Яньань'],
        ['毛', '泽东', null, 'Мао', 'Цзэдун'],
        ['习', '近平', null, 'Си', 'Цзиньпин'],
        ['王', '安石', null, 'Ван', 'Аньши'],
        ['欧阳', '修', null, 'Оуян', 'Сю'],
        ['曾', '国藩', null, 'Цзэн', 'Гофань'],
        ['单', '雄信', null, 'Шань', 'Сюнсинь'],
        ['仇', '英', null, 'Цю', 'Ин'],
        ['区', '明', null, 'Оу', 'Мин'],
        ['解', '缙', null, 'Се', 'Цзинь'],
        ['朴', '明', null, 'Пяо', 'Мин'],
        ['吕', '布', null, 'Люй', 'Бу'],
        ['李', '女', null, 'Ли', 'Нюй'],
      ],
    ],
    [
      'from the characters as the given passport reads them',
      [
        ['李', '西安', ['LI', 'XIAN'], 'Ли', 'Сиань'],
        ['王', '欣安', ['WANG', 'XINAN'], 'Ван', 'Синьань'],
        ['李', '嫦娥', ['LI', 'CHANGE'], 'Ли', 'Чанъэ'],
        ['赵', '延安', ['ZHAO', 'YANAN'], 'Чжао', 'Яньань'],
        ['曾', '华', ['ZENG', 'HUA'], 'Цзэн', 'Хуа'],
        ['单', '雄信', ['SHAN', 'XIONGXIN'], 'Шань', 'Сюнсинь'],
        ['吕', '明', ['LV', 'MING'], 'Люй', 'Мин'],
        ['吕', '明', ['LÜ', 'MING'], 'Люй', 'Мин'],
        ['聂', '女', ['NIE', 'NYU'], 'Не', 'Нюй'],
        ['李', '乐乐', ['LI', 'YUEYUE'], 'Ли', 'Юэюэ'],
        ['王', '朝阳', ['WANG', 'ZHAOYANG'], 'Ван', 'Чжаоян'],
      ],
    ],
  ])('%s', (_how, cases) => {
    it.each(cases)(
      '%s %s, Latin %j → %s %s',
      (family, given, latin, cyrillicFamily, cyrillicGiven) => {
        const names = resolveNames({
          nationality: 'CN',
          familyName: family,
          givenName: given,
          latin: latin && { family: latin[0], given: latin[1] },
        });
        expect(names).toMatchObject({
          cyrillicFamily,
          cyrillicGiven,
          cyrillicOverridden: false,
          cyrillicSource: 'hanzi',
        });
      },
    );
  });

  it.each([
    ['李', '明', ['LI', 'MIN'], 'Ли', 'Минь', 'a reading the character does not have'],
    ['李', '𠮷', ['LI', 'JI'], 'Ли', 'Цзи', 'a character without a known reading'],
    ['LI', 'XIAN', ['LI', 'XIAN'], 'Ли', 'Сянь', 'Latin in place of the hanzi'],
    ['李', 'Xinan', ['LI', 'XINAN'], 'Ли', 'Синань', 'a given name in Latin, split as pinyin'],
    ['王', '明', ['WANG', 'XIAOMING'], 'Ван', 'Сяомин', 'more syllables than characters'],
  ])(
    '%s %s, Latin %j → %s %s, guessed from the Latin: %s',
    (family, given, [latinFamily, latinGiven], cyrillicFamily, cyrillicGiven) => {
      const names = resolveNames({
        nationality: 'CN',
        familyName: family,
        givenName: given,
        latin: { family: latinFamily, given: latinGiven },
      });
      expect(names).toMatchObject({ cyrillicFamily, cyrillicGiven, cyrillicSource: 'latin' });
    },
  );

  it('has no Cyrillic, and no source, when the hanzi cannot be read and no Latin is given', () => {
    expect(resolveNames({ nationality: 'CN', familyName: '李', givenName: '𠮷' })).toMatchObject({
      latinGiven: null,
      cyrillicFamily: null,
      cyrillicGiven: null,
      cyrillicSource: null,
    });
  });

  it('keeps the source manual while an override stands, and regenerates it once cleared', () => {
    const overridden = resolveNames({
      nationality: 'CN',
      familyName: '李',
      givenName: '西安',
      cyrillic: { family: 'Ли', given: 'Сиан' },
    });
    const renamed = resolveNames(
      {
        nationality: 'CN',
        familyName: '李',
        givenName: '西安',
        latin: { family: 'LI', given: 'XIAN' },
      },
      overridden,
    );
    expect(renamed).toMatchObject({ cyrillicGiven: 'Сиан', cyrillicSource: 'manual' });
    const cleared = resolveNames(
      { nationality: 'CN', familyName: '李', givenName: '西安', cyrillic: null },
      renamed,
    );
    expect(cleared).toMatchObject({
      cyrillicGiven: 'Сиань',
      cyrillicOverridden: false,
      cyrillicSource: 'hanzi',
    });
  });

  it('generates the ICAO Latin for a Russian participant and never a Chinese form', () => {
    expect(resolveNames({ nationality: 'RU', familyName: 'Щербакова', givenName: 'Юлия' })).toEqual(
      {
        latinFamily: 'SHCHERBAKOVA',
        latinGiven: 'IULIIA',
        cyrillicFamily: 'Щербакова',
        cyrillicGiven: 'Юлия',
        cyrillicOverridden: false,
        cyrillicSource: null,
        chineseFamily: null,
        chineseGiven: null,
      },
    );
    const withChinese = resolveNames({
      nationality: 'RU',
      familyName: 'Иванов',
      givenName: 'Пётр',
      chinese: { family: '伊万诺夫', given: '彼得' },
    });
    expect(withChinese).toMatchObject({ chineseFamily: '伊万诺夫', latinGiven: 'PETR' });
    // An update that says nothing about the Chinese form keeps it.
    expect(
      resolveNames({ nationality: 'RU', familyName: 'Иванов', givenName: 'Пётр' }, withChinese),
    ).toMatchObject({ chineseFamily: '伊万诺夫' });
  });
});
