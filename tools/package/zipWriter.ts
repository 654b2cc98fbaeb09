// A minimal ZIP writer (PKWARE APPNOTE 6.3: local headers, data, central directory, end record) on node:zlib, so the
// package needs no archive library. Entries are deflated unless that does not shrink them; timestamps are fixed so the
// same input gives the same bytes. No ZIP64: the writer refuses what a plain ZIP cannot hold instead of corrupting it.
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Forward-slash path inside the archive, no leading slash. */
  name: string;
  data: Buffer;
  /** Unix permission bits (0o644, 0o755); kept so unzip on Linux restores executables. */
  mode: number;
}

export interface ZipSummary {
  entries: number;
  bytes: number;
}

const STORED = 0;
const DEFLATED = 8;
const UTF8_NAMES = 0x0800;
const VERSION_NEEDED = 20;
/** "Made by" Unix (3) so the high 16 bits of the external attributes are read as a st_mode. */
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED;
const REGULAR_FILE = 0o100000;
/** 1980-01-01 00:00, the earliest DOS date: fixed so archives are reproducible. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

interface Written {
  header: Buffer;
  offset: number;
}

function localHeader(name: Buffer, method: number, crc: number, compressed: number, size: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION_NEEDED, 4);
  header.writeUInt16LE(UTF8_NAMES, 6);
  header.writeUInt16LE(method, 8);
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(compressed, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function centralHeader(local: Buffer, name: Buffer, mode: number, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(MADE_BY_UNIX, 4);
  // Version needed, flags, method, time, date, crc and both sizes are the local header's bytes 4..26.
  local.copy(header, 6, 4, 26);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(((REGULAR_FILE | mode) << 16) >>> 0, 38);
  header.writeUInt32LE(offset, 42);
  return Buffer.concat([header, name]);
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(size, 12);
  record.writeUInt32LE(offset, 16);
  return record;
}

/** Writes `entries` (in the order given) to `path`, one entry in memory at a time. */
export function writeZip(path: string, entries: Iterable<ZipEntry>): ZipSummary {
  const fd = openSync(path, 'w');
  const central: Written[] = [];
  let offset = 0;
  const write = (chunk: Buffer): void => {
    writeSync(fd, chunk);
    offset += chunk.length;
  };
  try {
    for (const entry of entries) {
      if (central.length === MAX_ENTRIES)
        throw new Error(`more than ${MAX_ENTRIES} files: a plain ZIP cannot hold them`);
      const name = Buffer.from(entry.name, 'utf8');
      const deflated = deflateRawSync(entry.data);
      const method = deflated.length < entry.data.length ? DEFLATED : STORED;
      const body = method === DEFLATED ? deflated : entry.data;
      const local = localHeader(name, method, crc32(entry.data), body.length, entry.data.length);
      central.push({ header: centralHeader(local, name, entry.mode, offset), offset });
      write(local);
      write(body);
      if (offset > MAX_OFFSET) throw new Error('the archive passed 4 GiB: a plain ZIP cannot hold it');
    }
    const directoryOffset = offset;
    for (const { header } of central) write(header);
    write(endRecord(central.length, offset - directoryOffset, directoryOffset));
    return { entries: central.length, bytes: offset };
  } finally {
    closeSync(fd);
  }
}
