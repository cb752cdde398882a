import type { Item } from './items.js';
import { canonicalJson, compare } from './items.js';

/**
 * Many children of one parent become the parent's wildcard. S3 first: many S3 keys become a prefix. Keys of one action in one bucket are clustered by their first path
 * segment; a cluster of at least `minKeys` keys becomes `<common directory>/*`, cut before the first
 * segment that looks like a partition (`2026`, `2026-11-01`, `year=2026`, an id), so the pattern still
 * holds next month: what a person would write. Keys in small clusters stay concrete. Candidates come
 * widest first; the caller takes the first the grant covers.
 *
 * Other ARNs: many siblings under one named parent (Step Functions executions of one state machine,
 * streams of one log group, indexes of one table) become `<parent>*`. Siblings directly under a
 * resource type (`table/A`, `table/B` …) never do: that would grant every table.
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

export function generalisations(items: readonly Item[], minKeys = MIN_KEYS_TO_GENERALISE): Generalisation[] {
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
  result.push(...childGeneralisations(items, minKeys));
  return result.sort((a, b) => compare(a.patterns[0] ?? '', b.patterns[0] ?? ''));
}

/** `arn:p:svc:region:account:` and the resource part, for ARNs other than S3's. */
const ARN = /^(arn:[a-z-]+:(?!s3:)[^:]+:[^:]*:[^:]*:)(.+)$/;

/** The named parent of a resource (`execution:SM:`, `log-group:G:log-stream:`), or undefined. */
function namedParent(resource: string): string | undefined {
  const m = ARN.exec(resource);
  if (!m || resource.includes('*')) return undefined;
  const rest = m[2] ?? '';
  const cut = Math.max(rest.lastIndexOf(':'), rest.lastIndexOf('/'));
  // The resource type, a separator, a parent name, a separator: at least two separators before the name.
  const parent = rest.slice(0, cut + 1);
  const separators = parent.split(/[:/]/).length - 1;
  return cut > 0 && separators >= 2 ? `${m[1] ?? ''}${parent}` : undefined;
}

function childGeneralisations(items: readonly Item[], minKeys: number): Generalisation[] {
  const clusters = new Map<string, { parent: string; members: Item[] }>();
  for (const item of items) {
    if (item.kind !== 'observed' || item.resource === undefined) continue;
    const parent = namedParent(item.resource);
    if (parent === undefined) continue;
    const key = canonicalJson([item.action, item.condition ?? null, parent]);
    let cluster = clusters.get(key);
    if (!cluster) clusters.set(key, (cluster = { parent, members: [] }));
    cluster.members.push(item);
  }
  return [...clusters.values()]
    .filter((c) => c.members.length >= minKeys)
    .map((c) => ({ patterns: [`${c.parent}*`], members: c.members }));
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
