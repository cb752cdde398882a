/**
 * Activity: CloudTrail records from where they are kept, as normalised `Event`s (src/model/event.ts).
 * `readActivity` / `localSource` read local files, directories (the S3 delivery layout) and stdin;
 * later sources (S3, LookupEvents, Lake, Athena) implement `ActivitySource` too; `memorySource` is the
 * fake for tests downstream. `normaliseRecord` is the pure record → Event step they all share.
 */
export {
  readActivity,
  localSource,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_IN_MEMORY_BYTES,
} from './local-source.js';
export type { ActivityProgress, ActivityRead, ReadActivityOptions } from './local-source.js';
export { memorySource } from './source.js';
export type { ActivitySource, ActivityStats, BadFile } from './source.js';
export { normaliseRecord, isProblem } from './normalise.js';
export type { RecordProblem } from './normalise.js';
export { normaliseTime } from './time.js';
