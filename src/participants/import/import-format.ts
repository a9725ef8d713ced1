import type { FieldError } from '../../common/errors/app-error';
import type { Language } from '../../localization/language';

/**
 * The participant import format: the template's columns with their headers in each
 * language and the localized words the template uses for enumerated values. This is a
 * file format, not interface text, so it lives here and not in i18n/.
 */
export const IMPORT_COLUMNS = [
  { field: 'kind', zh: '类别', ru: 'Категория', width: 14 },
  { field: 'chaperoneRole', zh: '带队身份', ru: 'Роль сопровождающего', width: 16 },
  { field: 'nationality', zh: '国籍', ru: 'Гражданство', width: 14 },
  { field: 'familyName', zh: '姓（本国文字）', ru: 'Фамилия (на родном языке)', width: 22 },
  { field: 'givenName', zh: '名（本国文字）', ru: 'Имя (на родном языке)', width: 22 },
  { field: 'latinFamily', zh: '姓（拉丁字母）', ru: 'Фамилия (латиницей)', width: 20 },
  { field: 'latinGiven', zh: '名（拉丁字母）', ru: 'Имя (латиницей)', width: 20 },
  { field: 'cyrillicFamily', zh: '姓（西里尔字母）', ru: 'Фамилия (кириллицей)', width: 20 },
  { field: 'cyrillicGiven', zh: '名（西里尔字母）', ru: 'Имя (кириллицей)', width: 20 },
  { field: 'chineseFamily', zh: '姓（汉字）', ru: 'Фамилия (иероглифами)', width: 20 },
  { field: 'chineseGiven', zh: '名（汉字）', ru: 'Имя (иероглифами)', width: 20 },
  { field: 'gender', zh: '性别', ru: 'Пол', width: 10 },
  { field: 'birthDate', zh: '出生日期', ru: 'Дата рождения', width: 14 },
  { field: 'birthPlace', zh: '出生地', ru: 'Место рождения', width: 24 },
  { field: 'passportNumber', zh: '护照号码', ru: 'Номер паспорта', width: 18 },
  { field: 'passportExpiry', zh: '护照有效期至', ru: 'Паспорт действителен до', width: 16 },
  { field: 'guardianName', zh: '监护人姓名', ru: 'Законный представитель (ФИО)', width: 26 },
  { field: 'guardianPhone', zh: '监护人电话', ru: 'Телефон представителя', width: 22 },
  { field: 'guardianRelation', zh: '与监护人关系', ru: 'Кем приходится', width: 16 },
  { field: 'emergencyContact', zh: '紧急联系人', ru: 'Экстренный контакт', width: 30 },
  { field: 'phone', zh: '电话', ru: 'Телефон', width: 20 },
  { field: 'email', zh: '电子邮箱', ru: 'Электронная почта', width: 28 },
] as const satisfies readonly { field: string; zh: string; ru: string; width: number }[];

export type ImportField = (typeof IMPORT_COLUMNS)[number]['field'];

/** Columns a file must have: the fields every participant needs. */
export const REQUIRED_COLUMNS: readonly ImportField[] = [
  'kind',
  'nationality',
  'familyName',
  'givenName',
  'gender',
  'birthDate',
  'birthPlace',
];

export const ENUM_WORDS = {
  kind: {
    student: { zh: '学生', ru: 'учащийся' },
    chaperone: { zh: '带队', ru: 'сопровождающий' },
  },
  chaperoneRole: {
    teacher: { zh: '教师', ru: 'учитель' },
    volunteer: { zh: '志愿者', ru: 'волонтёр' },
    other: { zh: '其他', ru: 'другое' },
  },
  nationality: {
    CN: { zh: '中国', ru: 'Китай' },
    RU: { zh: '俄罗斯', ru: 'Россия' },
  },
  gender: {
    male: { zh: '男', ru: 'муж.' },
    female: { zh: '女', ru: 'жен.' },
  },
} as const satisfies Record<string, Record<string, Record<Language, string>>>;

type EnumField = keyof typeof ENUM_WORDS;
const DATE_FIELDS: ReadonlySet<ImportField> = new Set(['birthDate', 'passportExpiry']);

/** What a spreadsheet cell can hold once read; CSV cells are always text. */
export type Cell = string | number | boolean | Date | undefined;

