/**
 * Reads `last-accessed.json`: a JSON array with one entry per role, `{ Arn, JobCompletionDate,
 * ServicesLastAccessed }`, the last two as `aws iam get-service-last-accessed-details` prints them.
 * `pare collect` writes it; `pare analyze --last-accessed FILE` reads it.
 */
import { InputError } from '../errors.js';
import type {
  RoleLastAccessed,
  ServiceLastAccessed,
  TrackedActionLastAccessed,
} from '../model/last-accessed.js';
import { compare } from '../model/order.js';
import { isRecord, pointerJoin } from './json-shape.js';

export function parseLastAccessedFile(json: unknown, file: string): RoleLastAccessed[] {
  const fail = (problem: string, pointer: string): never => {
    throw new InputError(file, problem, pointer || undefined);
  };
  if (!Array.isArray(json))
    fail('not a last-accessed file: expected an array of { Arn, ServicesLastAccessed } (pare collect)', '');
  const roles = (json as unknown[]).map((entry, i) => parseRole(entry, pointerJoin('', i), fail));
  return roles.sort((a, b) => compare(a.roleArn, b.roleArn));
}

type Fail = (problem: string, pointer: string) => never;

function parseRole(entry: unknown, at: string, fail: Fail): RoleLastAccessed {
  if (!isRecord(entry)) return fail('expected an object', at);
  const arn = entry['Arn'];
  if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(arn))
    return fail('Arn is not a role ARN', pointerJoin(at, 'Arn'));
  const services = entry['ServicesLastAccessed'];
  if (!Array.isArray(services))
    return fail('ServicesLastAccessed is not an array', pointerJoin(at, 'ServicesLastAccessed'));
  const role: RoleLastAccessed = {
    roleArn: arn,
    services: services
      .map((s, i) => parseService(s, pointerJoin(at, 'ServicesLastAccessed', i), fail))
      .sort((a, b) => compare(a.service, b.service)),
  };
  const completed = optionalTime(entry, 'JobCompletionDate', at, fail);
  if (completed !== undefined) role.jobCompletionDate = completed;
  return role;
}

function parseService(value: unknown, at: string, fail: Fail): ServiceLastAccessed {
  if (!isRecord(value)) return fail('expected an object', at);
  const namespace = value['ServiceNamespace'];
  if (typeof namespace !== 'string' || namespace === '')
    return fail('ServiceNamespace is missing', pointerJoin(at, 'ServiceNamespace'));
  const service: ServiceLastAccessed = { service: namespace.toLowerCase() };
  const last = optionalTime(value, 'LastAuthenticated', at, fail);
  if (last !== undefined) service.lastAuthenticated = last;
  if (typeof value['LastAuthenticatedRegion'] === 'string') service.region = value['LastAuthenticatedRegion'];
  if (typeof value['TotalAuthenticatedEntities'] === 'number')
    service.totalAuthenticatedEntities = value['TotalAuthenticatedEntities'];
  const tracked = value['TrackedActionsLastAccessed'];
  if (tracked !== undefined) {
    if (!Array.isArray(tracked))
      return fail(
        'TrackedActionsLastAccessed is not an array',
        pointerJoin(at, 'TrackedActionsLastAccessed'),
      );
    service.actions = tracked
      .map((t, i) => parseAction(t, service.service, pointerJoin(at, 'TrackedActionsLastAccessed', i), fail))
      .sort((a, b) => compare(a.action, b.action));
  }
  return service;
}

function parseAction(value: unknown, service: string, at: string, fail: Fail): TrackedActionLastAccessed {
  if (!isRecord(value) || typeof value['ActionName'] !== 'string' || value['ActionName'] === '')
    return fail('ActionName is missing', pointerJoin(at, 'ActionName'));
  const name = value['ActionName'];
  // IAM names the action alone (`GetObject`); a prefix, if present, is the service's.
  const action: TrackedActionLastAccessed = {
    action: name.includes(':') ? name : `${service}:${name}`,
  };
  const last = optionalTime(value, 'LastAccessedTime', at, fail);
  if (last !== undefined) action.lastAccessed = last;
  if (typeof value['LastAccessedRegion'] === 'string') action.region = value['LastAccessedRegion'];
  return action;
}

/** The AWS CLI prints times as `2026-10-15T12:00:00+00:00`; pare compares them as ISO UTC text. */
function optionalTime(
  record: Record<string, unknown>,
  key: string,
  at: string,
  fail: Fail,
): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) return fail(`${key} is not a date`, pointerJoin(at, key));
  return new Date(time).toISOString();
}
