/**
 * The few spellings pushdown SQL differs in. Athena's CloudTrail table (the documented DDL) has
 * lower-case columns, eventtime as ISO text and requestparameters/responseelements as JSON text.
 * CloudTrail Lake (Trino too) has eventTime as a timestamp and requestParameters/responseElements as
 * map(varchar, varchar), nested values as JSON text
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-supported-event-schemas.html).
 * DuckDB runs the Athena shape in tests.
 */
export type DialectName = 'athena' | 'lake' | 'duckdb';

export interface Dialect {
  name: DialectName;
  /** A field by its lower-case path (`useridentity.sessioncontext.sessionissuer.arn`). */
  field(path: string): string;
  /** The UTC day of eventtime, `YYYY-MM-DD`. */
  day(): string;
  /** min/max of eventtime as text. */
  time(aggregate: 'min' | 'max'): string;
  /** The window's bounds (ISO instants, whole seconds) as predicates. */
  window(since: string, until: string): string[];
  /** The object's top-level keys matching `pattern` (a quoted literal), values whole, as JSON text. */
  keep(column: 'requestparameters' | 'responseelements', pattern: string): string;
  /** The whole object as JSON text. */
  whole(column: 'requestparameters' | 'responseelements'): string;
  /** resources[].arn as a JSON array text. */
  arns(): string;
  /** A top-level scalar of a JSON object text (a PROJECTABLE_KEY), as text. */
  scalar(json: string, key: string): string;
  /**
   * The longest query the engine takes. A dialect that has one picks each source's key pattern with a
   * CASE inside one map_filter, keeps keys by their common endings, and gives the sources whose
   * patterns do not fit their whole requestParameters (never less than the mapping reads).
   */
  maxLength?: number;
}

const LAKE_NAMES: Record<string, string> = {
  useridentity: 'userIdentity',
  sessioncontext: 'sessionContext',
  sessionissuer: 'sessionIssuer',
  username: 'userName',
  principalid: 'principalId',
  accountid: 'accountId',
  invokedby: 'invokedBy',
  eventsource: 'eventSource',
  eventname: 'eventName',
  awsregion: 'awsRegion',
  recipientaccountid: 'recipientAccountId',
  errorcode: 'errorCode',
  eventtype: 'eventType',
  eventcategory: 'eventCategory',
  eventtime: 'eventTime',
  eventid: 'eventID',
  requestparameters: 'requestParameters',
  responseelements: 'responseElements',
};

/** `2026-08-01T00:00:00Z` → `2026-08-01 00:00:00`: a Trino timestamp literal's text. */
const timestampText = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

export const athena: Dialect = {
  name: 'athena',
  field: (path) => path,
  day: () => 'substr(eventtime, 1, 10)',
  time: (aggregate) => `${aggregate}(eventtime)`,
  // ISO text in one shape (`…:SSZ`) compares as the instants do.
  window: (since, until) => [`eventtime >= '${since}'`, `eventtime <= '${until}'`],
  keep: (column, pattern) =>
    `json_format(CAST(map_filter(TRY_CAST(TRY(json_parse(${column})) AS map(varchar, json)), (k, v) -> regexp_like(k, ${pattern})) AS json))`,
  whole: (column) => column,
  arns: () => 'json_format(CAST(transform(resources, r -> r.arn) AS json))',
  scalar: (json, key) => `json_extract_scalar(${json}, '$.${key}')`,
};

export const lake: Dialect = {
  name: 'lake',
  field: (path) =>
    path
      .split('.')
      .map((p) => LAKE_NAMES[p] ?? p)
      .join('.'),
  day: () => "date_format(eventTime, '%Y-%m-%d')",
  time: (aggregate) => `CAST(${aggregate}(eventTime) AS varchar)`,
  window: (since, until) => [
    `eventTime >= TIMESTAMP '${timestampText(since)}'`,
    `eventTime <= TIMESTAMP '${timestampText(until)}'`,
  ],
  keep: (column, pattern) =>
    `json_format(CAST(map_filter(${LAKE_NAMES[column] ?? column}, (k, v) -> regexp_like(k, ${pattern})) AS json))`,
  whole: (column) => `json_format(CAST(${LAKE_NAMES[column] ?? column} AS json))`,
  arns: () => 'json_format(CAST(transform(resources, r -> r.arn) AS json))',
  scalar: (json, key) => `json_extract_scalar(${json}, '$.${key}')`,
  // StartQuery's QueryStatement: at most 10,000 characters (CloudTrail API Reference, StartQuery).
  maxLength: 10_000,
};

export const duckdb: Dialect = {
  ...athena,
  name: 'duckdb',
  keep: (column, pattern) =>
    `CAST(to_json(map_from_entries(list_filter(map_entries(json_transform(${column}, '"MAP(VARCHAR, JSON)"')), e -> regexp_matches(e.key, ${pattern})))) AS VARCHAR)`,
  arns: () => 'CAST(to_json(list_transform(resources, r -> r.arn)) AS VARCHAR)',
  scalar: (json, key) => `json_extract_string(${json}, '$.${key}')`,
};

export const DIALECTS: Record<DialectName, Dialect> = { athena, lake, duckdb };
