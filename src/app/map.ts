import { readActivity } from '../activity/index.js';
import { loadMappingIndex } from '../data/mappings.js';
import { UsageError } from '../errors.js';
import { mapEvent } from '../mapping/index.js';
import { MapCounter, mapLine, type MapSummary } from '../outputs/map-lines.js';

export interface MapOptions {
  logs: string[];
  skipBadFiles: boolean;
  /** Called with each record's JSON line; absent with --summary. */
  onLine?: (line: string) => void;
  stdin?: NodeJS.ReadableStream;
}

/**
 * `pare map`: every record, what it needed and why. Files are read one at a time, in the sorted order
 * they are listed, so the lines come out in the same order on every run.
 */
export async function runMap(
  options: MapOptions,
): Promise<{ summary: MapSummary; badFiles: { file: string; problem: string }[] }> {
  if (options.logs.length === 0) throw new UsageError('map needs --logs PATH...');
  const index = await loadMappingIndex();
  const counter = new MapCounter();
  const activity = readActivity(options.logs, {
    skipBadFiles: options.skipBadFiles,
    concurrency: 1,
    record: { timeOptional: true },
    ...(options.stdin ? { stdin: options.stdin } : {}),
  });
  for await (const event of activity.events) {
    const result = mapEvent(event, index);
    counter.add(event, result);
    options.onLine?.(mapLine(event, result));
  }
  return { summary: counter.summary(), badFiles: activity.stats().badFiles };
}
