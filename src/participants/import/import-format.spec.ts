import {
  spreadsheetWordError,
  Cell,
  columnLetter,
  columnOf,
  dateValue,
  ENUM_WORDS,
  enumValue,
  IMPORT_COLUMNS,
  IMPORT_EXAMPLES,
  ImportField,
  normalizeHeader,
  resolveHeader,
  rowToInput,
} from './import-format';

describe('resolveHeader', () => {
  it.each(['zh', 'ru', 'field'] as const)('reads every %s header', (key) => {
    const headers = IMPORT_COLUMNS.map((column) => column[key]);
    expect(resolveHeader(headers)).toEqual({
      columns: IMPORT_COLUMNS.map((column) => column.field),
      errors: [],
    });
  });

  it.each([
    ['passportnumber', 'passportNumber'],
    [' Passport Number ', 'passportNumber'],
    ['PASSPORT\tNUMBER', 'passportNumber'],
    ['姓(本国文字)', 'familyName'],
    ['姓 （本国文字）', 'familyName'],
    ['ФАМИЛИЯ (НА РОДНОМ ЯЗЫКЕ)', 'familyName'],
    ['дата рождения', 'birthDate'],
  ])('%j is %s', (header, field) => {
    expect(resolveHeader([header]).columns).toEqual([field]);
  });

  it('reports unknown, repeated and missing columns, and ignores empty headers', () => {
    const result = resolveHeader(['kind', 'shoe size', undefined, '类别', 'familyName']);
    expect(result.columns).toEqual(['kind', null, null, null, 'familyName']);
    expect(result.errors).toEqual([
      { field: 'rows.1.B', code: 'UNKNOWN_COLUMN', params: { column: 'shoe size' } },
      { field: 'rows.1.D', code: 'DUPLICATE_COLUMN', params: { column: '类别' } },
      ...['nationality', 'givenName', 'gender', 'birthDate', 'birthPlace'].map((field) => ({
        field: `rows.1.${field}`,
        code: 'MISSING_COLUMN',
        params: { column: field },
      })),
    ]);
  });
});

describe('enumValue', () => {
  it.each([
    ['kind', '学生', 'student'],
    ['kind', 'учащийся', 'student'],
    ['kind', 'Учащийся', 'student'],
    ['kind', '带队', 'chaperone'],
    ['kind', 'сопровождающий', 'chaperone'],
    ['kind', 'Chaperone', 'chaperone'],
    ['gender', '男', 'male'],
    ['gender', 'муж.', 'male'],
    ['gender', 'муж', 'male'],
    ['gender', '女', 'female'],
    ['gender', 'жен.', 'female'],
    ['gender', ' FEMALE ', 'female'],
    ['nationality', '中国', 'CN'],
    ['nationality', 'Китай', 'CN'],
    ['nationality', 'cn', 'CN'],
    ['nationality', '俄罗斯', 'RU'],
    ['nationality', 'Россия', 'RU'],
    ['nationality', 'Франция', 'Франция'],
    ['gender', '', undefined],
    ['gender', undefined, undefined],
  ] as const)('%s %j → %j', (field, cell, value) => {
    expect(enumValue(field, cell)).toBe(value);
  });

  it('has a word in each language for every value', () => {
    for (const values of Object.values(ENUM_WORDS)) {
      for (const words of Object.values(values)) {
        expect(words).toEqual({ zh: expect.any(String), ru: expect.any(String) });
      }
    }
  });
});

describe('dateValue', () => {
  it.each<[string, Cell, string | undefined]>([
    ['text', '2011-05-20', '2011-05-20'],
    ['text with spaces', ' 2011-05-20 ', '2011-05-20'],
    ['unpadded', '2011-5-2', '2011-05-02'],
    ['slashes', '2011/05/20', '2011-05-20'],
    ['Russian order', '20.05.2011', '2011-05-20'],
    ['Russian order, unpadded', '1.5.2011', '2011-05-01'],
    ['Excel date cell (UTC midnight)', new Date(Date.UTC(2011, 4, 20)), '2011-05-20'],
    ['Excel date with a time of day', new Date(Date.UTC(2011, 4, 20, 23, 30)), '2011-05-20'],
    ['leap day', new Date(Date.UTC(2012, 1, 29)), '2012-02-29'],
    ['Excel serial number', 40683, '2011-05-20'],
    ['serial number with a time', 40683.75, '2011-05-20'],
    ['out-of-range number stays as typed', 20110520, '20110520'],
    ['unreadable text stays as typed', 'May 20', 'May 20'],
    ['empty', '', undefined],
    ['missing', undefined, undefined],
  ])('%s', (_name, cell, value) => {
    expect(dateValue(cell)).toBe(value);
  });
});

describe('rowToInput', () => {
  const fields = IMPORT_COLUMNS.map((column) => column.field);
  const row = (values: Partial<Record<ImportField, Cell>>) => fields.map((field) => values[field]);

  it('turns the zh example into the API body', () => {
    const example = IMPORT_EXAMPLES.zh;
    expect(rowToInput(fields, row(example))).toEqual({
      kind: 'student',
      nationality: 'CN',
      familyName: '李',
      givenName: '雨轩',
      latin: { family: 'LI', given: 'YUXUAN' },
      gender: 'female',
      birthDate: '2011-05-20',
      birthPlace: '黑龙江省黑河市',
      passportNumber: 'E12345678',
      passportExpiry: '2031-01-01',
      guardian: { name: '李建国', phone: '+86 139 0000 0000', relation: '父亲' },
      emergencyContact: '李建国 +86 139 0000 0000',
    });
  });

  it('keeps half a name pair and half a guardian for validation to refuse', () => {
    expect(rowToInput(fields, row({ cyrillicGiven: 'Мария', guardianPhone: '+7 914' }))).toEqual({
      cyrillic: { family: undefined, given: 'Мария' },
      guardian: { name: undefined, phone: '+7 914', relation: undefined },
    });
  });

  it('reads numbers as typed and skips ignored columns', () => {
    expect(
      rowToInput(['passportNumber', null, 'phone'], [7512345678, 'ignored', 79140000000]),
    ).toEqual({ passportNumber: '7512345678', phone: '79140000000' });
  });
});

describe('naming', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('column %i is %s', (index, letter) => {
    expect(columnLetter(index)).toBe(letter);
  });

  it.each([
    ['latin', 'latinFamily'],
    ['latin.given', 'latinGiven'],
    ['guardian', 'guardianName'],
    ['guardian.phone', 'guardianPhone'],
    ['email', 'email'],
  ])('body field %s is column %s', (path, column) => {
    expect(columnOf(path)).toBe(column);
  });

  it('normalizes headers', () => {
    expect(normalizeHeader(' Given\u00a0Name ')).toBe('givenname');
  });
});

describe('spreadsheetWordError', () => {
  it.each([
    ['gender', 'IS_IN', { zh: '男、女', ru: 'муж., жен.' }],
    ['kind', 'IS_IN', { zh: '学生、带队', ru: 'учащийся, сопровождающий' }],
    ['nationality', 'IS_IN', { zh: '中国、俄罗斯', ru: 'Китай, Россия' }],
  ])('words the refusal of %s with the template’s words', (field, code, params) => {
    expect(spreadsheetWordError({ field, code })).toEqual({
      field,
      code,
      messageKey: 'validation.IMPORT_WORD',
      params,
    });
  });

  it.each([
    ['gender', 'REQUIRED'],
    ['birthPlace', 'IS_IN'],
  ])('leaves %s / %s as it is', (field, code) => {
    expect(spreadsheetWordError({ field, code })).toEqual({ field, code });
  });
});
