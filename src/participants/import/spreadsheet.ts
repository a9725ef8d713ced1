import ExcelJS from 'exceljs';
import type { Language } from '../../localization/language';
import { parseCsv } from './csv';
import { unpackWorkbook } from './workbook-archive';
import { Cell, IMPORT_COLUMNS, IMPORT_EXAMPLES, isDateField } from './import-format';

export type SheetFormat = 'xlsx' | 'csv';

export interface SheetRow {
  /** The row number a spreadsheet shows: the first row is 1. */
  number: number;
  cells: Cell[];
}

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** What a file is by its bytes: an xlsx is a zip; a CSV is UTF-8 text; anything else is neither. */
export function detectFormat(data: Buffer): SheetFormat | undefined {
  if (data.subarray(0, 4).equals(ZIP_SIGNATURE)) return 'xlsx';
  if (data.includes(0)) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return 'csv';
  } catch {
    return undefined;
  }
}

/** The non-empty rows of the first worksheet (xlsx) or of the file (CSV). */
export async function readSheet(format: SheetFormat, data: Buffer): Promise<SheetRow[]> {
  if (format === 'csv') {
    return parseCsv(new TextDecoder('utf-8').decode(data))
      .map((cells, index) => ({ number: index + 1, cells }))
      .filter((row) => row.cells.some((cell) => cell !== undefined && String(cell).trim() !== ''));
  }
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer; it reads Node buffers. It is given only
  // what the bounded unpacking read, so it cannot inflate anything else.
  const unpacked = await unpackWorkbook(data);
  await workbook.xlsx.load(unpacked as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const sheet = workbook.worksheets[0];
  const rows: SheetRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let column = 1; column < values.length; column++) cells.push(excelCell(values[column]));
    if (cells.some((cell) => cell !== undefined && String(cell).trim() !== '')) {
      rows.push({ number, cells });
    }
  });
  return rows;
}

/** Rich text, hyperlinks (an e-mail typed into Excel becomes one) and formulas as their value. */
function excelCell(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) {
    const text = value.text as unknown;
    return typeof text === 'object' && text !== null && 'richText' in text
      ? excelCell(text as ExcelJS.CellRichTextValue)
      : excelCell(text as ExcelJS.CellValue);
  }
  if ('result' in value) return excelCell(value.result);
  return undefined;
}

const TEXT_FIELDS = new Set(['passportNumber', 'guardianPhone', 'phone']);

/** The import template: one header row in the language, and an example row. */
export async function importTemplate(lang: Language): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(lang === 'zh' ? '参与者' : 'Участники', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = IMPORT_COLUMNS.map((column) => ({
    header: column[lang],
    key: column.field,
    width: column.width,
    // Text cells keep leading zeros and long digit runs of numbers and phones as typed.
    style: isDateField(column.field)
      ? { numFmt: 'yyyy-mm-dd' }
      : TEXT_FIELDS.has(column.field)
        ? { numFmt: '@' }
        : {},
  }));
  sheet.getRow(1).font = { bold: true };
  const example = IMPORT_EXAMPLES[lang];
  sheet.addRow(
    Object.fromEntries(
      IMPORT_COLUMNS.map(({ field }) => {
        const value = example[field];
        return [field, value && isDateField(field) ? new Date(`${value}T00:00:00Z`) : value];
      }),
    ),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
