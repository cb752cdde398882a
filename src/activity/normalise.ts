import type { Event, EventResource } from '../model/event.js';
import { principalOf } from './principal.js';
import { scrubCredentials } from './scrub.js';
import { syntheticEventId } from './synthetic-id.js';
import { normaliseTime } from './time.js';
import { describe, isObj, str, type Obj } from './values.js';

/** Why a record could not become an `Event`; in a file, this makes the file bad. */
export interface RecordProblem {
  problem: string;
}

/**
 * One CloudTrail record, in any of the shapes users hand us, to an `Event`, or the reason it cannot be
 * one. Accepts a plain record, a LookupEvents entry (`{CloudTrailEvent: "<json>"}`) and an EventBridge
 * envelope (`{"detail-type": "AWS API Call via CloudTrail", detail: {...}}`). Pure: same input, same
 * output (including the synthetic eventID of a record that has none); the input is never mutated.
 */
export interface NormaliseOptions {
  /**
   * Accept a record whose eventTime is missing or not a time, with eventTime `''`: `pare map` explains
   * records, and a hand-written fixture without a time still names a call. The analysis needs times.
   */
  timeOptional?: boolean;
}

export function normaliseRecord(raw: unknown, options: NormaliseOptions = {}): Event | RecordProblem {
  const unwrapped = unwrap(raw);
  if ('problem' in unwrapped) return unwrapped;
  const { record: r, envelope } = unwrapped;

  const eventSource = str(r['eventSource']);
  if (eventSource === undefined) return { problem: 'missing eventSource' };
  const eventName = str(r['eventName']);
  if (eventName === undefined) return { problem: 'missing eventName' };
  // `@timestamp`: Logstash/Elastic exports (OTRF) move eventTime there.
  const rawTime = r['eventTime'] ?? r['@timestamp'] ?? envelope?.['time'];
  const missing = rawTime === undefined || rawTime === null || rawTime === '';
  const eventTime = missing ? undefined : normaliseTime(rawTime);
  if (eventTime === undefined && !options.timeOptional) {
    return { problem: missing ? 'missing eventTime' : `eventTime ${JSON.stringify(rawTime)} is not a time` };
  }

  const event: Event = {
    eventID: str(r['eventID']) ?? syntheticEventId(r),
    eventTime: eventTime ?? '',
    eventSource,
    eventName,
    // The Event type wants a string; records without one (hand-written fixtures) get '' = unknown.
    awsRegion: str(r['awsRegion']) ?? str(envelope?.['region']) ?? '',
    principal: principalOf(r['userIdentity']),
  };
  const eventType = str(r['eventType']);
  if (eventType !== undefined) event.eventType = eventType;
  const eventCategory = str(r['eventCategory']);
  if (eventCategory !== undefined) event.eventCategory = eventCategory;
  const managementEvent = bool(r['managementEvent']);
  if (managementEvent !== undefined) event.managementEvent = managementEvent;
  const readOnly = bool(r['readOnly']);
  if (readOnly !== undefined) event.readOnly = readOnly;
  const recipientAccountId = str(r['recipientAccountId']);
  if (recipientAccountId !== undefined) event.recipientAccountId = recipientAccountId;
  const errorCode = str(r['errorCode']);
  if (errorCode !== undefined) event.errorCode = errorCode;
  const requestParameters = obj(r['requestParameters']);
  if (requestParameters !== undefined) event.requestParameters = requestParameters;
  const responseElements = obj(r['responseElements']);
  if (responseElements !== undefined) event.responseElements = responseElements;
  const additionalEventData = obj(r['additionalEventData']);
  if (additionalEventData !== undefined) event.additionalEventData = additionalEventData;
  const resources = resourcesOf(r['resources']);
  if (resources !== undefined) event.resources = resources;
  const sharedEventID = str(r['sharedEventID']);
  if (sharedEventID !== undefined) event.sharedEventID = sharedEventID;
  const vpcEndpointId = str(r['vpcEndpointId']);
  if (vpcEndpointId !== undefined) event.vpcEndpointId = vpcEndpointId;
  return event;
}

/** True when `value` is a problem rather than an event. */
export function isProblem(value: Event | RecordProblem): value is RecordProblem {
  return 'problem' in value;
}

function unwrap(raw: unknown): { record: Obj; envelope?: Obj } | RecordProblem {
  if (!isObj(raw)) return { problem: `not a CloudTrail record (${describe(raw)})` };
  const embedded = raw['CloudTrailEvent'];
  if (typeof embedded === 'string') {
    // LookupEvents: the record is a JSON string inside the entry.
    let parsed: unknown;
    try {
      parsed = JSON.parse(embedded);
    } catch (e) {
      return { problem: `CloudTrailEvent is not valid JSON (${(e as Error).message})` };
    }
    if (!isObj(parsed)) return { problem: `CloudTrailEvent is not a record (${describe(parsed)})` };
    return { record: parsed };
  }
  if (isObj(embedded)) return { record: embedded }; // some tools hand the entry over already parsed
  const detailType = raw['detail-type'];
  if (typeof detailType === 'string' && 'detail' in raw) {
    const detail = raw['detail'];
    if (!isObj(detail) || (detail['eventSource'] === undefined && detail['eventName'] === undefined)) {
      return { problem: `EventBridge event "${detailType}" does not carry a CloudTrail record` };
    }
    return { record: detail, envelope: raw };
  }
  return { record: raw };
}

/** Resource entries: CloudTrail spells the ARN key `ARN`, `arn` or `ARNPrefix`; junk entries are dropped. */
function resourcesOf(value: unknown): EventResource[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const out: EventResource[] = [];
  for (const entry of value) {
    if (!isObj(entry)) continue;
    const resource: EventResource = {};
    const arn = str(entry['ARN']) ?? str(entry['arn']);
    if (arn !== undefined) resource.arn = arn;
    const arnPrefix = str(entry['ARNPrefix']) ?? str(entry['arnPrefix']);
    if (arnPrefix !== undefined) resource.arnPrefix = arnPrefix;
    const type = str(entry['type']);
    if (type !== undefined) resource.type = type;
    const accountId = str(entry['accountId']);
    if (accountId !== undefined) resource.accountId = accountId;
    if (arn !== undefined || arnPrefix !== undefined || type !== undefined) out.push(resource);
  }
  return out.length > 0 ? out : undefined;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** An object field; a JSON string that parses to an object is parsed, anything else dropped. */
function obj(value: unknown): Obj | undefined {
  let found: unknown = value;
  if (typeof value === 'string') {
    if (value.charCodeAt(0) !== 0x7b /* { */) return undefined;
    try {
      found = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return isObj(found) ? scrubCredentials(found) : undefined;
}