/** Headers match without regard to case, spaces or full-width forms: `Family Name`, `姓(本国文字)`. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

const FIELD_BY_HEADER = new Map<string, ImportField>(
  IMPORT_COLUMNS.flatMap((column) =>
    [column.field, column.zh, column.ru].map(
      (header) => [normalizeHeader(header), column.field] as const,
    ),
  ),
);

function normalizeWord(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\.$/, '');
}

const VALUE_BY_WORD = Object.fromEntries(
  Object.entries(ENUM_WORDS).map(([field, values]) => [
    field,
    new Map(
      Object.entries(values as Record<string, Record<Language, string>>).flatMap(([value, words]) =>
        [value, words.zh, words.ru].map((word) => [normalizeWord(word), value] as const),
      ),
    ),
  ]),
) as Record<EnumField, Map<string, string>>;

/**
 * A refused word of an enumerated column, worded for a spreadsheet: the words the template
 * uses in each language (学生、带队 / учащийся, сопровождающий), not the API's values. The
 * code stays the validator's (IS_IN); only the message and its parameters change.
 */
export function spreadsheetWordError(error: FieldError): FieldError {
  const field = error.field as EnumField;
  if (error.code !== 'IS_IN' || !(field in ENUM_WORDS)) return error;
  const words = Object.values(ENUM_WORDS[field] as Record<string, Record<Language, string>>);
  return {
    ...error,
    messageKey: 'validation.IMPORT_WORD',
    params: {
      zh: words.map((w) => w.zh).join('、'),
      ru: words.map((w) => w.ru).join(', '),
    },
  };
}

/** `A`, `B`, …, `Z`, `AA`: how a spreadsheet names the column at a zero-based index. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

export interface HeaderResult {
  /** The field of each column; `null` for a column with an empty header, which is ignored. */
  columns: (ImportField | null)[];
  errors: FieldError[];
}

/** Reads the header row; errors name the header row and the column letter or missing field. */
export function resolveHeader(cells: readonly Cell[], rowNumber = 1): HeaderResult {
  const errors: FieldError[] = [];
  const seen = new Set<ImportField>();
  const columns = Array.from(cells, (cell, index): ImportField | null => {
    const text = cellText(cell);
    if (text === undefined) return null;
    const field = FIELD_BY_HEADER.get(normalizeHeader(text));
    const at = `rows.${rowNumber}.${columnLetter(index)}`;
    if (!field) {
      errors.push({ field: at, code: 'UNKNOWN_COLUMN', params: { column: text } });
      return null;
    }
    if (seen.has(field)) {
      errors.push({ field: at, code: 'DUPLICATE_COLUMN', params: { column: text } });
      return null;
    }
    seen.add(field);
    return field;
  });
  for (const field of REQUIRED_COLUMNS) {
    if (!seen.has(field)) {
      errors.push({
        field: `rows.${rowNumber}.${field}`,
        code: 'MISSING_COLUMN',
        params: { column: field },
      });
    }
  }
  return { columns, errors };
}

/** A cell as text: trimmed, `undefined` when empty; numbers as typed (`7512345678`). */
export function cellText(cell: Cell): string | undefined {
  if (cell === undefined) return undefined;
  if (cell instanceof Date) return calendarDate(cell);
  const text = String(cell).trim();
  return text === '' ? undefined : text;
}

/** The API value of an enumerated cell; an unknown word stays as typed for validation to refuse. */
export function enumValue(field: EnumField, cell: Cell): string | undefined {
  const text = cellText(cell);
  if (text === undefined) return undefined;
  return VALUE_BY_WORD[field].get(normalizeWord(text)) ?? text;
}

/**
 * A date cell as `YYYY-MM-DD`. Excel stores a date as a day count with no time zone, and
 * exceljs reads it as that day's UTC midnight, so the UTC calendar date is the one Excel
 * shows. Text in a few common orders is accepted; anything else stays as typed for
 * validation to refuse.
 */
export function dateValue(cell: Cell): string | undefined {
  if (cell instanceof Date) return calendarDate(cell);
  if (typeof cell === 'number') return excelSerialDate(cell) ?? String(cell);
  const text = cellText(cell);
  if (text === undefined) return undefined;
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (ymd) return isoDate(ymd[1], ymd[2], ymd[3]);
  const dmy = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (dmy) return isoDate(dmy[3], dmy[2], dmy[1]);
  return text;
}

