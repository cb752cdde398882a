import type { Item } from './items.js';
import { canonicalJson, compare } from './items.js';

/**
 * Many S3 keys become a prefix. Keys of one action in one bucket are clustered by their first path
 * segment; a cluster of at least `minKeys` keys becomes `<longest common directory>/*` — what a person
 * would write, and stable as new keys arrive under the same prefix (date partitions, upload ids). Keys in
 * small clusters stay concrete. The caller decides whether the grant covers the pattern.
 */
export const MIN_KEYS_TO_GENERALISE = 10;

const S3_OBJECT = /^(arn:[a-z-]+:s3:::[^/]+)\/(.*)$/;

export interface Generalisation {
  pattern: string;
  members: Item[];
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
    if (cluster.members.length < minKeys) continue;
    const prefix = commonDirectory(cluster.keys);
    result.push({ pattern: `${cluster.bucket}/${prefix}*`, members: cluster.members });
  }
  return result.sort((a, b) => compare(a.pattern, b.pattern));
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
