import type { Event } from '../model/event.js';

/** A file that was skipped (skipBadFiles) and why. */
export interface BadFile {
  file: string;
  /** What is wrong, with where (`line 17: invalid JSON (…)`). */
  problem: string;
}

export interface ActivityStats {
  /** Log files found (stdin counts as one). */
  files: number;
  /** Bytes read from disk or stdin, compressed as stored. */
  bytes: number;
  /** Records passed on as events (those of skipped files not included). */
  records: number;
  /** Files skipped with skipBadFiles, sorted by file. */
  badFiles: BadFile[];
  /** Directories given as inputs that hold no log file: not an error, worth a warning. */
  emptyDirs: string[];
}

/**
 * Where events come from: local files now; S3, LookupEvents, CloudTrail Lake and Athena later. Each call
 * of `events()` reads afresh; `stats()` describes the latest read and is complete once it has ended.
 */
export interface ActivitySource {
  events(): AsyncIterable<Event>;
  stats(): ActivityStats;
}

export function emptyStats(): ActivityStats {
  return { files: 0, bytes: 0, records: 0, badFiles: [], emptyDirs: [] };
}

/** An in-memory source, for tests of the modules downstream. */
export function memorySource(events: readonly Event[]): ActivitySource {
  let records = 0;
  return {
    async *events() {
      records = 0;
      for (const event of events) {
        records++;
        yield event;
      }
    },
    stats: () => ({ ...emptyStats(), records }),
  };
}
