import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chineseNameToPalladius, hanziSyllables, type NamePart } from './chinese-names';
import {
  InvalidPinyinError,
  pinyinToPalladius,
  splitByReadings,
  syllablesToPalladius,
} from './palladius';

const FIXTURE = resolve(__dirname, '../../../test/fixtures/palladius.tsv');

/**
 * Reference rows that keep a traditional spelling no rule produces. 鲁迅 is known in
 * Russian as Лу Синь, but xun is сюнь everywhere else (Xunke → Сюнькэ in the same
 * fixture); 李白 is Ли Бо after an old literary reading of 白, which names read as bai
 * today (Ци Байши). A participant with these characters gets the systematic form.
 */
const TRADITIONAL_FORMS: Readonly<Record<string, string>> = {
  'Lu Xun': 'Лу Сюнь',
  'Li Bai': 'Ли Бай',
};

const referenceRows = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [pinyin, reference, hanzi] = line.split('\t');
    return { pinyin, hanzi, reference, expected: TRADITIONAL_FORMS[pinyin] ?? reference };
  });

/** The name parts of a row, paired by position: family and given name, or one place name. */
function partsOf(
  row: (typeof referenceRows)[number],
): { hanzi: string; part: NamePart; passport: string }[] {
  const words = row.pinyin.split(' ');
  const hanzi = row.hanzi.split(' ');
  expect(hanzi).toHaveLength(words.length);
  return words.map((word, index) => ({
    hanzi: hanzi[index],
    part: words.length > 1 && index === 0 ? 'family' : 'given',
    // A passport prints neither apostrophes nor lower case.
    passport: word.replace(/'/g, '').toUpperCase(),
  }));
}

describe('pinyinToPalladius', () => {
  describe('reference forms', () => {
    it.each(referenceRows)('$pinyin ($hanzi) → $expected', ({ pinyin, expected }) => {
      expect(pinyinToPalladius(pinyin)).toBe(expected);
    });

    it.each(Object.entries(TRADITIONAL_FORMS))(
      'the fixture still holds a traditional form for %s, not %s',
      (pinyin, systematic) => {
        const row = referenceRows.find((candidate) => candidate.pinyin === pinyin);
        expect(row?.reference).toEqual(expect.any(String));
        expect(row?.reference).not.toBe(systematic);
      },
    );
  });

  describe.each([
    [
      'initials',
      [
        ['zhang', 'Чжан'],
        ['chang', 'Чан'],
        ['shan', 'Шань'],
        ['ren', 'Жэнь'],
        ['jia', 'Цзя'],
        ['zao', 'Цзао'],
        ['qin', 'Цинь'],
        ['cao', 'Цао'],
        ['xia', 'Ся'],
        ['song', 'Сун'],
      ],
    ],
    [
      'i after z/c/s is ы, after zh/ch/sh/r и',
      [
        ['zi', 'Цзы'],
        ['ci', 'Цы'],
        ['si', 'Сы'],
        ['zhi', 'Чжи'],
        ['chi', 'Чи'],
        ['shi', 'Ши'],
        ['ri', 'Жи'],
        ['ji', 'Цзи'],
        ['li', 'Ли'],
      ],
    ],
    [
      'e is э',
      [
        ['e', 'Э'],
        ['de', 'Дэ'],
        ['ge', 'Гэ'],
        ['zhe', 'Чжэ'],
        ['fei', 'Фэй'],
        ['er', 'Эр'],
      ],
    ],
    [
      'final -n is нь, -ng is н',
      [
        ['an', 'Ань'],
        ['ang', 'Ан'],
        ['lin', 'Линь'],
        ['ling', 'Лин'],
        ['chen', 'Чэнь'],
        ['cheng', 'Чэн'],
        ['kun', 'Кунь'],
        ['kong', 'Кун'],
        ['xiong', 'Сюн'],
      ],
    ],
    [
      'yu and ü are юй',
      [
        ['yu', 'Юй'],
        ['xu', 'Сюй'],
        ['ju', 'Цзюй'],
        ['qu', 'Цюй'],
        ['lü', 'Люй'],
        ['nü', 'Нюй'],
        ['yue', 'Юэ'],
        ['xue', 'Сюэ'],
        ['lüe', 'Люэ'],
        ['yuan', 'Юань'],
        ['jun', 'Цзюнь'],
      ],
    ],
    [
      'w- syllables',
      [
        ['wu', 'У'],
        ['wei', 'Вэй'],
        ['wang', 'Ван'],
        ['wo', 'Во'],
      ],
    ],
    [
      'hui is хуэй, other -ui уй',
      [
        ['hui', 'Хуэй'],
        ['gui', 'Гуй'],
        ['sui', 'Суй'],
        ['rui', 'Жуй'],
      ],
    ],
    [
      'uo after an initial is о',
      [
        ['guo', 'Го'],
        ['luo', 'Ло'],
        ['zuo', 'Цзо'],
        ['shuo', 'Шо'],
      ],
    ],
    [
      'ъ after н from -ng before a vowel, none after нь',
      [
        ["Chang'an", 'Чанъань'],
        ["Xing'an", 'Синъань'],
        ['Jiangyin', 'Цзянъинь'],
        ['Pingyao', 'Пинъяо'],
        ['Dongying', 'Дунъин'],
        ['Pingwu', 'Пинъу'],
        ["Xi'an", 'Сиань'],
        ["Yan'an", 'Яньань'],
        ['Shenyang', 'Шэньян'],
        ['Huangwan', 'Хуанвань'],
      ],
    ],
  ])('%s', (_rule, cases) => {
    it.each(cases)('%s → %s', (pinyin, cyrillic) => {
      expect(pinyinToPalladius(pinyin)).toBe(cyrillic);
    });
  });

  it.each([
    ['LI YUXUAN', 'Ли Юйсюань'],
    ['li yuxuan', 'Ли Юйсюань'],
    ['Li Yuxuan', 'Ли Юйсюань'],
    ['ZHUGE LIANG', 'Чжугэ Лян'],
    ['OUYANG XIU', 'Оуян Сю'],
    ['  Mao   Zedong ', 'Мао Цзэдун'],
  ])('passport and mixed case: %s → %s', (pinyin, cyrillic) => {
    expect(pinyinToPalladius(pinyin)).toBe(cyrillic);
  });

  it.each([
    ['Lü', 'Люй'],
    ['Lv', 'Люй'],
    ['Lyu', 'Люй'],
    ['LYU', 'Люй'],
    ['LÜ', 'Люй'],
    ['Lǚ', 'Люй'],
    ['LǙ', 'Люй'],
    ['Nü', 'Нюй'],
    ['NV', 'Нюй'],
    ['NYU', 'Нюй'],
    ['lüe', 'Люэ'],
    ['lve', 'Люэ'],
    ['lyue', 'Люэ'],
    ['lue', 'Люэ'],
    ['NYUE', 'Нюэ'],
    ['Lüshun', 'Люйшунь'],
    ['LYUSHUN', 'Люйшунь'],
    ['NVWA', 'Нюйва'],
  ])('ü written %s → %s', (pinyin, cyrillic) => {
    expect(pinyinToPalladius(pinyin)).toBe(cyrillic);
  });

  it.each([
    ['XINYU', 'Синьюй'],
    ['JINYU', 'Цзиньюй'],
  ])('yu after a syllable ending in n stays yu: %s → %s', (pinyin, cyrillic) => {
    expect(pinyinToPalladius(pinyin)).toBe(cyrillic);
  });

  it.each([
    ['Lǐ Yǔxuān', 'Ли Юйсюань'],
    ['Zhōu Ēnlái', 'Чжоу Эньлай'],
    ['Li3 Yu3xuan1', 'Ли Юйсюань'],
    ['Zhu1ge3 Liang4', 'Чжугэ Лян'],
    ['xi1an1', 'Сиань'],
    ['Xī’ān', 'Сиань'],
  ])('tones are dropped: %s → %s', (pinyin, cyrillic) => {
    expect(pinyinToPalladius(pinyin)).toBe(cyrillic);
  });

  it.each([
    ['Xian', 'Сянь'],
    ["Xi'an", 'Сиань'],
    ['Xi’an', 'Сиань'],
    ['Xiʼan', 'Сиань'],
    ['Changan', 'Чаньгань'],
    ["Chang'an", 'Чанъань'],
    ['Xingan', 'Синьгань'],
    ['Jinan', 'Цзинань'],
    ['Henan', 'Хэнань'],
    ['Xining', 'Синин'],
    ['Yanan', 'Янань'],
    ['GUOAN', 'Гоань'],
    ['TIANAN', 'Тяньань'],
    ['Heilongjiang', 'Хэйлунцзян'],
  ])('segments %s → %s', (pinyin, cyrillic) => {
    expect(pinyinToPalladius(pinyin)).toBe(cyrillic);
  });

  it.each([
    [''],
    ['   '],
    ['Smith'],
    ['li-hua'],
    ['gin'],
    ['bong'],
    ['xü'],
    ["'an"],
    ["xi''an"],
    ["xi'"],
    ['xi0an'],
    ['li33'],
    ['ê'],
    ['Ли'],
    ['李'],
    ['na'.repeat(40) + 'x'],
  ])('rejects %j', (text) => {
    expect(() => pinyinToPalladius(text)).toThrow(InvalidPinyinError);
    expect(() => pinyinToPalladius(text)).toThrow(`Not valid pinyin: "${text}"`);
  });
});

describe('reference forms from the characters', () => {
  it.each(referenceRows)('$hanzi → $expected', (row) => {
    const cyrillic = partsOf(row).map(({ hanzi, part }) =>
      syllablesToPalladius(hanziSyllables(hanzi, part)),
    );
    expect(cyrillic.join(' ')).toBe(row.expected);
  });

  it.each(referenceRows)('$hanzi with the passport spelling → $expected', (row) => {
    const names = partsOf(row).map(({ hanzi, part, passport }) =>
      chineseNameToPalladius(hanzi, part, passport),
    );
    expect(names.map((name) => name.cyrillic).join(' ')).toBe(row.expected);
    expect(names.every((name) => name.source === 'hanzi')).toBe(true);
  });
});

describe('syllablesToPalladius', () => {
  it.each([
    [['xi', 'an'], 'Сиань'],
    [['xian'], 'Сянь'],
    [['xin', 'an'], 'Синьань'],
    [['xi', 'nan'], 'Синань'],
    [['tian', 'an'], 'Тяньань'],
    [['yan', 'an'], 'Яньань'],
    [['chang', 'an'], 'Чанъань'],
    [['xiong', 'an'], 'Сюнъань'],
    [['chang', 'e'], 'Чанъэ'],
    [['qing', 'yang'], 'Цинъян'],
    [['jiang', 'you'], 'Цзянъю'],
    [['dong', 'ying'], 'Дунъин'],
    [['xing', 'yi'], 'Синъи'],
    [['ping', 'wu'], 'Пинъу'],
    [['yong', 'yu'], 'Юнъюй'],
    [['jing', 'wei'], 'Цзинвэй'],
    [['xin', 'yu'], 'Синьюй'],
    [['zi', 'yi'], 'Цзыи'],
    [['lü'], 'Люй'],
    [['lv'], 'Люй'],
    [['lyu'], 'Люй'],
    [['nü'], 'Нюй'],
    [['NYU'], 'Нюй'],
    [['Xī', 'Ān'], 'Сиань'],
  ])('%j → %s', (syllables, cyrillic) => {
    expect(syllablesToPalladius(syllables)).toBe(cyrillic);
  });

  it.each([[[]], [['gin']], [['xi an']], [["xi'an"]], [['ng']], [['李']], [['']]])(
    'rejects %j',
    (syllables) => {
      expect(() => syllablesToPalladius(syllables)).toThrow(InvalidPinyinError);
    },
  );
});

describe('splitByReadings', () => {
  const le = ['le', 'yue', 'yao', 'lao'];

  it.each([
    ['XIAN', [['xi'], ['an']], ['xi', 'an']],
    ['XIAN', [['xian']], ['xian']],
    ['XINAN', [['xin'], ['an']], ['xin', 'an']],
    ['XINAN', [['xi'], ['nan']], ['xi', 'nan']],
    ['CHANGE', [['chang', 'zhang'], ['e']], ['chang', 'e']],
    ['ZHANGAN', [['chang', 'zhang'], ['an']], ['zhang', 'an']],
    ['YUEYUE', [le, le], ['yue', 'yue']],
    ['LYU', [['lü']], ['lyu']],
    ['LV', [['lü']], ['lü']],
    ['NYU', [['nü', 'ru']], ['nyu']],
    ['LYUE', [['lüe']], ['lyue']],
    ['XINYU', [['xin'], ['yu']], ['xin', 'yu']],
    ["Xi'an", [['xi'], ['an']], ['xi', 'an']],
    ['YU XUAN', [['yu'], ['xuan']], ['yu', 'xuan']],
    ['Xī’ān', [['xi'], ['an']], ['xi', 'an']],
  ])('%s by the readings %j → %j, all readings', (latin, readings, syllables) => {
    expect(splitByReadings(latin, readings)).toEqual({ syllables, confirmed: true });
  });

  it.each([
    [
      [
        ['xi', 'xin'],
        ['nan', 'an'],
      ],
      ['xi', 'nan'],
    ],
    [
      [
        ['xin', 'xi'],
        ['an', 'nan'],
      ],
      ['xin', 'an'],
    ],
  ])('prefers the usual readings when several cuts match: %j → %j', (readings, syllables) => {
    expect(splitByReadings('XINAN', readings)).toEqual({ syllables, confirmed: true });
  });

  it.each([
    ['MIN', [['ming']], ['min']],
    ['XIAN', [['xi'], ['𠮷']], ['xi', 'an']],
    ['XIAN', [['𠮷'], ['an']], ['xi', 'an']],
    ['YUAN', [['yu'], []], ['yu', 'an']],
    ['LIMIN', [['li'], ['ming']], ['li', 'min']],
  ])('%s by %j → %j, not all readings', (latin, readings, syllables) => {
    expect(splitByReadings(latin, readings)).toEqual({ syllables, confirmed: false });
  });

  it.each([
    ['XIAN', [['xi'], ['an'], ['men']]],
    ['XIAOMING', [['ming']]],
    ['CHEUNG', [['zhang']]],
    ['LI-HUA', [['li'], ['hua']]],
    ['', [['li']]],
    ['LI', []],
    ['NA'.repeat(40), [['na'], ['na']]],
  ])('cannot cut %j into one syllable for each of %j', (latin, readings) => {
    expect(splitByReadings(latin, readings)).toBeUndefined();
  });
});
