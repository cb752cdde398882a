import { InputError } from '../errors.js';
import type { Event } from '../model/event.js';
import { BatchQueue } from './batch-queue.js';
import { ByteBudget } from './byte-budget.js';
import type { NormaliseOptions } from './normalise.js';
import { readInput, UnskippableError, type InputFile } from './read-input.js';
import type { ActivityStats } from './source.js';

export interface ActivityProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  /** Sum of the listed inputs' sizes, plus the bytes of inputs of unknown size as they arrive. */
  bytesTotal: number;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_IN_MEMORY_BYTES = 64 * 1024 * 1024;

/** One input as the reader sees it: what to call it, and the stream a non-regular input is read from. */
export interface OpenedInput {
  file: InputFile;
  stream?: () => NodeJS.ReadableStream;
}

export interface ReadManyOptions<T> {
  skipBadFiles: boolean;
  concurrency: number;
  maxInMemoryBytes: number;
  record: NormaliseOptions;
  size(item: T): number;
  /** Turns a listed item into an input; may call AWS, with the reader's abort signal. */
  open(item: T, signal: AbortSignal): Promise<OpenedInput>;
  onProgress?: (progress: ActivityProgress) => void;
}

/**
 * Reads listed inputs `concurrency` at a time into one stream of events, with bounded memory: the
 * shared engine of the local-file and S3 sources. A malformed input stops the run with its InputError,
 * or with `skipBadFiles` is counted in `stats.badFiles` and contributes no events. The first other
 * failure stops every reader.
 */
export async function* readMany<T>(
  items: readonly T[],
  options: ReadManyOptions<T>,
  stats: ActivityStats,
): AsyncGenerator<Event> {
  const progress: ActivityProgress = {
    filesDone: 0,
    filesTotal: items.length,
    bytesDone: 0,
    bytesTotal: items.reduce((sum, item) => sum + options.size(item), 0),
  };
  const report = (): void => options.onProgress?.({ ...progress });
  report();
  const queue = new BatchQueue<Event>(options.concurrency * 4);
  const controller = new AbortController();
  const budget = new ByteBudget(2 * options.maxInMemoryBytes);

  const readOne = async (item: T): Promise<void> => {
    let records = 0;
    try {
      const { file, stream } = await options.open(item, controller.signal);
      await readInput(file, {
        maxInMemoryBytes: options.maxInMemoryBytes,
        budget,
        validateFirst: options.skipBadFiles,
        signal: controller.signal,
        stdin: stream ?? (() => process.stdin),
        record: options.record,
        onBytes: (count) => {
          stats.bytes += count;
          progress.bytesDone += count;
          if (file.size === 0) progress.bytesTotal += count;
          report();
        },
        emit: (events) => {
          records += events.length;
          return queue.push(events);
        },
      });
      stats.records += records;
    } catch (e) {
      if (e instanceof UnskippableError) {
        const { file: name, problem, pointer } = e.inputError;
        throw new InputError(
          name,
          `${problem}; cannot skip it: ${e.emitted} of its events were already read`,
          pointer,
        );
      }
      if (!(e instanceof InputError) || !options.skipBadFiles) throw e;
      stats.badFiles.push({ file: e.file, problem: e.pointer ? `${e.pointer}: ${e.problem}` : e.problem });
    }
    progress.filesDone++;
    report();
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !controller.signal.aborted) await readOne(items[next++]!);
  };
  const workers = Array.from({ length: Math.min(options.concurrency, items.length) }, () =>
    worker().catch((error: unknown) => {
      // The first failure ends the run; the others (aborted readers) are moot.
      controller.abort();
      queue.fail(error);
    }),
  );
  const done = Promise.all(workers).then(() => queue.close());
  try {
    for (;;) {
      const batch = await queue.take();
      if (batch === undefined) break;
      for (const event of batch) yield event;
    }
  } finally {
    // Early exit or failure: stop the other readers and wait for them to let go of their inputs.
    controller.abort();
    queue.close();
    await done;
  }
}
