import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { Event } from '../model/event.js';
import type { ByteBudget } from './byte-budget.js';
import { inflateStream, inflateWhole, ioProblem, isGzip } from './inflate.js';
import type { NormaliseOptions } from './normalise.js';
import { chunkParser, firstLineIsValue, parseText, type Format } from './parse-text.js';

/** One input to read: a file found by the listing, or stdin. */
export interface InputFile {
  /** As shown to the user: the path as listed, or `<stdin>`. */
  name: string;
  /** Where to read; undefined for stdin. */
  path?: string;
  /** Bytes on disk; 0 when unknown (stdin, a pipe). */
  size: number;
  /** A regular file: it can be read whole, and read twice. */
  regular: boolean;
  format: Format;
}

export interface ReadOptions {
  /** Decompressed texts up to this size are parsed whole; larger ones are streamed. */
  maxInMemoryBytes: number;
  /** (skipBadFiles) Pass on a file's events only once the whole file is known to be good. */
  validateFirst: boolean;
  signal: AbortSignal;
  /** Called only when stdin is read: touching process.stdin has side effects. */
  stdin: () => NodeJS.ReadableStream;
  /** Compressed bytes read, as they are read. */
  onBytes(count: number): void;
  /** Shared by all readers: bytes of text held for whole-file parsing. */
  budget: ByteBudget;
  /** Resolves when the consumer can take more (backpressure). */
  emit(events: Event[]): Promise<void>;
  record: NormaliseOptions;
}

/** A bad input whose events were already passed on (stdin larger than the in-memory limit). */
export class UnskippableError extends Error {
  constructor(
    readonly inputError: InputError,
    readonly emitted: number,
  ) {
    super(inputError.message);
  }
}

const BATCH = 512;

/** In a file known to be large, how much text to look at to tell JSON Lines from one document. */
const SNIFF_BYTES = 1 << 20;

/**
 * Reads one input and passes on its events; a malformed input throws an `InputError` naming it.
 * Texts up to `maxInMemoryBytes` are read whole, parsed, then passed on (holding that many bytes of the
 * shared budget meanwhile), so a bad file has passed nothing on when it fails. Larger texts are
 * streamed; with `validateFirst` a regular file is then read twice (validate, then emit) so that memory
 * stays bounded and a bad file still contributes nothing.
 */
export async function readInput(file: InputFile, options: ReadOptions): Promise<void> {
  try {
    const max = options.maxInMemoryBytes;
    const path = file.path;
    if (file.regular && path !== undefined) {
      const open = (): AsyncIterable<Buffer> =>
        createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
      if (file.size > max)
        return await readStreamed(file, options, counted(open(), options.onBytes), open, true);
      const raw = await readFile(path, { signal: options.signal });
      options.onBytes(raw.length);
      const expected = isGzip(raw) ? gzipSize(raw) : raw.length;
      if (expected <= max) {
        const release = await options.budget.acquire(expected);
        try {
          const text = await inflateWhole(raw, max);
          if (text !== undefined) {
            return await emitAll(
              parseText(text.toString('utf8'), file.name, file.format, options.record),
              options.emit,
            );
          }
        } finally {
          release();
        }
      }
      // Too large once inflated: stream it from disk (its bytes are counted already).
      return await readStreamed(file, options, open(), open, true);
    }
    const open = (): AsyncIterable<Buffer | string> => bytesOf(file, options);
    return await readStreamed(file, options, counted(open(), options.onBytes), open, false);
  } catch (e) {
    if (e instanceof InputError || e instanceof UnskippableError) throw e;
    if ((e as Error).name === 'AbortError') throw e;
    const problem = ioProblem(e);
    if (problem !== undefined) throw new InputError(file.name, problem);
    throw e;
  }
}

/**
 * A text streamed in chunks. Of an input of unknown size (stdin, a pipe), up to `maxInMemoryBytes` are
 * held first: if it ends by then it is parsed whole like a small file. Of a file known to be large, only
 * enough to see whether its first line is a JSON value of its own (JSON Lines) or not (one document).
 */
