import { slugFromTitles } from './slug';

describe('notice slugs', () => {
  it('comes from the Russian title first, then the Chinese one', () => {
    expect(slugFromTitles('Открыт набор в летний лагерь', '夏令营报名开始')).toBe(
      'otkryt-nabor-v-letny-lager',
    );
    expect(slugFromTitles(null, '夏令营报名开始')).toBe('xia-ling-ying-bao-ming-kai-shi');
    expect(slugFromTitles(null, '2026年夏令营')).toBe('2026-nian-xia-ling-ying');
    expect(slugFromTitles('!!!', '！！')).toBe('notice');
  });
});
