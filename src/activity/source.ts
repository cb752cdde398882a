import type { Event } from '../model/event.js';
import type { EventGroup } from '../usage/aggregate.js';

export type { EventGroup };

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
 * Where events come from: local files, S3, LookupEvents, CloudTrail Lake and Athena. Each call of
 * `events()` reads afresh; `stats()` describes the latest read and is complete once it has ended.
 * A source that can group records in its engine also has `groups()`: consumers that know groups read
 * them instead of `events()`, which then yields each group's records one by one.
 */
export interface ActivitySource {
  events(): AsyncIterable<Event>;
  groups?(): AsyncIterable<EventGroup>;
  stats(): ActivityStats;
}

/**
 * A group's records as events: `count` of them, the first at firstSeen, the others at lastSeen, each
 * with an eventID of its own so that the aggregator's de-duplication leaves them be. A group whose S3
 * keys the engine folded into a prefix no longer knows its keys: it can only be counted with
 * `UsageAggregator.addGroup`, so it stops the expansion rather than stand for one key.
 */
export async function* expandGroups(groups: AsyncIterable<EventGroup>): AsyncGenerator<Event> {
  let n = 0;
  for await (const group of groups) {
    if (group.foldedKeys !== undefined)
      throw new Error('folded S3 keys cannot be expanded into events: read this source with groups()');
    n++;
    for (let i = 0; i < group.count; i++)
      yield {
        ...group.event,
        eventID: `group-${n}-${i}`,
        eventTime: i === 0 ? group.firstSeen : group.lastSeen,
      };
  }
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
