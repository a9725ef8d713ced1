import ExcelJS from 'exceljs';
import { zipOf } from '../../../test/support/zip';
import { checkZipBounds, ZipTooLargeError } from './zip-guard';

describe('zip guard', () => {
  it('lets a real workbook through', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('s').addRow(['李', '雨轩']);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(() => checkZipBounds(data)).not.toThrow();
  });

  it('stops a bomb while inflating, whatever size it declares', () => {
    // 200 MB of zeros packs into about 200 KB, and claims to be 1 KB.
    const bomb = zipOf([['xl/worksheets/sheet1.xml', Buffer.alloc(200 * 1024 * 1024)]], 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    expect(() => checkZipBounds(bomb)).toThrow(ZipTooLargeError);
    // Inflating stopped at the limit: far from the 200 MB the bomb holds.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('counts every entry against one budget, and caps the number of entries', () => {
    const tenMegabytes = Buffer.alloc(10 * 1024 * 1024);
    const many = zipOf(Array.from({ length: 7 }, (_, i) => [`f${i}`, tenMegabytes]));
    expect(() => checkZipBounds(many)).toThrow(ZipTooLargeError);
    const small = zipOf([['a', Buffer.from('x')]]);
    expect(() => checkZipBounds(small, { entries: 0, unpackedBytes: 10 })).toThrow(/entries/);
    expect(() => checkZipBounds(Buffer.from('PK\x03\x04not a zip at all'))).toThrow();
  });
});
