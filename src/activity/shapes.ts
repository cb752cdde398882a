import { describe, isObj } from './values.js';

/** Called for each record found in a document: `where` + `index` locate it (see `pointerOf`). */
export type RecordVisitor = (raw: unknown, where: string, index: number) => void;

export const NOT_CLOUDTRAIL =
  'not a CloudTrail file (expected {"Records": […]}, LookupEvents output {"Events": […]}, ' +
  'an array of records, a record, or records one per line)';

/**
 * The records inside one parsed JSON value: a CloudTrail file `{"Records": […]}`, `aws cloudtrail
 * lookup-events` output `{"Events": […]}`, a bare array of records, or one record (plain, LookupEvents
 * entry or EventBridge envelope, which `normaliseRecord` unwraps). Returns a problem when the value is
 * none of those. `where` prefixes the pointer (e.g. `Records`).
 */
export function visitRecords(value: unknown, visit: RecordVisitor, where = ''): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      // An array of CloudTrail files, as `jq -s` makes.
      if (isObj(item) && (Array.isArray(item['Records']) || Array.isArray(item['Events']))) {
        const problem = visitRecords(item, visit, `${where}[${i}]`);
        if (problem !== undefined) return problem;
      } else {
        visit(item, where, i);
      }
    }
    return undefined;
  }
  if (!isObj(value)) return `${NOT_CLOUDTRAIL}: found ${describe(value)}`;
  for (const key of ['Records', 'Events'] as const) {
    if (key in value) {
      const list = value[key];
      if (!Array.isArray(list)) return `${key} is ${describe(list)}, not an array`;
      const prefix = where === '' ? key : `${where}.${key}`;
      for (let i = 0; i < list.length; i++) visit(list[i], prefix, i);
      return undefined;
    }
  }
  if (looksLikeRecord(value)) {
    visit(value, where, -1);
    return undefined;
  }
  return NOT_CLOUDTRAIL;
}

const RECORD_KEYS = [
  'eventSource',
  'eventName',
  'eventTime',
  'eventVersion',
  'eventID',
  'userIdentity',
  'CloudTrailEvent',
  'detail-type',
];

export function looksLikeRecord(value: Record<string, unknown>): boolean {
  for (const key of RECORD_KEYS) if (key in value) return true;
  return false;
}

/** `Records[17]`, `line 3`, `line 3: Records[0]` … or undefined for a whole-file record. */
export function pointerOf(where: string, index: number): string | undefined {
  if (index < 0) return where === '' ? undefined : where;
  return `${where}[${index}]`;
}
