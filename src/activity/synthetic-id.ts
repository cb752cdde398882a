import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/order.js';

/**
 * A stable eventID for a record that has none (hand-written fixtures): a hash of its canonical JSON
 * (keys sorted at every level), so the same record always gets the same id, whatever its key order or
 * the file it came from. Identical records get identical ids, which is what de-duplication wants.
 */
export function syntheticEventId(record: unknown): string {
  return `synthetic-${createHash('sha256').update(canonicalJson(record)).digest('hex').slice(0, 32)}`;
}
