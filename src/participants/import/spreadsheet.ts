import ExcelJS from 'exceljs';
import type { Language } from '../../localization/language';
import { csvRecords } from './csv';
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

/**
 * How much of a file is read, whatever it declares: a worksheet can place a cell at
 * column 16,384 of row 1,048,576 in a few bytes, and a CSV line can hold millions of
 * separators.
 */
export interface SheetLimits {
  /** Data rows after the header. One more is read, so the caller can tell a longer file. */
  rows: number;
  /** Columns of the header. Data rows are read only as wide as their header. */
  columns: number;
}

/**
 * A header wider than any honest participant list: four times the template's columns
 * leaves room for empty and misspelt ones, and keeps every row that is read small.
 */
export const MAX_HEADER_COLUMNS = 4 * IMPORT_COLUMNS.length;

/** The header row has text past the last column a file may have. */
export class HeaderTooWideError extends Error {
  constructor(readonly row: number) {
    super(`The header in row ${row} is too wide.`);
  }
}

/** The last row of a worksheet in every spreadsheet program. */
const LAST_SHEET_ROW = 1_048_576;

/** A row as read: its first cells, and whether any further one holds text. */
interface ReadRow {
  number: number;
  cells: Cell[];
  /** Asked of the header only: for a worksheet it looks at every remaining cell. */
  wider: () => boolean;
}

/**
 * The non-empty rows of the first worksheet (xlsx) or of the file (CSV): the header, the
 * first non-empty row, and at most `limits.rows + 1` data rows after it, each cut to the
 * header's width. A row with text only past that width is empty: no column reads it.
 * Nothing beyond these rows and columns is copied out of the file, so what this returns
 * is bounded by the limits, not by what the file declares.
 */
export async function readSheet(
  format: SheetFormat,
  data: Buffer,
  limits: SheetLimits,
): Promise<SheetRow[]> {
  const source =
    format === 'csv' ? csvRows(data, limits.columns) : await xlsxRows(data, limits.columns);
  const rows: SheetRow[] = [];
  let width = 0;
  for (const row of source) {
    if (rows.length === 0) {
      width = filledWidth(row.cells);
      if (width === 0) continue;
      if (row.wider()) throw new HeaderTooWideError(row.number);
    }
    const cells = row.cells.slice(0, width);
    if (filledWidth(cells) === 0) continue;
    rows.push({ number: row.number, cells });
    if (rows.length > limits.rows + 1) break;
  }
  return rows;
}

function hasText(cell: Cell): boolean {
  return cell !== undefined && String(cell).trim() !== '';
}

/** One past the last cell with text; 0 for an empty row. */
function filledWidth(cells: readonly Cell[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (hasText(cells[i])) return i + 1;
  return 0;
}

function* csvRows(data: Buffer, columns: number): Generator<ReadRow> {
  let number = 0;
  for (const record of csvRecords(new TextDecoder('utf-8').decode(data), columns)) {
    number++;
    yield { number, cells: record.fields, wider: () => record.wider };
  }
}

async function xlsxRows(data: Buffer, columns: number): Promise<Iterable<ReadRow>> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer; it reads Node buffers. It is given only
  // what the bounded unpacking read, so it cannot inflate anything else.
  const unpacked = await unpackWorkbook(data);
  await workbook.xlsx.load(unpacked as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const sheet = workbook.worksheets[0];
  const lastRow = sheet?.rowCount ?? 0;
  if (lastRow > LAST_SHEET_ROW) {
    throw new Error(`A row past ${LAST_SHEET_ROW}: no spreadsheet program wrote this.`);
  }
  return (function* () {
    if (!sheet) return;
    // Row by row and cell by cell up to the limit: exceljs's own walks (eachRow,
    // row.values) visit every column up to a row's last, which a crafted cell at XFD
    // makes 16,384 for each row.
    for (let number = 1; number <= lastRow; number++) {
      const row = sheet.findRow(number);
      if (!row) continue;
      const cells: Cell[] = [];
      for (let column = 1; column <= Math.min(row.cellCount, columns); column++) {
        cells.push(excelCell(row.findCell(column)?.value));
      }
      const wider = () => {
        for (let column = columns + 1; column <= row.cellCount; column++) {
          if (hasText(excelCell(row.findCell(column)?.value))) return true;
        }
        return false;
      };
      yield { number, cells, wider };
    }
  })();
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