async function readStreamed(
  file: InputFile,
  options: ReadOptions,
  source: AsyncIterable<Buffer | string>,
  reopen: () => AsyncIterable<Buffer | string>,
  knownLarge: boolean,
): Promise<void> {
  const it = inflateStream(source);
  const release = knownLarge ? undefined : await options.budget.acquire(options.maxInMemoryBytes);
  try {
    const head: Buffer[] = [];
    const limit = knownLarge ? SNIFF_BYTES : options.maxInMemoryBytes;
    let size = 0;
    while (size <= limit && !(knownLarge && head.at(-1)?.includes(0x0a) === true)) {
      options.signal.throwIfAborted();
      const next = await it.next();
      if (next.done === true) {
        const text = Buffer.concat(head).toString('utf8');
        return await emitAll(parseText(text, file.name, file.format, options.record), options.emit);
      }
      head.push(next.value);
      size += next.value.length;
    }
    release?.(); // from here on, memory is one line or one record
    const mode = file.format === 'lines' || startsWithLine(head) ? 'lines' : 'document';
    const rest = resume(head, it);
    if (!options.validateFirst) return await parseStream(rest, file, mode, options, options.emit);
    if (file.regular) {
      await parseStream(rest, file, mode, options, async () => {});
      return await parseStream(inflateStream(reopen()), file, mode, options, options.emit);
    }
    let emitted = 0;
    try {
      await parseStream(rest, file, mode, options, (events) => {
        emitted += events.length;
        return options.emit(events);
      });
    } catch (e) {
      if (e instanceof InputError && emitted > 0) throw new UnskippableError(e, emitted);
      throw e;
    }
  } finally {
    release?.();
    await it.return(undefined);
  }
}

async function parseStream(
  chunks: AsyncIterable<Buffer>,
  file: InputFile,
  mode: 'lines' | 'document',
  options: ReadOptions,
  emit: (events: Event[]) => Promise<void>,
): Promise<void> {
  const parser = chunkParser(file.name, mode, options.maxInMemoryBytes, options.record);
  let pending: Event[] = [];
  for await (const chunk of chunks) {
    options.signal.throwIfAborted();
    const events = parser.write(chunk);
    if (events.length > 0) pending = pending.length === 0 ? events : pending.concat(events);
    if (pending.length >= BATCH) {
      await emitAll(pending, emit);
      pending = [];
    }
  }
  const last = parser.end();
  await emitAll(pending.length === 0 ? last : pending.concat(last), emit);
}

async function emitAll(events: Event[], emit: (events: Event[]) => Promise<void>): Promise<void> {
  if (events.length <= BATCH) {
    if (events.length > 0) await emit(events);
    return;
  }
  for (let i = 0; i < events.length; i += BATCH) await emit(events.slice(i, i + BATCH));
}

/** Whether the buffered text starts with a line that is a JSON value of its own (JSON Lines). */
function startsWithLine(head: Buffer[]): boolean {
  const parts: Buffer[] = [];
  for (const chunk of head) {
    const end = chunk.indexOf(0x0a);
    if (end >= 0) {
      parts.push(chunk.subarray(0, end + 1));
      return firstLineIsValue(Buffer.concat(parts).toString('utf8'));
    }
    parts.push(chunk);
  }
  return false;
}

async function* resume(head: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  head.length = 0;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}

/** stdin, or a path that is not a regular file (a named pipe such as `<(zcat …)`). */
function bytesOf(file: InputFile, options: ReadOptions): AsyncIterable<Buffer | string> {
  if (file.path === undefined) return options.stdin() as AsyncIterable<Buffer | string>;
  return createReadStream(file.path, { highWaterMark: 1 << 20, signal: options.signal });
}

/** A gzip's ISIZE trailer: the text's length (of the last member, modulo 4 GiB; checked on inflating). */
function gzipSize(raw: Buffer): number {
  return raw.length >= 18 ? raw.readUInt32LE(raw.length - 4) : 0;
}

async function* counted(
  source: AsyncIterable<Buffer | string>,
  onBytes: (count: number) => void,
): AsyncGenerator<Buffer | string> {
  for await (const chunk of source) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    yield chunk;
  }
}
