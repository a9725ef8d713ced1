import JSZip from 'jszip';
import { IMPORT_COLUMNS } from './import-format';
import {
  HeaderTooWideError,
  importTemplate,
  MAX_HEADER_COLUMNS,
  readSheet,
  SheetLimits,
  SheetRow,
} from './spreadsheet';

const LIMITS: SheetLimits = { rows: 100, columns: MAX_HEADER_COLUMNS };

const text = (ref: string, value: string) =>
  `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
const number = (ref: string, value: number) => `<c r="${ref}"><v>${value}</v></c>`;
const HEADER = `<row r="1">${IMPORT_COLUMNS.map((c, i) => text(`${letters(i)}1`, c.zh)).join('')}</row>`;

function letters(index: number): string {
  let result = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    result = String.fromCharCode(65 + ((n - 1) % 26)) + result;
  }
  return result;
}

/** The import template with its worksheet's rows replaced by `rows` (sheetData's XML). */
async function workbookWith(rows: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await importTemplate('zh'));
  const name = Object.keys(zip.files).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
  const sheet = await zip.file(name)!.async('string');
  const head = sheet.slice(0, sheet.indexOf('<sheetData>') + '<sheetData>'.length);
  zip.file(name, head + rows + sheet.slice(sheet.indexOf('</sheetData>')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const rowsOf = (count: number, row: (r: number) => string) =>
  Array.from({ length: count }, (_, i) => `<row r="${i + 2}">${row(i + 2)}</row>`).join('');

const cellCount = (rows: SheetRow[]) => rows.reduce((sum, row) => sum + row.cells.length, 0);

describe('readSheet', () => {
  it('reads a cell at column XFD in every row (the audit’s file) as nothing at all', async () => {
    // 40,000 rows, one cell each at the last column: 16,384 columns a row for a naive reader.
    const rows = Array.from(
      { length: 40_000 },
      (_, i) => `<row r="${i + 1}">${number(`XFD${i + 1}`, 1)}</row>`,
    ).join('');
    const file = await workbookWith(rows);
    const started = Date.now();
    expect(await readSheet('xlsx', file, LIMITS)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops after one row more than the limit, each row as wide as its header', async () => {
    const file = await workbookWith(
      HEADER + rowsOf(3_000, (r) => text(`A${r}`, '学生') + number(`XFD${r}`, 1)),
    );
    const rows = await readSheet('xlsx', file, LIMITS);
    // The header and 101 data rows: the caller refuses the file as longer than 100 rows.
    expect(rows).toHaveLength(1 + LIMITS.rows + 1);
    expect(rows.at(-1)!.number).toBe(LIMITS.rows + 2);
    expect(Math.max(...rows.map((row) => row.cells.length))).toBe(IMPORT_COLUMNS.length);
    expect(cellCount(rows)).toBeLessThanOrEqual((LIMITS.rows + 2) * IMPORT_COLUMNS.length);
    expect(rows[1].cells[0]).toBe('学生');
  });

  it.each([
    ['text at XFD in the header row', HEADER.replace('</row>', `${text('XFD1', 'x')}</row>`)],
    [
      `${MAX_HEADER_COLUMNS + 1} header cells`,
      `<row r="1">${Array.from({ length: MAX_HEADER_COLUMNS + 1 }, (_, i) => text(`${letters(i)}1`, 'x')).join('')}</row>`,
    ],
  ])('refuses a header wider than the limit: %s', async (_name, header) => {
    const file = await workbookWith(header + rowsOf(2, (r) => text(`A${r}`, '学生')));
    await expect(readSheet('xlsx', file, LIMITS)).rejects.toEqual(new HeaderTooWideError(1));
  });

  it('takes a header of exactly the limit, and ignores empty cells past it', async () => {
    const header = `<row r="1">${Array.from({ length: MAX_HEADER_COLUMNS }, (_, i) => text(`${letters(i)}1`, 'x')).join('')}${text('XFD1', ' ')}</row>`;
    const rows = await readSheet('xlsx', await workbookWith(header), LIMITS);
    expect(rows.map((row) => row.cells.length)).toEqual([MAX_HEADER_COLUMNS]);
  });

  it('refuses a row past the last one a spreadsheet program has', async () => {
    const file = await workbookWith(HEADER + `<row r="1048577">${text('A1048577', '学生')}</row>`);
    await expect(readSheet('xlsx', file, LIMITS)).rejects.toThrow(/1048576/);
  });

  it('refuses a CSV header of millions of cells without keeping them', async () => {
    const file = Buffer.from(`${'x,'.repeat(2_000_000)}\n学生\n`);
    await expect(readSheet('csv', file, LIMITS)).rejects.toEqual(new HeaderTooWideError(1));
  });

  it('reads a CSV to one row past the limit, rows cut to the header and blank ones skipped', async () => {
    const lines = ['kind,gender', '', ...Array.from({ length: 5_000 }, () => 'student,male,x,y')];
    const rows = await readSheet('csv', Buffer.from(lines.join('\n')), LIMITS);
    expect(rows).toHaveLength(1 + LIMITS.rows + 1);
    expect(rows.slice(0, 2)).toEqual([
      { number: 1, cells: ['kind', 'gender'] },
      { number: 3, cells: ['student', 'male'] },
    ]);
    expect(cellCount(rows)).toBe(2 * rows.length);
  });

  it('skips rows before the header and rows with text only where no column is', async () => {
    const rows = await readSheet(
      'csv',
      Buffer.from('\n,,\nkind,,gender\na,b,c,d\n,,,,e\n'),
      LIMITS,
    );
    expect(rows).toEqual([
      { number: 3, cells: ['kind', '', 'gender'] },
      { number: 4, cells: ['a', 'b', 'c'] },
    ]);
  });
});
