/**
 * Activity: CloudTrail records from where they are kept, as normalised `Event`s (src/model/event.ts).
 * `readActivity` / `localSource` read local files, directories (the S3 delivery layout) and stdin;
 * the other sources (S3, LookupEvents, Lake, Athena) implement `ActivitySource` too (Lake and Athena
 * also `groups()`: records grouped in the engine); `memorySource` is the
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
export { expandGroups } from './source.js';
export type { EventGroup } from './source.js';
export { athenaSource, athenaSql, parseTable } from './athena-source.js';
export type { AthenaSourceOptions } from './athena-source.js';
export { lakeSource, lakeSql, parseEventDataStore } from './lake-source.js';
export type { LakeSourceOptions } from './lake-source.js';
export { pushdownSql, GROUP_COLUMNS, COUNT_COLUMNS } from './pushdown-sql.js';
export type { PushdownQuery } from './pushdown-sql.js';
export { DIALECTS } from './pushdown-dialect.js';
export type { Dialect, DialectName } from './pushdown-dialect.js';
export { decodeRow } from './pushdown-rows.js';
export type { QuerySource } from './query-source.js';
