import { compactProjection, keyPattern, type SourceProjection } from '../mapping/projection.js';
import { UsageError } from '../errors.js';
import type { Dialect } from './pushdown-dialect.js';
import { foldS3Keys } from './pushdown-fold.js';
import { isGlob, likePattern, sqlString } from './pushdown-quote.js';

/** The result columns, in order: what pushdown-rows.ts decodes. */
export const GROUP_COLUMNS = [
  'role_arn',
  'role_name',
  'principal_arn',
  'principal_id',
  'identity_type',
  'principal_account',
  'invoked_by',
  'event_source',
  'event_name',
  'aws_region',
  'recipient_account',
  'error_code',
  'event_type',
  'event_category',
  'day',
  'request',
  'response',
  'resource_arns',
] as const;

/** key_low and key_high are NULL but on rows that fold S3 object keys (pushdown-fold.ts). */
export const COUNT_COLUMNS = ['events', 'records', 'first_seen', 'last_seen', 'key_low', 'key_high'] as const;

export type PushdownColumn = (typeof GROUP_COLUMNS)[number] | (typeof COUNT_COLUMNS)[number];

export interface PushdownQuery {
  dialect: Dialect;
  /** The table or event data store, already quoted or validated. */
  from: string;
  /** From src/mapping/projection.ts; sources not listed keep their whole requestParameters. */
  projections: readonly SourceProjection[];
  /** ISO instants (pare's `…sssZ`); compared at whole seconds, as CloudTrail logs them. */
  since: string;
  until: string;
  /** `--role` values: names, ARNs, globs over either. */
  roles?: readonly string[];
  /** Extra predicates (Athena partitions), already built from validated values. */
  predicates?: readonly string[];
  /** Athena tables made from older DDL have no eventcategory column. */
  hasEventCategory?: boolean;
  /** Names what the query is for in its first comment line. */
  title?: string;
}

const ISSUER = 'useridentity.sessioncontext.sessionissuer';

/**
 * One query that groups the window's records by everything the mapping and the usage model read, so
 * that what comes back is proportional to distinct usage, not to the number of records. Records of
 * principals that are not role sessions stay in (the counts include them) with their request, response
 * and resources left out, so that they group coarsely. S3 object keys past the aggregator's budget fold
 * in the engine too (pushdown-fold.ts).
 */
export function pushdownSql(q: PushdownQuery): string {
  const max = q.dialect.maxLength;
  if (max === undefined) return render(q, projection(q, 'requestparameters'));
  // Sources whose patterns do not fit keep their whole requestParameters: the longest patterns first,
  // those of sources with data events (the most records) last.
  const kept = q.projections.filter((p) => p.request !== 'all');
  for (;;) {
    const sql = render(q, casedProjection(q, kept));
    if (sql.length <= max) return sql;
    const longest = [...kept].sort(
      (a, b) => Number(a.dataEvents) - Number(b.dataEvents) || patternOf(b).length - patternOf(a).length,
    )[0];
    if (longest === undefined)
      throw new UsageError(
        `the ${q.dialect.name} query would be longer than ${max} characters: fewer --role values`,
      );
    const pattern = patternOf(longest);
    for (let i = kept.length - 1; i >= 0; i--)
      if (patternOf(kept[i] as SourceProjection) === pattern) kept.splice(i, 1);
  }
}

/** Key endings a length-limited query keeps keys by: most ARN placeholders end so. */
export const COMPACT_SUFFIXES = ['name', 'names', 'id', 'ids', 'arn', 'arns'];

function patternOf(p: SourceProjection): string {
  const c = compactProjection(p, COMPACT_SUFFIXES);
  return keyPattern(c.request === 'all' ? [] : c.request, c.requestSuffixes);
}

/** One map_filter whose pattern a CASE on eventSource picks; other sources keep every key. */
function casedProjection(q: PushdownQuery, kept: readonly SourceProjection[]): string {
  const branches = new Map<string, string[]>();
  for (const p of kept) branches.set(patternOf(p), [...(branches.get(patternOf(p)) ?? []), p.eventSource]);
  const source = q.dialect.field('eventsource');
  const whens = [...branches].map(
    ([pattern, sources]) =>
      `\n        WHEN ${source} IN (${sources.map((s) => sqlString(s, 'eventSource')).join(', ')}) THEN ${sqlString(pattern, 'key pattern')}`,
  );
  if (whens.length === 0) return q.dialect.whole('requestparameters');
  return q.dialect.keep('requestparameters', `CASE${whens.join('')}\n        ELSE '.*'\n      END`);
}

