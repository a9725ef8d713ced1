import JSZip from 'jszip';
import { IMPORT_COLUMNS, REQUIRED_COLUMNS } from '../../src/participants/import/import-format';
import { MAX_HEADER_COLUMNS } from '../../src/participants/import/spreadsheet';
import {
  MAX_HEADER_ERRORS,
  MAX_IMPORT_ROWS,
} from '../../src/participants/participant-import.service';
import { refusal } from '../support/refusal';
import { Session, TestApp } from '../support/test-app';

const MiB = 1024 * 1024;

/** The import template with its worksheet's rows replaced by `rows` (sheetData's XML). */
async function workbookWith(t: TestApp, school: Session, rows: string): Promise<Buffer> {
  const template = await t
    .as(school, 'get', '/api/participants/import-template?lang=zh')
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const zip = await JSZip.loadAsync(template.body as Buffer);
  const name = Object.keys(zip.files).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
  const sheet = await zip.file(name)!.async('string');
  const head = sheet.slice(0, sheet.indexOf('<sheetData>') + '<sheetData>'.length);
  zip.file(name, head + rows + sheet.slice(sheet.indexOf('</sheetData>')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const text = (ref: string, value: string) =>
  `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;

/**
 * What a file declares (a cell at the last column, 40,000 rows, a header of millions of
 * cells) costs no more than the limits: the reader stops at MAX_IMPORT_ROWS + 1 rows and
 * at the header's width, and the answer is one error, not one per cell.
 */
describe('participant import within its limits', () => {
  let t: TestApp;
  let school: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.loginAdmin();
    school = await t.createUser(admin, 'school_coordinator');
  });
  afterAll(() => t.close());

  const dryRun = (file: Buffer, name: string) =>
    t.as(school, 'post', '/api/participants/import?dryRun=true').attach('file', file, name);

  const fieldsAndCodes = (body: { errors: { field: string; code: string }[] }) =>
    body.errors.map((e) => [e.field, e.code]);

  it('answers the audit’s file (40,000 rows, each a cell at column XFD) at once', async () => {
    const rows = Array.from(
      { length: 40_000 },
      (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}"><v>1</v></c></row>`,
    ).join('');
    const file = await workbookWith(t, school, rows);
    expect(file.length).toBeLessThan(400 * 1024);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const refused = await dryRun(file, 'people.xlsx').expect(refusal('IMPORT_FAILED'));
    expect(fieldsAndCodes(refused.body)).toEqual([['file', 'NO_ROWS']]);
    expect(Date.now() - started).toBeLessThan(15_000);
    // The API runs in this process: 655 million cells were never made.
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * MiB);
  });

  it('refuses more rows than allowed, with a header and a cell at XFD in every row', async () => {
    const header = `<row r="1">${IMPORT_COLUMNS.map((c, i) => text(`${String.fromCharCode(65 + i)}1`, c.zh)).join('')}</row>`;
    const rows = Array.from(
      { length: 40_000 },
      (_, i) =>
        `<row r="${i + 2}">${text(`A${i + 2}`, '学生')}<c r="XFD${i + 2}"><v>1</v></c></row>`,
    ).join('');
    const refused = await dryRun(
      await workbookWith(t, school, header + rows),
      'people.xlsx',
    ).expect(refusal('IMPORT_FAILED'));
    expect(refused.body.errors).toEqual([
      { field: 'file', code: 'TOO_MANY_ROWS', message: `一个文件最多 ${MAX_IMPORT_ROWS} 行。` },
    ]);
  });

  it('refuses a header of 5,000,000 cells with one error', async () => {
    const file = Buffer.from(`${'x,'.repeat(5_000_000)}\n`);
    expect(file.length).toBeLessThan(10 * MiB);
    const refused = await dryRun(file, 'people.csv').expect(refusal('IMPORT_FAILED'));
    expect(refused.text.length).toBeLessThan(2_000);
    expect(refused.body.errors).toEqual([
      {
        field: 'rows.1',
        code: 'HEADER_TOO_WIDE',
        message: expect.stringContaining(`表头超过 ${MAX_HEADER_COLUMNS} 列`),
      },
    ]);
  });

  it.each(['zh', 'ru'])('words the refusal of a wide header in %s', async (lang) => {
    const file = Buffer.from(`${'x;'.repeat(MAX_HEADER_COLUMNS + 1)}\n`);
    const refused = await dryRun(file, 'people.csv')
      .set('accept-language', lang)
      .expect(refusal('IMPORT_FAILED'));
    expect(refused.body.errors[0].message).toMatch(
      lang === 'zh' ? /表头超过 \d+ 列/ : /больше \d+ столбцов/,
    );
  });

  it('reports the first header errors and counts the rest', async () => {
    const width = MAX_HEADER_COLUMNS;
    const file = Buffer.from(
      `${Array.from({ length: width }, (_, i) => `shoe size ${i}`).join(',')}\n`,
    );
    const refused = await dryRun(file, 'people.csv').expect(refusal('IMPORT_FAILED'));
    const errors = fieldsAndCodes(refused.body);
    expect(errors).toHaveLength(MAX_HEADER_ERRORS + 1);
    expect(errors.slice(0, 2)).toEqual([
      ['rows.1.A', 'UNKNOWN_COLUMN'],
      ['rows.1.B', 'UNKNOWN_COLUMN'],
    ]);
    // Every column unknown, and every required one missing.
    expect(refused.body.errors.at(-1)).toEqual({
      field: 'file',
      code: 'MORE_ERRORS',
      message: `另有 ${width + REQUIRED_COLUMNS.length - MAX_HEADER_ERRORS} 处错误未列出。`,
    });
  });
});
