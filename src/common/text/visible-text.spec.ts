import { hasVisibleText } from './visible-text';

describe('hasVisibleText', () => {
  it.each([
    ['nothing', null],
    ['undefined', undefined],
    ['empty', ''],
    ['spaces, tab and line breaks', ' \t\r\n '],
    ['zero-width space U+200B', '\u200b'],
    ['zero-width non-joiner and joiner U+200C U+200D', '\u200c\u200d'],
    ['word joiner U+2060', '\u2060'],
    ['byte-order mark U+FEFF', '\ufeff'],
    ['ideographic space U+3000', '\u3000\u3000'],
    ['no-break space U+00A0', '\u00a0'],
    ['narrow no-break and thin spaces', '\u202f\u2009'],
    ['line and paragraph separators', '\u2028\u2029'],
    ['soft hyphen U+00AD', '\u00ad'],
    ['bidirectional marks and isolates', '\u200e\u200f\u2066\u2069'],
    ['Mongolian vowel separator U+180E', '\u180e'],
    ['combining marks alone', '\u0301\u0308'],
    ['combining grapheme joiner U+034F', '\u034f'],
    ['variation selectors', '\ufe0f\udb40\udd00'],
    ['Hangul fillers', '\u3164\u115f\uffa0'],
    ['blank Braille pattern U+2800', '\u2800'],
    ['tag characters', '\udb40\udc20\udb40\udc7f'],
    ['C0 and C1 controls', '\u0000\u0007\u0085'],
    ['private use', '\ue000'],
    ['a lone surrogate', '\ud800'],
    ['everything above at once', ' \u200b\u3000\ufeff\u2060\u0301\u00a0'],
  ])('%s is no text', (_name, text) => {
    expect(hasVisibleText(text)).toBe(false);
  });

  it.each([
    ['Chinese', '黑河'],
    ['Russian', 'Благовещенск'],
    ['a letter with a combining accent', 'е\u0301'],
    ['a letter among zero-width characters', '\u200bА\u200b'],
    ['a digit', '7'],
    ['punctuation', '—'],
    ['an emoji', '🙂'],
    ['an ideographic full stop', '。'],
    ['a letter after an ideographic space', '\u3000黑'],
  ])('%s is text', (_name, text) => {
    expect(hasVisibleText(text)).toBe(true);
  });
});