function isoDate(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function calendarDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** Day 25569 is 1970-01-01 in Excel's 1900 date system; 2958465 is 9999-12-31. */
function excelSerialDate(serial: number): string | undefined {
  if (!(serial >= 1 && serial <= 2958465)) return undefined;
  return calendarDate(new Date(Math.round((serial - 25569) * 86_400_000)));
}

function fieldValue(field: ImportField, cell: Cell): string | undefined {
  if (field in ENUM_WORDS) return enumValue(field as EnumField, cell);
  if (DATE_FIELDS.has(field)) return dateValue(cell);
  return cellText(cell);
}

/** A data row as the JSON body `POST /api/participants` would receive. */
export function rowToInput(
  columns: readonly (ImportField | null)[],
  cells: readonly Cell[],
): Record<string, unknown> {
  const value: Partial<Record<ImportField, string>> = {};
  columns.forEach((field, index) => {
    if (!field) return;
    const text = fieldValue(field, cells[index]);
    if (text !== undefined) value[field] = text;
  });
  const pair = (family?: string, given?: string) =>
    family === undefined && given === undefined ? undefined : { family, given };
  const guardian =
    value.guardianName === undefined &&
    value.guardianPhone === undefined &&
    value.guardianRelation === undefined
      ? undefined
      : { name: value.guardianName, phone: value.guardianPhone, relation: value.guardianRelation };
  const input: Record<string, unknown> = {
    kind: value.kind,
    chaperoneRole: value.chaperoneRole,
    nationality: value.nationality,
    familyName: value.familyName,
    givenName: value.givenName,
    latin: pair(value.latinFamily, value.latinGiven),
    cyrillic: pair(value.cyrillicFamily, value.cyrillicGiven),
    chinese: pair(value.chineseFamily, value.chineseGiven),
    gender: value.gender,
    birthDate: value.birthDate,
    birthPlace: value.birthPlace,
    passportNumber: value.passportNumber,
    passportExpiry: value.passportExpiry,
    guardian,
    emergencyContact: value.emergencyContact,
    phone: value.phone,
    email: value.email,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

const COLUMN_BY_PATH: Record<string, ImportField> = {
  latin: 'latinFamily',
  'latin.family': 'latinFamily',
  'latin.given': 'latinGiven',
  cyrillic: 'cyrillicFamily',
  'cyrillic.family': 'cyrillicFamily',
  'cyrillic.given': 'cyrillicGiven',
  chinese: 'chineseFamily',
  'chinese.family': 'chineseFamily',
  'chinese.given': 'chineseGiven',
  guardian: 'guardianName',
  'guardian.name': 'guardianName',
  'guardian.phone': 'guardianPhone',
  'guardian.relation': 'guardianRelation',
};

/** The column a field error of the API body belongs to: `guardian.phone` → `guardianPhone`. */
export function columnOf(path: string): string {
  return COLUMN_BY_PATH[path] ?? path;
}

/** The template's example row in each language; dates become real date cells. */
export const IMPORT_EXAMPLES: Record<Language, Partial<Record<ImportField, string>>> = {
  zh: {
    kind: ENUM_WORDS.kind.student.zh,
    nationality: ENUM_WORDS.nationality.CN.zh,
    familyName: '李',
    givenName: '雨轩',
    latinFamily: 'LI',
    latinGiven: 'YUXUAN',
    gender: ENUM_WORDS.gender.female.zh,
    birthDate: '2011-05-20',
    birthPlace: '黑龙江省黑河市',
    passportNumber: 'E12345678',
    passportExpiry: '2031-01-01',
    guardianName: '李建国',
    guardianPhone: '+86 139 0000 0000',
    guardianRelation: '父亲',
    emergencyContact: '李建国 +86 139 0000 0000',
  },
  ru: {
    kind: ENUM_WORDS.kind.student.ru,
    nationality: ENUM_WORDS.nationality.RU.ru,
    familyName: 'Щербакова',
    givenName: 'Юлия',
    gender: ENUM_WORDS.gender.female.ru,
    birthDate: '2010-09-01',
    birthPlace: 'г. Благовещенск',
    passportNumber: '7512345678',
    passportExpiry: '2032-03-01',
    guardianName: 'Щербакова Анна Петровна',
    guardianPhone: '+7 914 000 00 00',
    guardianRelation: 'мать',
    emergencyContact: 'Щербакова Анна +7 914 000 00 00',
    email: 'yulia@example.ru',
  },
};

export function isDateField(field: ImportField): boolean {
  return DATE_FIELDS.has(field);
}
