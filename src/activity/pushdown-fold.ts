import { FOLD_BUDGET } from '../usage/child-resources.js';
import type { Dialect } from './pushdown-dialect.js';

/**
 * S3 calls on one object, named by requestParameters' bucketName and key (mappings/services/s3.json).
 * Not CopyObject or UploadPartCopy, which name a second object in x-amz-copy-source.
 */
export const S3_OBJECT_EVENTS = [
  'GetObject',
  'HeadObject',
  'PutObject',
  'DeleteObject',
  'GetObjectTagging',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'GetObjectAcl',
  'PutObjectAcl',
  'RestoreObject',
  'GetObjectAttributes',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
] as const;

/** The grouped columns that hold the key or tell the days apart; the fold keeps every other one. */
const FOLDED = new Set(['day', 'request', 'resource_arns']);

/**
 * The statement after `WITH grouped AS (…)`: S3 object keys folded as UsageAggregator would fold them
 * (child-resources.ts), so that a function writing unique keys returns a row per day, not per object.
 *
 * A row's shape is its request and resource_arns with the key replaced by chr(1), which JSON text never
 * holds raw, so that shape and key give the texts back. Rows alike in shape, cluster (the key's first
 * path segment) and the other columns but the day differ only in the key: their accesses are those of
 * one aggregator cluster. Where that cluster has more than FOLD_BUDGET distinct keys on a day or later,
 * any window holding the day folds the cluster to its prefix, so the day's rows come back as one:
 * summed counts, the lowest key's texts, and the day's lowest and highest keys (whose longest common
 * prefix is the day's). Only rows whose key occurs once in request, and in resource_arns not at all or
 * once ending an ARN, get a shape; others (a key JSON escapes, a key met elsewhere) come back as they are.
 */
export function foldS3Keys(
  d: Dialect,
  columns: { group: readonly string[]; counts: readonly string[] },
): string {
  const names = S3_OBJECT_EVENTS.map((n) => `'${n}'`);
  const partition = [
    ...columns.group.filter((c) => !FOLDED.has(c)),
    's3_cluster',
    'request_shape',
    'arns_shape',
  ];
  const cluster = list(partition, '      ');
  const once = (text: string): string =>
    `length(${text}) - length(replace(${text}, s3_key, '')) = length(s3_key)`;
  // Rows that do not fold are groups of one: their own request and resource_arns.
  const merged: Record<string, string> = {
    request: "min_by(request, coalesce(fold_key, ''))",
    resource_arns: "min_by(resource_arns, coalesce(fold_key, ''))",
    events: 'sum(events)',
    records: 'sum(records)',
    first_seen: 'min(first_seen)',
    last_seen: 'max(last_seen)',
  };
  const select = [...columns.group, ...columns.counts].map((c) =>
    merged[c] !== undefined ? `${merged[c]} AS ${c}` : c,
  );
  return `keyed AS (
  SELECT grouped.*,
    CASE WHEN event_source = 's3.amazonaws.com'
      AND event_name IN (${list(names, '        ')})
      THEN ${d.scalar('request', 'key')} END AS s3_key
  FROM grouped
),
shaped AS (
  SELECT keyed.*,
    CASE WHEN strpos(s3_key, '/') > 0 THEN split_part(s3_key, '/', 1) ELSE '' END AS s3_cluster,
    CASE WHEN s3_key <> '' AND ${once('request')}
      AND (coalesce(strpos(resource_arns, s3_key), 0) = 0
        OR (${once('resource_arns')}
          AND strpos(resource_arns, concat('/', s3_key, '"')) > 0))
      THEN replace(request, s3_key, chr(1)) END AS request_shape,
    replace(resource_arns, s3_key, chr(1)) AS arns_shape
  FROM keyed
),
last_days AS (
  SELECT shaped.*,
    day = max(day) OVER (PARTITION BY s3_key,
      ${cluster}) AS last_day_of_key
  FROM shaped
),
counted AS (
  SELECT last_days.*,
    sum(CASE WHEN last_day_of_key THEN 1 ELSE 0 END) OVER (PARTITION BY
      ${cluster}
      ORDER BY day DESC) AS keys_from_day
  FROM last_days
),
folding AS (
  SELECT counted.*,
    CASE WHEN request_shape IS NOT NULL AND keys_from_day > ${FOLD_BUDGET} THEN s3_key END AS fold_key
  FROM counted
)
SELECT ${list(select, '  ')},
  min(fold_key) AS key_low, max(fold_key) AS key_high
FROM folding
GROUP BY day, fold_key IS NULL,
  ${list(partition, '  ')},
  CASE WHEN fold_key IS NULL THEN request END, CASE WHEN fold_key IS NULL THEN resource_arns END
`;
}

/** Items joined by commas, in lines of at most about 100 characters. */
function list(items: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    if (next.length + indent.length > 100 && line !== '') {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  return [...lines, line].join(`\n${indent}`);
}
