import type { Event } from '../model/event.js';
import { listInputs } from './list-inputs.js';
import type { NormaliseOptions } from './normalise.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_IN_MEMORY_BYTES,
  readMany,
  type ActivityProgress,
} from './read-many.js';
import { emptyStats, type ActivitySource, type ActivityStats } from './source.js';

export { DEFAULT_CONCURRENCY, DEFAULT_MAX_IN_MEMORY_BYTES, type ActivityProgress };

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
  yield* readMany(
    files,
    {
      skipBadFiles: options.skipBadFiles === true,
      concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
      maxInMemoryBytes: options.maxInMemoryBytes ?? DEFAULT_MAX_IN_MEMORY_BYTES,
      record: options.record ?? {},
      size: (file) => file.size,
      open: (file) => Promise.resolve({ file, stream: () => options.stdin ?? process.stdin }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    stats,
  );
}
