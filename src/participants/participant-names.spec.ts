import { resolveNames } from './participant-names';

describe('resolveNames', () => {
  it('generates passport pinyin and Palladius Cyrillic for a Chinese participant', () => {
    expect(resolveNames({ nationality: 'CN', familyName: '李', givenName: '雨轩' })).toEqual({
      latinFamily: 'LI',
      latinGiven: 'YUXUAN',
      cyrillicFamily: 'Ли',
      cyrillicGiven: 'Юйсюань',
      cyrillicOverridden: false,
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
    expect(overridden.cyrillicOverridden).toBe(true);
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
    });
  });

  it('leaves the Cyrillic empty when the Latin is no pinyin', () => {
    const names = resolveNames({
      nationality: 'CN',
      familyName: '张',
      givenName: '伟',
      latin: { family: 'CHEUNG', given: 'WAI' },
    });
    expect(names).toMatchObject({ latinFamily: 'CHEUNG', cyrillicFamily: null });
  });

  it('generates the ICAO Latin for a Russian participant and never a Chinese form', () => {
    expect(resolveNames({ nationality: 'RU', familyName: 'Щербакова', givenName: 'Юлия' })).toEqual(
      {
        latinFamily: 'SHCHERBAKOVA',
        latinGiven: 'IULIIA',
        cyrillicFamily: 'Щербакова',
        cyrillicGiven: 'Юлия',
        cyrillicOverridden: false,
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
