import { inflateRawSync } from 'node:zlib';

/** Beyond these a workbook is not a participant list but an attack on memory. */
export const ZIP_LIMITS = { entries: 500, unpackedBytes: 64 * 1024 * 1024 };

export class ZipTooLargeError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Checks what an xlsx (a zip) unpacks to before a spreadsheet reader inflates it in
 * memory: the number of entries, and the bytes each entry really inflates to, counted
 * while inflating with a hard ceiling. Sizes a zip declares are not trusted (a bomb lies
 * about them). Throws ZipTooLargeError past the limits, or a plain Error for a zip that
 * cannot be read (the reader would refuse it anyway).
 */
export function checkZipBounds(data: Buffer, limits = ZIP_LIMITS): void {
  const end = findEndOfCentralDirectory(data);
  const entries = data.readUInt16LE(end + 10);
  if (entries > limits.entries) throw new ZipTooLargeError(`${entries} entries`);
  let offset = data.readUInt32LE(end + 16);
  let budget = limits.unpackedBytes;
  for (let i = 0; i < entries; i++) {
    if (data.readUInt32LE(offset) !== CENTRAL) throw new Error('broken central directory');
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const local = data.readUInt32LE(offset + 42);
    if (data.readUInt32LE(local) !== LOCAL) throw new Error('broken local header');
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const packed = data.subarray(start, start + compressedSize);
    let unpacked: number;
    if (method === 0) unpacked = packed.length;
    else if (method === 8) {
      try {
        unpacked = inflateRawSync(packed, { maxOutputLength: budget + 1 }).length;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ZipTooLargeError('unpacks beyond the limit');
        }
        throw error;
      }
    } else throw new Error(`compression method ${method}`);
    budget -= unpacked;
    if (budget < 0) throw new ZipTooLargeError('unpacks beyond the limit');
    offset += 46 + nameLength + extraLength + commentLength;
  }
}

function findEndOfCentralDirectory(data: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (data.readUInt32LE(i) === EOCD) return i;
  }
  throw new Error('no end of central directory');
}
