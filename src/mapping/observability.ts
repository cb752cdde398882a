import type { Event } from '../model/event.js';
import type { ErrorClass, MappingIndex } from './compile.js';
import type { Observability } from './observability-data.js';

const MANAGEMENT: Observability = { kind: 'management' };

/** Where CloudTrail records calls of `action` (any spelling): the synthesiser's test for "unused". */
export function observability(action: string, index: MappingIndex): Observability {
  return index.observability.get(action.toLowerCase()) ?? MANAGEMENT;
}

/** Whether a record is a data event: its eventCategory says so; older records are told by eventName. */
export function isDataEvent(event: Event, index: MappingIndex): boolean {
  if (event.eventCategory !== undefined) return event.eventCategory === 'Data';
  return index.dataEventNames.get(event.eventSource)?.has(event.eventName) === true;
}

/**
 * What an errorCode says about the permission: `denied` (IAM refused: a finding, never a grant),
 * `auth-failure` (the caller never got to authorisation: proves nothing), or `use` (no error, or a
 * failure after authorisation such as NotFound: the permission was used).
 */
export function classifyError(errorCode: string | undefined, index: MappingIndex): ErrorClass {
  if (errorCode === undefined || errorCode === '') return 'use';
  return index.errorClasses.get(errorCode.toLowerCase()) ?? 'use';
}
