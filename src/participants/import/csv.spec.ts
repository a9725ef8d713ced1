import { CsvError, csvRecords, detectDelimiter, parseCsv } from './csv';

describe('parseCsv', () => {
  it.each([
    [
      'plain',
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'no final newline',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'CRLF and CR',
      'a,b\r\nc,d\re,f\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
        ['e', 'f'],
      ],
    ],
    ['byte-order mark', '\ufeffkind,gender\n', [['kind', 'gender']]],
    [
      'semicolons',
      'a;b;c,d\ne;f',
      [
        ['a', 'b', 'c,d'],
        ['e', 'f'],
      ],
    ],
    ['quoted separator', '"a,b",c', [['a,b', 'c']]],
    ['escaped quote', '"say ""hi""",x', [['say "hi"', 'x']]],
    [
      'newline in quotes',
      '"line 1\nline 2",x\ny,z',
      [
        ['line 1\nline 2', 'x'],
        ['y', 'z'],
      ],
    ],
    ['empty fields', ',,\n', [['', '', '']]],
    ['trailing empty field', 'a,', [['a', '']]],
    ['quoted empty field', '""', [['']]],
    ['blank line keeps numbering', 'a\n\nb\n', [['a'], [''], ['b']]],
    ['unicode', '学生;Россия\n', [['学生', 'Россия']]],
    ['quote inside a bare field', 'a"b,c', [['a"b', 'c']]],
    ['empty input', '', []],
  ])('%s', (_name, text, records) => {
    expect(parseCsv(text)).toEqual(records);
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => parseCsv('a,"b\nc')).toThrow(CsvError);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['"a;b",c', ','],
    ['"a,b";c;d', ';'],
    ['a;b\nc,d,e,f', ';'],
    ['single', ','],
  ])('%s → %s', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('csvRecords', () => {
  it('keeps each record to the fields asked for, and says when text was past them', () => {
    expect(Array.from(csvRecords('a,b,c\nd,,  \n,,"x"\n', 2))).toEqual([
      { fields: ['a', 'b'], wider: true },
      { fields: ['d', ''], wider: false },
      { fields: ['', ''], wider: true },
    ]);
  });

  it('reads a line of millions of separators into no more fields than asked for', () => {
    const [header, next] = csvRecords(`${'x,'.repeat(1_000_000)}\nlast`, 3);
    expect(header).toEqual({ fields: ['x', 'x', 'x'], wider: true });
    expect(next).toEqual({ fields: ['last'], wider: false });
  });
});
