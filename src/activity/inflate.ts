import { Readable, pipeline } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/** Gzip is recognised by its magic bytes, not the file name: a `.json.gz` saved decompressed still reads. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * A whole file's text bytes: `raw` itself, or `raw` decompressed (in the thread pool, so several files
 * inflate in parallel). Undefined when the decompressed text would exceed `max` bytes: stream it then.
 */
export async function inflateWhole(raw: Buffer, max: number): Promise<Buffer | undefined> {
  if (!isGzip(raw)) return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: Math.max(1, max) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw e;
  }
}

/** The text bytes of a byte stream, decompressed when it starts with the gzip magic. */
export async function* inflateStream(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  try {
    while (head.length < 2) {
      const next = await it.next();
      if (next.done === true) {
        if (head.length > 0) yield head;
        return;
      }
      head = head.length === 0 ? toBuffer(next.value) : Buffer.concat([head, toBuffer(next.value)]);
    }
    const first = head;
    const all = (async function* () {
      yield first;
      for (;;) {
        const next = await it.next();
        if (next.done === true) return;
        yield toBuffer(next.value);
      }
    })();
    if (!isGzip(first)) {
      yield* all;
      return;
    }
    const inflater = createGunzip({ chunkSize: 1 << 20 });
    // Errors of either stream surface in the iteration below; the callback only keeps them handled.
    pipeline(Readable.from(all), inflater, () => {});
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    await it.return?.();
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** What to tell the user about an I/O or zlib failure; undefined for anything else (an internal error). */
export function ioProblem(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (typeof e !== 'object' || e === null || typeof e.code !== 'string') return undefined;
  if (e.code === 'Z_BUF_ERROR') return `truncated gzip (${e.message})`;
  if (e.code.startsWith('Z_')) return `invalid gzip (${e.message})`;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return typeof e.syscall === 'string' ? `cannot read (${e.code})` : undefined;
  }
}
