import { InputError } from '../errors.js';
import type { DialectName } from './pushdown-dialect.js';
import { isProblem, normaliseRecord } from './normalise.js';
import { COUNT_COLUMNS, GROUP_COLUMNS, type PushdownColumn } from './pushdown-sql.js';
import type { EventGroup } from './source.js';
import { normaliseTime } from './time.js';
import { commonPrefix } from '../usage/child-resources.js';

/** A result row by column name; SQL NULL is null (or absent). */
export type PushdownRow = Partial<Record<PushdownColumn, string | null>>;

/** Checks that a header names the pushdown columns, in order; `where` names the result for errors. */
export function checkHeader(header: readonly (string | undefined)[], where: string): void {
  const want = [...GROUP_COLUMNS, ...COUNT_COLUMNS];
  if (header.length !== want.length || want.some((c, i) => header[i]?.toLowerCase() !== c))
    throw new InputError(where, `unexpected result columns: ${header.join(', ')}`);
}

/**
 * One result row → the Event it stands for (through normaliseRecord, like any record) and how many
 * records it counts. Lake's maps hold each top-level value as text: nested objects and lists come as
 * JSON text and are parsed back; scalars stay strings (the mapping reads numbers and strings alike).
 */
export function decodeRow(row: PushdownRow, dialect: DialectName, where: string): EventGroup {
  const get = (c: PushdownColumn): string | undefined => row[c] ?? undefined;
  const identity: Record<string, unknown> = {};
  const set = (key: string, c: PushdownColumn): void => {
    const v = get(c);
    if (v !== undefined) identity[key] = v;
  };
  set('type', 'identity_type');
  set('arn', 'principal_arn');
  set('principalId', 'principal_id');
  set('accountId', 'principal_account');
  set('invokedBy', 'invoked_by');
  const roleArn = get('role_arn');
  if (roleArn !== undefined) {
    const issuer: Record<string, string> = { arn: roleArn };
    const roleName = get('role_name');
    if (roleName !== undefined) issuer['userName'] = roleName;
    identity['sessionContext'] = { sessionIssuer: issuer };
  }
  const first = normaliseTime(get('first_seen'));
  const last = normaliseTime(get('last_seen'));
  const events = Number(get('events'));
  const records = Number(get('records'));
  if (first === undefined || last === undefined || !(events > 0) || !(records >= events))
    throw new InputError(where, `a row without counts or times (${JSON.stringify(row)})`);
  const request = object(get('request'), dialect);
  const low = get('key_low');
  const high = get('key_high');
  // A row of folded S3 keys (pushdown-fold.ts) is the lowest key's; it stands for them all.
  if (low !== undefined && (high === undefined || request?.['key'] !== low || !(low <= high)))
    throw new InputError(where, `a row of folded keys not of its lowest key (${JSON.stringify(row)})`);
  const record: Record<string, unknown> = {
    eventID: '',
    eventTime: first,
    eventSource: get('event_source'),
    eventName: get('event_name'),
    awsRegion: get('aws_region'),
    userIdentity: identity,
    recipientAccountId: get('recipient_account'),
    errorCode: get('error_code'),
    eventType: get('event_type'),
    eventCategory: get('event_category'),
    requestParameters: request,
    responseElements: object(get('response'), dialect),
    resources: (parse(get('resource_arns')) as unknown[] | undefined)
      ?.filter((a): a is string => typeof a === 'string')
      .map((arn) => ({ ARN: arn })),
  };
  const event = normaliseRecord(record);
  if (isProblem(event)) throw new InputError(where, event.problem);
  const group: EventGroup = { event, count: events, records, firstSeen: first, lastSeen: last };
  // The LCP of a set of strings is that of its lowest and highest.
  if (low !== undefined && high !== undefined)
    group.foldedKeys = { key: low, prefix: commonPrefix(low, high) };
  return group;
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function object(text: string | undefined, dialect: DialectName): Record<string, unknown> | undefined {
  const value = parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (dialect !== 'lake') return value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const nested = typeof v === 'string' && /^[[{]/.test(v) ? parse(v) : undefined;
    out[k] = nested ?? v;
  }
  return out;
}
