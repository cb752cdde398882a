import { addToDays, mergeDays, type Bucket, type DayBuckets } from './buckets.js';

/**
 * Bounded memory for S3 keys. A function that writes a million distinct keys would make the usage model
 * as large as the logs. Keys of one action in one bucket are clustered by their first path segment; per
 * UTC day a cluster keeps its keys until it has more than `budget` of them, then only their longest
 * common prefix. Each day's state depends only on that day's set of keys, so the result does not depend
 * on the order events arrive in, and a day can be dropped when the window moves past it.
 */
const S3_OBJECT = /^(arn:[a-z-]+:s3:::[^/]+)\/(.*)$/;

export interface KeyCluster {
  action: string;
  bucket: string;
  days: Map<string, ClusterDay>;
}

interface ClusterDay {
  all: Bucket;
  /** Per key while the day has at most `budget` distinct keys; undefined once folded. */
  keys: Map<string, DayBuckets> | undefined;
  prefix: string;
}

export function s3Object(resource: string): { bucket: string; key: string; cluster: string } | undefined {
  const m = S3_OBJECT.exec(resource);
  if (!m) return undefined;
  const key = m[2] ?? '';
  const slash = key.indexOf('/');
  return { bucket: m[1] ?? '', key, cluster: slash < 0 ? '' : key.slice(0, slash) };
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

export function addKey(
  cluster: KeyCluster,
  key: string,
  day: string,
  time: string,
  isError: boolean,
  budget: number,
): void {
  let state = cluster.days.get(day);
  if (!state) {
    state = { all: { count: 0, errorCount: 0, first: time, last: time }, keys: new Map(), prefix: key };
    cluster.days.set(day, state);
  }
  const all = state.all;
  all.count++;
  if (isError) all.errorCount++;
  if (time < all.first) all.first = time;
  if (time > all.last) all.last = time;
  state.prefix = commonPrefix(state.prefix, key);
  if (!state.keys) return;
  let days = state.keys.get(key);
  if (!days) {
    if (state.keys.size >= budget) {
      state.keys = undefined;
      return;
    }
    state.keys.set(key, (days = new Map()));
  }
  addToDays(days, day, time, isError);
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
    for (const [key, days] of state.keys) {
      const into = keys.get(key);
      if (into) mergeDays(into, days);
      else keys.set(key, new Map(days));
    }
  }
  if (all.size === 0) return [];
  if (!folded && keys.size <= budget)
    return [...keys].map(([key, days]) => ({ resource: `${cluster.bucket}/${key}`, days }));
  const dir = (prefix ?? '').slice(0, (prefix ?? '').lastIndexOf('/') + 1);
  return [{ resource: `${cluster.bucket}/${dir}*`, days: all }];
}
