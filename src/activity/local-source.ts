import type { NormaliseOptions } from './normalise.js';
import { InputError } from '../errors.js';
import type { Event } from '../model/event.js';
import { BatchQueue } from './batch-queue.js';
import { ByteBudget } from './byte-budget.js';
import { listInputs } from './list-inputs.js';
import { readInput, UnskippableError, type InputFile } from './read-input.js';
import { emptyStats, type ActivitySource, type ActivityStats } from './source.js';

export interface ActivityProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  /** Sum of the listed files' sizes, plus stdin's bytes as they arrive. */
  bytesTotal: number;
}

export interface ReadActivityOptions {
  /** Skip a malformed file (counted and reported in stats) instead of stopping the run. */
  skipBadFiles?: boolean;
  /** Files read at the same time; default 8. */
  concurrency?: number;
  /** What `-` reads; default process.stdin. */
  stdin?: NodeJS.ReadableStream;
  onProgress?: (progress: ActivityProgress) => void;
  /**
   * Texts (decompressed) up to this size are parsed whole with JSON.parse; larger ones are streamed.
   * Default 64 MiB. At most twice this much text is held for whole-file parsing at once, whatever the
   * concurrency; with the parsed records that is peak memory (about 0.7 GB at the default, when files
   * are that large; CloudTrail's own files are a few MB).
   */
  maxInMemoryBytes?: number;
  /** How records are normalised (`pare map` takes records without a time). */
  record?: NormaliseOptions;
}

export interface ActivityRead {
  /** Iterable once. Events of one file keep their order; files interleave. */
  events: AsyncIterable<Event>;
  /** Complete once `events` has been iterated to the end. */
  stats(): ActivityStats;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_IN_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * CloudTrail records from local files, directories and stdin (`-`), as events. The inputs are listed
 * first; an input that does not exist, or a malformed file, ends the iteration with an `InputError`
 * (unless `skipBadFiles`). Reading starts when iteration does.
 */
export function readActivity(inputs: readonly string[], options: ReadActivityOptions = {}): ActivityRead {
  const stats = emptyStats();
  let started = false;
  return {
    events: {
      [Symbol.asyncIterator]() {
        if (started) throw new Error('readActivity: events can be iterated only once');
        started = true;
        return run(inputs, options, stats)[Symbol.asyncIterator]();
      },
    },
    stats: () => ({
      ...stats,
      badFiles: [...stats.badFiles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      emptyDirs: [...stats.emptyDirs],
    }),
  };
}

/** `readActivity` as an `ActivitySource`: each `events()` call reads the inputs again. */
export function localSource(inputs: readonly string[], options: ReadActivityOptions = {}): ActivitySource {
  let current: ActivityRead | undefined;
  return {
    events() {
      current = readActivity(inputs, options);
      return current.events;
    },
    stats: () => current?.stats() ?? emptyStats(),
  };
}

async function* run(
  inputs: readonly string[],
  options: ReadActivityOptions,
  stats: ActivityStats,
): AsyncGenerator<Event> {
  const { files, emptyDirs } = await listInputs(inputs);
  stats.files = files.length;
  stats.emptyDirs = emptyDirs;
  const progress: ActivityProgress = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal: files.reduce((sum, f) => sum + f.size, 0),
  };
  const report = (): void => options.onProgress?.({ ...progress });
  report();

  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const queue = new BatchQueue<Event>(concurrency * 4);
  const controller = new AbortController();
  const maxInMemoryBytes = options.maxInMemoryBytes ?? DEFAULT_MAX_IN_MEMORY_BYTES;
  const readOptions = {
    maxInMemoryBytes,
    budget: new ByteBudget(2 * maxInMemoryBytes),
    validateFirst: options.skipBadFiles === true,
    signal: controller.signal,
    stdin: () => options.stdin ?? process.stdin,
    record: options.record ?? {},
  };
  let next = 0;
  const readOne = async (file: InputFile): Promise<void> => {
    let records = 0;
    try {
      await readInput(file, {
        ...readOptions,
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
        const why = `${problem}; cannot skip it: ${e.emitted} of its events were already read`;
        throw new InputError(name, why, pointer);
      }
      if (!(e instanceof InputError) || options.skipBadFiles !== true) throw e;
      stats.badFiles.push({ file: e.file, problem: e.pointer ? `${e.pointer}: ${e.problem}` : e.problem });
    }
    progress.filesDone++;
    report();
  };
  const worker = async (): Promise<void> => {
    while (next < files.length && !controller.signal.aborted) await readOne(files[next++]!);
  };
  const workers = Array.from({ length: Math.min(concurrency, files.length) }, () =>
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
    // Early exit or failure: stop the other readers and wait for them to let go of their files.
    controller.abort();
    queue.close();
    await done;
  }
}
