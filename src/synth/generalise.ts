import type { Item } from './items.js';
import { canonicalJson, compare } from './items.js';

/**
 * Many S3 keys become a prefix. Keys of one action in one bucket are clustered by their first path
 * segment; a cluster of at least `minKeys` keys becomes `<common directory>/*`, cut before the first
 * segment that looks like a partition (`2026`, `2026-11-01`, `year=2026`, an id), so the pattern still
 * holds next month: what a person would write. Keys in small clusters stay concrete. Candidates come
 * widest first; the caller takes the first the grant covers.
 */
export const MIN_KEYS_TO_GENERALISE = 10;

const S3_OBJECT = /^(arn:[a-z-]+:s3:::[^/]+)\/(.*)$/;

export interface Generalisation {
  /** Prefix patterns, the stable one first, then the longest common directory. */
  patterns: string[];
  members: Item[];
}

/** A path segment that changes with time or per object: digits, dates, hive partitions, ids. */
const VARIABLE_SEGMENT =
  /^(\d+|\d{4}-\d{2}(-\d{2})?|[A-Za-z_]+=.*|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-.*)$/i;

function stableDirectory(dir: string): string {
  const segments = dir.split('/').filter((s) => s !== '');
  const cut = segments.findIndex((s) => VARIABLE_SEGMENT.test(s));
  const kept = cut < 0 ? segments : segments.slice(0, cut);
  return kept.length === 0 ? '' : `${kept.join('/')}/`;
}

export function s3Generalisations(
  items: readonly Item[],
  minKeys = MIN_KEYS_TO_GENERALISE,
): Generalisation[] {
  const clusters = new Map<string, { bucket: string; keys: string[]; members: Item[] }>();
  for (const item of items) {
    if (item.kind !== 'observed' || item.resource === undefined) continue;
    const m = S3_OBJECT.exec(item.resource);
    if (!m) continue;
    const bucket = m[1] ?? '';
    // A folded prefix pattern (`dir/*`) takes part through its directory.
    const key = (m[2] ?? '').replace(/\*$/, '');
    const first = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
    const clusterKey = canonicalJson([item.action, item.condition ?? null, bucket, first]);
    let cluster = clusters.get(clusterKey);
    if (!cluster) clusters.set(clusterKey, (cluster = { bucket, keys: [], members: [] }));
    cluster.keys.push(key);
    cluster.members.push(item);
  }
  const result: Generalisation[] = [];
  for (const cluster of clusters.values()) {
    // A prefix folded while reading already stands for more keys than the reader kept.
    const folded = cluster.members.some((m) => m.resource?.endsWith('*'));
    if (cluster.members.length < minKeys && !folded) continue;
    const prefix = commonDirectory(cluster.keys);
    const patterns = [...new Set([stableDirectory(prefix), prefix])].map((p) => `${cluster.bucket}/${p}*`);
    result.push({ patterns, members: cluster.members });
  }
  return result.sort((a, b) => compare(a.patterns[0] ?? '', b.patterns[0] ?? ''));
}

/** The longest prefix ending in `/` (or empty) that every key starts with. */
function commonDirectory(keys: readonly string[]): string {
  let prefix = keys[0] ?? '';
  for (const key of keys) {
    let i = 0;
    while (i < prefix.length && i < key.length && prefix[i] === key[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}
