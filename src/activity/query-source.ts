import type { RetryPolicy } from '../aws/call.js';
import type { SourceProjection } from '../mapping/projection.js';
import {
  emptyStats,
  expandGroups,
  type ActivitySource,
  type ActivityStats,
  type EventGroup,
} from './source.js';

/** What every query source takes besides its client and what it queries. */
export interface QueryOptions {
  projections: readonly SourceProjection[];
  /** The window's bounds, ISO instants. */
  since: string;
  until: string;
  roles?: readonly string[];
  retry?: RetryPolicy;
  /** Waits between polls; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (rows: number) => void;
}

/** What a query source counts while its rows come in. */
export interface QueryStats {
  /** Queries run (1 once results come back). */
  files: number;
  rows: number;
}

/** A source whose records come grouped from one engine query (Athena, CloudTrail Lake). */
export type QuerySource = ActivitySource & { groups(): AsyncIterable<EventGroup> };

/**
 * The source around a query: `groups()` runs it afresh; `events()` is the same records one by one, for
 * consumers that do not know groups. stats: one "file" (the query), records = the groups' records.
 */
export function queryActivitySource(run: (stats: QueryStats) => AsyncGenerator<EventGroup>): QuerySource {
  let stats: ActivityStats = emptyStats();
  const groups = async function* (): AsyncGenerator<EventGroup> {
    stats = emptyStats();
    const counters: QueryStats = { files: 0, rows: 0 };
    for await (const group of run(counters)) {
      stats.files = counters.files;
      stats.records += group.records;
      yield group;
    }
    stats.files = 1;
  };
  return {
    groups,
    events: () => expandGroups(groups()),
    stats: () => ({ ...stats, badFiles: [] }),
  };
}

/** Polls `done` until it says so, waiting 250 ms, then twice as long each time, at most 5 s. */
export async function pollUntilDone(
  sleep: (ms: number) => Promise<void>,
  done: () => Promise<boolean>,
): Promise<void> {
  for (let wait = 250; !(await done()); wait = Math.min(wait * 2, 5000)) await sleep(wait);
}
