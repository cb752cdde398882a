import { createHash } from 'node:crypto';

/**
 * A stable eventID for a record that has none (hand-written fixtures): a hash of its canonical JSON
 * (keys sorted at every level), so the same record always gets the same id, whatever its key order or
 * the file it came from. Identical records get identical ids, which is what de-duplication wants.
 */
export function syntheticEventId(record: unknown): string {
  return `synthetic-${createHash('sha256').update(canonicalJson(record)).digest('hex').slice(0, 32)}`;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
