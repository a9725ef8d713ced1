import { deflateRawSync } from 'node:zlib';

export interface CraftedEntry {
  name: string;
  content: Buffer;
  /** The uncompressed size written in both headers; the real one by default. */
  declaredSize?: number;
  /** False: local header and data present, but no central directory record (hidden). */
  listed?: boolean;
  /** Extra central records pointing at this entry's local header (overlapping entries). */
  alsoListedAs?: string[];
}

/**
 * A zip written byte by byte, so tests can build what no honest writer produces: sizes
 * that lie, entries the central directory does not list, or an end record whose count
 * disagrees with the directory (`declaredEntries`).
 */
export function craftZip(entries: CraftedEntry[], options: { declaredEntries?: number } = {}) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let listed = 0;
  for (const entry of entries) {
    const packed = deflateRawSync(entry.content, { level: 9 });
    const size = entry.declaredSize ?? entry.content.length;
    const nameBytes = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    for (const name of entry.listed === false ? [] : [entry.name, ...(entry.alsoListedAs ?? [])]) {
      const central = Buffer.alloc(46);
      const listedName = Buffer.from(name);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(packed.length, 20);
      central.writeUInt32LE(size, 24);
      central.writeUInt16LE(listedName.length, 28);
      central.writeUInt32LE(offset, 42);
      centrals.push(central, listedName);
      listed += 1;
    }
    locals.push(local, nameBytes, packed);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  const count = options.declaredEntries ?? listed;
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A minimal zip of `entries`, each [name, uncompressed content], deflated. */
export function zipOf(entries: [string, Buffer][], declaredSize?: number): Buffer {
  return craftZip(entries.map(([name, content]) => ({ name, content, declaredSize })));
}
