import JSZip from 'jszip';
import * as yauzl from 'yauzl';

/** Beyond these a workbook is not a participant list but an attack on memory. */
export const ZIP_LIMITS = { entries: 500, unpackedBytes: 64 * 1024 * 1024 };

export class ZipTooLargeError extends Error {}

/** Not a zip at all: no end record, or one yauzl cannot open. */
export class ZipUnreadableError extends Error {}

/**
 * A zip, but not one an honest spreadsheet program writes: a size that lies, bytes no
 * entry accounts for, counts that disagree, encryption, zip64.
 */
export class ZipMalformedError extends Error {}

const EOCD = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR = 0x07064b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER_SIZE = 46;
/** General purpose flag bit 3: sizes and CRC follow the data in a descriptor. */
const HAS_DESCRIPTOR = 0x08;

/**
 * Unpacks an xlsx once, under the limits, and hands the spreadsheet reader an archive
 * rebuilt from exactly those bytes (stored, not compressed), so that what the reader
 * inflates is what was measured and nothing else.
 *
 * yauzl reads the central directory and refuses an entry that inflates to more or less
 * than it declares, so the declared sizes bound the work before anything is inflated.
 * Zip readers disagree about everything else (JSZip takes extra central records, a
 * streaming reader takes every local header it meets), so the layout check below refuses
 * any archive with a byte that no listed entry accounts for: a hidden 17th entry, a
 * second central directory, overlapping entries (the non-recursive bomb), or an entry
 * count that does not match what is there. yauzl exposes the records but not this
 * check, and no maintained library offers it, hence the few lines written here.
 */
export async function unpackWorkbook(data: Buffer, limits = ZIP_LIMITS): Promise<Buffer> {
  const files = await unpackBounded(data, limits);
  const rebuilt = new JSZip();
  for (const [name, content] of files) rebuilt.file(name, content, { createFolders: false });
  return rebuilt.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

/** Every file of the archive by name, each inflated once under one shared budget. */
export async function unpackBounded(
  data: Buffer,
  limits = ZIP_LIMITS,
): Promise<Map<string, Buffer>> {
  const end = endOfCentralDirectory(data);
  const zip = await open(data);
  try {
    if (zip.entryCount > limits.entries) {
      throw new ZipTooLargeError(`${zip.entryCount} entries`);
    }
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted()) throw new ZipMalformedError('encrypted entry');
      if (![0, 8].includes(entry.compressionMethod)) {
        throw new ZipMalformedError(`compression method ${entry.compressionMethod}`);
      }
      declared += entry.uncompressedSize;
      if (declared > limits.unpackedBytes) throw new ZipTooLargeError('unpacks beyond the limit');
      entries.push(entry);
    }
    await checkLayout(data, zip, entries, end);

    const files = new Map<string, Buffer>();
    let budget = limits.unpackedBytes;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      if (files.has(entry.fileName)) throw new ZipMalformedError('a name twice');
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        budget -= (chunk as Buffer).length;
        if (budget < 0) throw new ZipTooLargeError('unpacks beyond the limit');
        chunks.push(chunk as Buffer);
      }
      files.set(entry.fileName, Buffer.concat(chunks));
    }
    return files;
  } catch (error) {
    if (error instanceof ZipTooLargeError || error instanceof ZipMalformedError) throw error;
    // yauzl's own refusals: a size that lies, a bad signature, a name it will not accept.
    throw new ZipMalformedError((error as Error).message);
  } finally {
    zip.close();
  }
}

async function open(data: Buffer): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.fromBufferPromise(data, {
      lazyEntries: true,
      validateEntrySizes: true,
      strictFileNames: true,
    });
  } catch (error) {
    throw new ZipUnreadableError((error as Error).message);
  }
}

interface EndRecord {
  offset: number;
  entriesOnDisk: number;
  entries: number;
  directorySize: number;
  directoryOffset: number;
}

/** The end record whose comment reaches exactly to the end of the data. */
function endOfCentralDirectory(data: Buffer): EndRecord {
  for (let i = data.length - EOCD_SIZE; i >= Math.max(0, data.length - EOCD_SIZE - 0xffff); i--) {
    if (data.readUInt32LE(i) !== EOCD) continue;
    if (i + EOCD_SIZE + data.readUInt16LE(i + 20) !== data.length) continue;
    if (i >= 20 && data.readUInt32LE(i - 20) === ZIP64_LOCATOR) {
      // A participant list is far from 4 GB; zip64 would only widen what must be checked.
      throw new ZipMalformedError('zip64');
    }
    return {
      offset: i,
      entriesOnDisk: data.readUInt16LE(i + 8),
      entries: data.readUInt16LE(i + 10),
      directorySize: data.readUInt32LE(i + 12),
      directoryOffset: data.readUInt32LE(i + 16),
    };
  }
  throw new ZipUnreadableError('no end of central directory');
}

/**
 * Local headers and their data, one after another from the first byte, then the central
 * directory with exactly the listed records, then the end record: nothing else.
 */
async function checkLayout(
  data: Buffer,
  zip: yauzl.ZipFile,
  entries: yauzl.Entry[],
  end: EndRecord,
): Promise<void> {
  if (end.entries !== entries.length || end.entriesOnDisk !== entries.length) {
    throw new ZipMalformedError('entry counts disagree');
  }
  const directorySize = entries.reduce(
    (sum, e) =>
      sum + CENTRAL_HEADER_SIZE + e.fileNameLength + e.extraFieldLength + e.fileCommentLength,
    0,
  );
  if (directorySize !== end.directorySize || end.directoryOffset + directorySize !== end.offset) {
    throw new ZipMalformedError('central directory holds more than its entries');
  }
  const regions: { start: number; dataEnd: number; descriptor: boolean }[] = [];
  for (const entry of entries) {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    regions.push({
      start: entry.relativeOffsetOfLocalHeader,
      dataEnd: fileDataStart + entry.compressedSize,
      descriptor: (entry.generalPurposeBitFlag & HAS_DESCRIPTOR) !== 0,
    });
  }
  regions.sort((a, b) => a.start - b.start);
  let expected = 0;
  for (const region of regions) {
    if (region.start !== expected) throw new ZipMalformedError('bytes outside the entries');
    expected = region.dataEnd + (region.descriptor ? descriptorLength(data, region.dataEnd) : 0);
  }
  if (expected !== end.directoryOffset) throw new ZipMalformedError('bytes outside the entries');
}

/** A data descriptor is 12 bytes, or 16 with its optional signature. */
function descriptorLength(data: Buffer, at: number): number {
  return at + 4 <= data.length && data.readUInt32LE(at) === DESCRIPTOR ? 16 : 12;
}
