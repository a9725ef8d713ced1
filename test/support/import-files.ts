import ExcelJS from 'exceljs';
import { randomInt } from 'node:crypto';
import { IMPORT_COLUMNS } from '../../src/participants/import/import-format';
import { uniquePassport } from './people';

export type Cell = string | number | Date | null;

export const FIELDS = IMPORT_COLUMNS.map((column) => column.field);

/** A workbook with one sheet of these rows, as a spreadsheet program would save it. */
export async function xlsx(rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('people');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function csv(rows: string[][], delimiter = ','): Buffer {
  const quote = (value: string) =>
    /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return Buffer.from(
    '\ufeff' + rows.map((row) => row.map(quote).join(delimiter)).join('\r\n') + '\r\n',
  );
}

export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A valid row under the API field names, one value per field in IMPORT_COLUMNS order. */
export function apiRow(values: Partial<Record<(typeof FIELDS)[number], string>>): string[] {
  const row: Record<string, string> = {
    kind: 'student',
    nationality: 'CN',
    familyName: '王',
    givenName: '小明',
    gender: 'male',
    birthDate: '2011-03-04',
    birthPlace: '黑河',
    passportNumber: uniquePassport(),
    passportExpiry: '2031-01-01',
    guardianName: '王大明',
    guardianPhone: '+86 139 0000 0001',
    guardianRelation: 'father',
    ...values,
  };
  return FIELDS.map((field) => row[field] ?? '');
}

/**
 * A CSV of `count` valid Chinese students under the API field names, passports unique to
 * this call: the bulk the fault suites kill a process in the middle of.
 */
export function manyPeopleCsv(count: number): Buffer {
  const run = randomInt(100_000, 999_999);
  const lines = [FIELDS.join(',')];
  for (let i = 0; i < count; i++) {
    const row: Record<string, string> = {
      kind: 'student',
      nationality: 'CN',
      familyName: '张',
      givenName: '伟',
      gender: 'male',
      birthDate: `2011-0${(i % 9) + 1}-1${i % 10}`,
      birthPlace: '黑河',
      passportNumber: `K${run}${String(i).padStart(5, '0')}`,
      passportExpiry: '2032-01-01',
      guardianName: '张三',
      guardianPhone: '+86 139 0000 0000',
      guardianRelation: 'father',
    };
    lines.push(FIELDS.map((field) => row[field] ?? '').join(','));
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}
