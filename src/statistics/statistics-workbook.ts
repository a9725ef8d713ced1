import ExcelJS from 'exceljs';
import type { ReportTable } from './statistics-report';

/** Excel refuses these in a sheet's name, and names over 31 characters. */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * The report as an .xlsx, one sheet per table, written by exceljs. Every cell is a value,
 * never a formula: text stays text, so nothing a school typed can be evaluated.
 */
export async function statisticsWorkbook(
  tables: readonly ReportTable[],
  sheetNames: readonly string[],
  title: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Youth Bridge';
  workbook.title = title;
  const used = new Set<string>();
  tables.forEach((table, i) => {
    let name = (sheetNames[i] ?? table.id).replace(SHEET_NAME_FORBIDDEN, ' ').slice(0, 31);
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 28)} ${n}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    sheet.addRow([]);
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? ''));
    table.columns.forEach((column, c) => {
      const longest = Math.max(column.length, ...table.rows.map((r) => String(r[c] ?? '').length));
      sheet.getColumn(c + 1).width = Math.min(60, Math.max(10, longest + 2));
    });
    sheet.views = [{ state: 'frozen', ySplit: 3 }];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
