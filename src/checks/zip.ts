/**
 * Entries of a ZIP archive (a Lambda deployment package), from its central directory: stored and
 * deflated entries, which is what Lambda accepts. No file system: the caller reads the bytes.
 * (APPNOTE.TXT, PKWARE's .ZIP File Format Specification, sections 4.3.6–4.3.16.)
 */
import { inflateRawSync } from 'node:zlib';
import { InputError } from '../errors.js';

export interface ZipEntry {
  name: string;
  /** Undefined when the entry could not be read: `problem` says why. */
  data?: Buffer;
  problem?: string;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Lambda's limit for an unzipped package is 250 MB; one entry may not claim more. */
const MAX_ENTRY = 262_144_000;

export function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === LOCAL;
}

function endOfCentralDirectory(bytes: Buffer, file: string): number {
  // The record is 22 bytes plus a comment of up to 65,535.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (bytes.readUInt32LE(at) === EOCD) return at;
  }
  throw new InputError(file, 'not a ZIP archive (no end of central directory record)');
}

/** Every file entry, in central-directory order; directories are left out. */
export function* zipEntries(bytes: Buffer, file: string): Generator<ZipEntry> {
  if (bytes.length < 22) throw new InputError(file, 'not a ZIP archive (too short)');
  const eocd = endOfCentralDirectory(bytes, file);
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  let at = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || at === 0xffffffff)
    throw new InputError(file, 'ZIP64 archives are not supported (Lambda packages are far smaller)');
  if (at + size > eocd) throw new InputError(file, 'corrupt ZIP archive (central directory out of bounds)');
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL)
      throw new InputError(file, `corrupt ZIP archive (central directory entry ${i + 1})`);
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const uncompressed = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    yield readEntry(bytes, file, { name, flags, method, compressed, uncompressed, local });
  }
}

function readEntry(
  bytes: Buffer,
  file: string,
  e: { name: string; flags: number; method: number; compressed: number; uncompressed: number; local: number },
): ZipEntry {
  if (e.flags & 0x1) return { name: e.name, problem: 'encrypted' };
  if (e.uncompressed > MAX_ENTRY) return { name: e.name, problem: `larger than ${MAX_ENTRY} bytes unzipped` };
  if (e.local + 30 > bytes.length || bytes.readUInt32LE(e.local) !== LOCAL)
    throw new InputError(file, `corrupt ZIP archive (local header of ${e.name})`);
  const start = e.local + 30 + bytes.readUInt16LE(e.local + 26) + bytes.readUInt16LE(e.local + 28);
  const raw = bytes.subarray(start, start + e.compressed);
  if (raw.length !== e.compressed) throw new InputError(file, `corrupt ZIP archive (${e.name} is truncated)`);
  if (e.method === 0) return { name: e.name, data: raw };
  if (e.method !== 8) return { name: e.name, problem: `compression method ${e.method} is not supported` };
  try {
    return { name: e.name, data: inflateRawSync(raw, { maxOutputLength: MAX_ENTRY }) };
  } catch (error) {
    return { name: e.name, problem: `cannot inflate (${(error as Error).message})` };
  }
}
