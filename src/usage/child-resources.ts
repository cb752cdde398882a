import { mergeDays, type Bucket, type DayBuckets, type Hit } from './buckets.js';

/**
 * Bounded memory for child resources with unbounded names: S3 object keys and CloudWatch Logs streams.
 * A function that writes a million distinct keys would make the usage model as large as the logs. Keys
 * under one parent (an S3 bucket and the key's first path segment; a log group) are a cluster; per UTC
 * day a cluster keeps its keys until it has more than `budget` of them, then only their longest common
 * prefix. Each day's state depends only on that day's set of keys, so the result does not depend on the
 * order events arrive in, and a day can be dropped when the window moves past it.
 */
const S3_OBJECT = /^(arn:[a-z-]+:s3:::[^/]+\/)(.*)$/;
const LOG_STREAM = /^(arn:[a-z-]+:logs:[^:]*:[^:]*:log-group:.+:log-stream:)(.*)$/;

/** The default `budget`; pushdown SQL folds S3 keys in the engine past the same number (pushdown-fold.ts). */
export const FOLD_BUDGET = 64;

export interface KeyCluster {
  action: string;
  /** The parent's ARN up to where the key starts: `arn:aws:s3:::bucket/`, `…:log-stream:`. */
  parent: string;
  days: Map<string, ClusterDay>;
}

interface ClusterDay {
  all: Bucket;
  /** Per key while the day has at most `budget` distinct keys; undefined once folded. */
  keys: Map<string, Bucket> | undefined;
  prefix: string;
}

/** The parent, key and cluster of a child resource, or undefined for any other ARN. */
export function childResource(
  resource: string,
): { parent: string; key: string; cluster: string } | undefined {
  const s3 = S3_OBJECT.exec(resource);
  if (s3) {
    const key = s3[2] ?? '';
    const slash = key.indexOf('/');
    return { parent: s3[1] ?? '', key, cluster: slash < 0 ? '' : key.slice(0, slash) };
  }
  const stream = LOG_STREAM.exec(resource);
  return stream ? { parent: stream[1] ?? '', key: stream[2] ?? '', cluster: '' } : undefined;
}

export function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

function count(bucket: Bucket, hit: Hit, isError: boolean): void {
  bucket.count += hit.count;
  if (isError) bucket.errorCount += hit.count;
  if (hit.first < bucket.first) bucket.first = hit.first;
  if (hit.last > bucket.last) bucket.last = hit.last;
}

export function addKey(
  cluster: KeyCluster,
  key: string,
  day: string,
  hit: Hit,
  isError: boolean,
  budget: number,
): void {
  let state = cluster.days.get(day);
  if (!state) {
    state = {
      all: { count: 0, errorCount: 0, first: hit.first, last: hit.last },
      keys: new Map(),
      prefix: key,
    };
    cluster.days.set(day, state);
  }
  count(state.all, hit, isError);
  state.prefix = commonPrefix(state.prefix, key);
  if (!state.keys) return;
  let bucket = state.keys.get(key);
  if (!bucket) {
    if (state.keys.size >= budget) {
      state.keys = undefined;
      return;
    }
    state.keys.set(key, (bucket = { count: 0, errorCount: 0, first: hit.first, last: hit.last }));
  }
  count(bucket, hit, isError);
}

/**
 * A day's keys an engine already folded (pushdown-fold.ts: the cluster has more than FOLD_BUDGET distinct
 * keys from that day on), given by their longest common prefix. The day is left folded: adding each key
 * with addKey might not fold it, but any window holding the day then holds more than `budget` keys, and
 * clusterResources gives the same prefix pattern and counts either way. Assumes `budget` <= FOLD_BUDGET.
 */
export function addFoldedKeys(
  cluster: KeyCluster,
  prefix: string,
  day: string,
  hit: Hit,
  isError: boolean,
): void {
  let state = cluster.days.get(day);
  if (!state) {
    state = { all: { count: 0, errorCount: 0, first: hit.first, last: hit.last }, keys: undefined, prefix };
    cluster.days.set(day, state);
  }
  count(state.all, hit, isError);
  state.prefix = commonPrefix(state.prefix, prefix);
  state.keys = undefined;
}

/** The cluster over the days from `firstDay` on: its keys, or one prefix pattern when it folded. */
export function clusterResources(
  cluster: KeyCluster,
  firstDay: string | undefined,
  budget: number,
): { resource: string; days: DayBuckets }[] {
  const keys = new Map<string, DayBuckets>();
  const all: DayBuckets = new Map();
  let prefix: string | undefined;
  let folded = false;
  for (const [day, state] of cluster.days) {
    if (firstDay !== undefined && day < firstDay) continue;
    all.set(day, state.all);
    prefix = prefix === undefined ? state.prefix : commonPrefix(prefix, state.prefix);
    if (!state.keys) {
      folded = true;
      continue;
    }
    for (const [key, bucket] of state.keys) {
      const days: DayBuckets = new Map([[day, bucket]]);
      const into = keys.get(key);
      if (into) mergeDays(into, days);
      else keys.set(key, days);
    }
  }
  if (all.size === 0) return [];
  if (!folded && keys.size <= budget) {
    return [...keys].map(([key, days]) => ({ resource: `${cluster.parent}${key}`, days }));
  }
  const dir = (prefix ?? '').slice(0, (prefix ?? '').lastIndexOf('/') + 1);
  return [{ resource: `${cluster.parent}${dir}*`, days: all }];
}