function render(q: PushdownQuery, request: string): string {
  const d = q.dialect;
  const f = (path: string): string => d.field(path);
  const assumed = `${f('useridentity.type')} = 'AssumedRole'`;
  const onlyRoles = (expr: string): string => `CASE WHEN ${assumed} THEN ${expr} END`;
  const select: [string, string][] = [
    [f(`${ISSUER}.arn`), 'role_arn'],
    [f(`${ISSUER}.username`), 'role_name'],
    [onlyRoles(f('useridentity.arn')), 'principal_arn'],
    [onlyRoles(f('useridentity.principalid')), 'principal_id'],
    [f('useridentity.type'), 'identity_type'],
    [f('useridentity.accountid'), 'principal_account'],
    [f('useridentity.invokedby'), 'invoked_by'],
    [f('eventsource'), 'event_source'],
    [f('eventname'), 'event_name'],
    [f('awsregion'), 'aws_region'],
    [f('recipientaccountid'), 'recipient_account'],
    [f('errorcode'), 'error_code'],
    [f('eventtype'), 'event_type'],
    [q.hasEventCategory === false ? 'CAST(NULL AS varchar)' : f('eventcategory'), 'event_category'],
    [d.day(), 'day'],
    [onlyRoles(request), 'request'],
    [onlyRoles(projection(q, 'responseelements')), 'response'],
    [onlyRoles(d.arns()), 'resource_arns'],
  ];
  const counts: [string, string][] = [
    [`count(DISTINCT ${f('eventid')})`, 'events'],
    ['count(*)', 'records'],
    [d.time('min'), 'first_seen'],
    [d.time('max'), 'last_seen'],
  ];
  const where = [
    ...d.window(ceilSecond(q.since), floorSecond(q.until)),
    ...(q.predicates ?? []),
    ...rolePredicate(q.roles ?? [], f),
  ];
  const lines = [
    `-- pare: ${q.title ?? 'CloudTrail usage'}, grouped in the engine (${d.name} dialect)`,
    'WITH grouped AS (',
    'SELECT',
    [...select, ...counts].map(([expr, alias]) => `  ${expr} AS ${alias}`).join(',\n'),
    `FROM ${q.from}`,
    `WHERE ${where.join('\n  AND ')}`,
    `GROUP BY ${select.map((_, i) => i + 1).join(', ')}`,
    '),',
    foldS3Keys(d, { group: GROUP_COLUMNS, counts: counts.map(([, alias]) => alias) }),
  ];
  return lines.join('\n');
}

/** One CASE on eventSource: sources sharing a key set share a branch; others keep the whole object. */
function projection(q: PushdownQuery, column: 'requestparameters' | 'responseelements'): string {
  const d = q.dialect;
  const branches = new Map<string, string[]>();
  for (const p of q.projections) {
    const keys = column === 'requestparameters' ? p.request : p.response;
    let expr: string;
    if (keys === 'all') expr = d.whole(column);
    else if (column === 'responseelements' && keys.length === 0) expr = 'NULL';
    else
      expr = d.keep(
        column,
        sqlString(keyPattern(keys, column === 'requestparameters' ? p.requestSuffixes : []), 'key pattern'),
      );
    branches.set(expr, [...(branches.get(expr) ?? []), p.eventSource]);
  }
  const source = d.field('eventsource');
  const whens = [...branches]
    .filter(([expr]) => expr !== 'NULL' || column === 'requestparameters')
    .map(
      ([expr, sources]) =>
        `\n      WHEN ${source} IN (${sources.map((s) => sqlString(s, 'eventSource')).join(', ')})\n        THEN ${expr}`,
    );
  // The response matters only where a rule reads it; elsewhere it would split groups for nothing.
  const otherwise = column === 'requestparameters' ? d.whole(column) : 'NULL';
  if (whens.length === 0) return otherwise;
  return `CASE${whens.join('')}\n      ELSE ${otherwise}\n    END`;
}

function rolePredicate(roles: readonly string[], f: (path: string) => string): string[] {
  if (roles.length === 0) return [];
  const name = f(`${ISSUER}.username`);
  const arn = f(`${ISSUER}.arn`);
  const exact = roles.filter((r) => !isGlob(r)).map((r) => sqlString(r, '--role'));
  const parts: string[] = [];
  if (exact.length > 0) parts.push(`${name} IN (${exact.join(', ')})`, `${arn} IN (${exact.join(', ')})`);
  for (const glob of roles.filter(isGlob)) {
    const like = sqlString(likePattern(glob), '--role');
    parts.push(`${name} LIKE ${like} ESCAPE '\\'`, `${arn} LIKE ${like} ESCAPE '\\'`);
  }
  return [`(${parts.join('\n    OR ')})`];
}

/** `…T12:00:00.250Z` → `…T12:00:01Z`: the first whole second not before the instant. */
export function ceilSecond(iso: string): string {
  const whole = `${iso.slice(0, 19)}Z`;
  const millis = Number(iso.slice(20, 23) || '0');
  return millis === 0 ? whole : new Date(Date.parse(whole) + 1000).toISOString().slice(0, 19) + 'Z';
}

export function floorSecond(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}
