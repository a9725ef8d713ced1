import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { craftZip, zipOf } from '../../../test/support/zip';
import {
  unpackBounded,
  unpackWorkbook,
  ZIP_LIMITS,
  ZipTooLargeError,
  ZipMalformedError,
  ZipUnreadableError,
} from './workbook-archive';

const MiB = 1024 * 1024;
const sheet = (text = 'x') => ({ name: 'xl/worksheets/sheet1.xml', content: Buffer.from(text) });
const zeros = (name: string, megabytes: number) => ({
  name,
  content: Buffer.alloc(megabytes * MiB),
});

/** The audit's bomb: the end record counts 16 entries, the archive holds a 17th of zeros. */
function hiddenSeventeenth(options: { directorySizeToo: boolean }): Buffer {
  const entries = Array.from({ length: 16 }, (_, i) => ({
    name: `xl/f${i}.xml`,
    content: Buffer.from('<x/>'),
  }));
  const zip = craftZip([...entries, zeros('xl/bomb.xml', 200)], { declaredEntries: 16 });
  if (options.directorySizeToo) {
    // Make the directory size agree with 16 records too: only the layout gives it away.
    const end = zip.length - 22;
    const lastRecord = 46 + 'xl/bomb.xml'.length;
    zip.writeUInt32LE(zip.readUInt32LE(end + 12) - lastRecord, end + 12);
  }
  return zip;
}

async function memoryWhile(work: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  await work().catch(() => undefined);
  return process.memoryUsage().rss - before;
}

describe('workbook archive', () => {
  it('hands the reader a real workbook unchanged in content, stored rather than deflated', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('s').addRow(['李', '雨轩']);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const original = await JSZip.loadAsync(data);
    const rebuilt = await unpackWorkbook(data);
    const read = await JSZip.loadAsync(rebuilt);
    expect(Object.keys(read.files).sort()).toEqual(
      Object.keys(original.files)
        .filter((name) => !name.endsWith('/'))
        .sort(),
    );
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(rebuilt as unknown as ArrayBuffer);
    expect(reread.worksheets[0].getRow(1).values).toEqual([undefined, '李', '雨轩']);
  });

  it.each([
    [
      'the end record counts fewer entries than the directory holds',
      hiddenSeventeenth({ directorySizeToo: false }),
    ],
    [
      '... and the directory size is adjusted to match',
      hiddenSeventeenth({ directorySizeToo: true }),
    ],
    [
      'a local entry the central directory does not list',
      craftZip([
        { name: 'xl/a.xml', content: Buffer.from('a') },
        { ...zeros('xl/hidden.xml', 200), listed: false },
        { name: 'xl/c.xml', content: Buffer.from('c') },
      ]),
    ],
    [
      'a hidden entry at the end, before the directory',
      craftZip([sheet(), { ...zeros('xl/hidden.xml', 200), listed: false }]),
    ],
    [
      'two records pointing at one entry (overlapping entries)',
      craftZip([{ ...zeros('xl/a.xml', 20), alsoListedAs: ['xl/b.xml', 'xl/c.xml'] }]),
    ],
    [
      'the end record counts more entries than there are',
      craftZip([sheet()], { declaredEntries: 2 }),
    ],
    ['a name twice', craftZip([sheet('a'), sheet('b')])],
    [
      'bytes before the first entry',
      Buffer.concat([Buffer.alloc(64), zipOf([['a', Buffer.from('x')]])]),
    ],
  ])('refuses %s before inflating it', async (_, data) => {
    const grown = await memoryWhile(async () => {
      await expect(unpackBounded(data)).rejects.toThrow(ZipMalformedError);
    });
    expect(grown).toBeLessThan(150 * MiB);
  });

  it('tells a file that is not a zip at all from a crafted one', async () => {
    await expect(unpackBounded(Buffer.from('PK\x03\x04not a zip at all'))).rejects.toThrow(
      ZipUnreadableError,
    );
  });

  it('stops an entry that inflates to more than it declares, whatever it claims', async () => {
    // 200 MB of zeros packs into about 200 KB, and claims to be 1 KB.
    const bomb = zipOf([['xl/worksheets/sheet1.xml', Buffer.alloc(200 * MiB)]], 1024);
    expect(bomb.length).toBeLessThan(MiB);
    const grown = await memoryWhile(async () => {
      await expect(unpackBounded(bomb)).rejects.toThrow(ZipMalformedError);
    });
    expect(grown).toBeLessThan(150 * MiB);
  });

  it('counts every entry against one budget before inflating any, and caps the number of entries', async () => {
    const many = zipOf(Array.from({ length: 7 }, (_, i) => [`f${i}`, Buffer.alloc(10 * MiB)]));
    await expect(unpackBounded(many)).rejects.toThrow(ZipTooLargeError);
    const small = zipOf([['a', Buffer.from('x')]]);
    await expect(unpackBounded(small, { entries: 0, unpackedBytes: 10 })).rejects.toThrow(
      /entries/,
    );
    const justOver = zipOf([['a', Buffer.alloc(11)]]);
    await expect(unpackBounded(justOver, { entries: 5, unpackedBytes: 10 })).rejects.toThrow(
      ZipTooLargeError,
    );
    expect(ZIP_LIMITS.entries).toBeGreaterThan(16);
  });

  it('accepts an archive comment and data descriptors, as real writers produce them', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', 'hello');
    zip.file('docProps/app.xml', 'world');
    const written = await zip.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
      streamFiles: true,
      comment: 'written by a spreadsheet program',
    });
    const files = await unpackBounded(written);
    expect(files.get('xl/worksheets/sheet1.xml')?.toString()).toBe('hello');
    expect(files.get('docProps/app.xml')?.toString()).toBe('world');
  });
});
