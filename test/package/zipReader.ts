// Reads the ZIPs tools/package writes (no ZIP64, no archive comment) into memory, checking each entry's CRC-32, so
// the package test unzips with node:zlib only and also proves the archive is well formed.
import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

export interface UnzippedEntry {
  name: string;
  data: Buffer;
  mode: number;
}

const END_RECORD = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

function entryData(zip: Buffer, localOffset: number, method: number, compressedSize: number): Buffer {
  if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`no local header at ${localOffset}`);
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  const body = zip.subarray(start, start + compressedSize);
  if (method === 0) return Buffer.from(body);
  if (method === 8) return inflateRawSync(body);
  throw new Error(`compression method ${method} is not read here`);
}

export function readZip(path: string): UnzippedEntry[] {
  const zip = readFileSync(path);
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== END_RECORD) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: UnzippedEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_HEADER) throw new Error(`no central header at ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const mode = zip.readUInt32LE(offset + 38) >>> 16;
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const data = entryData(zip, zip.readUInt32LE(offset + 42), method, compressedSize);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: size or CRC-32 does not match`);
    entries.push({ name, data, mode });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
