import {
  SCHEMA_VERSION,
  type AccessSpecData,
  type ConditionData,
  type EventEntryData,
  type ResourceRuleData,
  type ResourcesFrom,
  type ServiceFile,
} from './data.js';
import { escape, Reader } from './reader.js';

/** Shape checks for `services/<prefix>.json` (see data.ts for the meaning of each key). */
const RESOURCES_FROM: readonly ResourcesFrom[] = ['record-first', 'request-first', 'request-only'];
const STATUSES = ['no-permission', 'not-an-api-call', 'unknown'] as const;

export function readService(file: string, value: unknown): ServiceFile {
  const r = new Reader(file);
  const o = r.header(value);
  r.keys(o, '', [
    'schemaVersion',
    'service',
    'eventSources',
    'why',
    'resourcesFrom',
    'versionSuffix',
    'resources',
    'catalogAdditions',
    'events',
  ]);
  const out: ServiceFile = {
    schemaVersion: SCHEMA_VERSION,
    service: r.str(o['service'], '/service'),
    eventSources: r.strs(o['eventSources'], '/eventSources'),
  };
  const why = r.optStr(o['why'], '/why');
  if (why !== undefined) out.why = why;
  const resourcesFrom = readResourcesFrom(r, o['resourcesFrom'], '/resourcesFrom');
  if (resourcesFrom !== undefined) out.resourcesFrom = resourcesFrom;
  const versionSuffix = r.regex(o['versionSuffix'], '/versionSuffix');
  if (versionSuffix !== undefined) out.versionSuffix = versionSuffix;
  if (o['resources'] !== undefined) {
    const resources: NonNullable<ServiceFile['resources']> = {};
    for (const [type, rules] of Object.entries(r.obj(o['resources'], '/resources'))) {
      resources[type] = readRules(r, rules, `/resources/${escape(type)}`, false);
    }
    out.resources = resources;
  }
  if (o['catalogAdditions'] !== undefined) {
    out.catalogAdditions = r.arr(o['catalogAdditions'], '/catalogAdditions').map((entry, i) => {
      const p = `/catalogAdditions/${i}`;
      const e = r.obj(entry, p);
      r.keys(e, p, ['action', 'resourceTypes', 'why']);
      return {
        action: r.str(e['action'], `${p}/action`),
        resourceTypes: r.strs(e['resourceTypes'], `${p}/resourceTypes`),
        why: r.str(e['why'], `${p}/why`),
      };
    });
  }
  if (o['events'] !== undefined) {
    const events: Record<string, EventEntryData> = {};
    for (const [name, entry] of Object.entries(r.obj(o['events'], '/events'))) {
      events[name] = readEvent(r, entry, `/events/${escape(name)}`);
    }
    out.events = events;
  }
  return out;
}

function readResourcesFrom(r: Reader, value: unknown, pointer: string): ResourcesFrom | undefined {
  if (value === undefined) return undefined;
  if (!RESOURCES_FROM.includes(value as ResourcesFrom))
    r.fail(pointer, `expected one of ${RESOURCES_FROM.join(', ')}`);
  return value as ResourcesFrom;
}

function readEvent(r: Reader, value: unknown, pointer: string): EventEntryData {
  const e = r.obj(value, pointer);
  r.keys(e, pointer, ['why', 'accesses', 'status']);
  const out: EventEntryData = { why: r.str(e['why'], `${pointer}/why`) };
  if ((e['accesses'] === undefined) === (e['status'] === undefined)) {
    r.fail(pointer, 'expected exactly one of accesses, status');
  }
  if (e['status'] !== undefined) {
    const status = e['status'];
    if (!STATUSES.includes(status as (typeof STATUSES)[number]))
      r.fail(`${pointer}/status`, `expected one of ${STATUSES.join(', ')}`);
    out.status = status as (typeof STATUSES)[number];
  } else {
    if (!Array.isArray(e['accesses']) || e['accesses'].length === 0)
      r.fail(`${pointer}/accesses`, 'expected a non-empty array');
    out.accesses = e['accesses'].map((a, i) => readAccess(r, a, `${pointer}/accesses/${i}`));
  }
  return out;
}

function readAccess(r: Reader, value: unknown, pointer: string): AccessSpecData {
  const a = r.obj(value, pointer);
  r.keys(a, pointer, ['action', 'when', 'each', 'resource', 'resourcesFrom']);
  const out: AccessSpecData = { action: r.str(a['action'], `${pointer}/action`) };
  if (a['when'] !== undefined) out.when = readCondition(r, a['when'], `${pointer}/when`);
  const each = r.optStr(a['each'], `${pointer}/each`);
  if (each !== undefined) out.each = each;
  if (a['resource'] !== undefined) out.resource = readRules(r, a['resource'], `${pointer}/resource`, true);
  const resourcesFrom = readResourcesFrom(r, a['resourcesFrom'], `${pointer}/resourcesFrom`);
  if (resourcesFrom !== undefined) out.resourcesFrom = resourcesFrom;
  return out;
}

function readCondition(r: Reader, value: unknown, pointer: string): ConditionData {
  const c = r.obj(value, pointer);
  r.keys(c, pointer, ['path', 'present', 'equals', 'matches', 'notMatches']);
  const out: ConditionData = { path: r.str(c['path'], `${pointer}/path`) };
  const tests = ['present', 'equals', 'matches', 'notMatches'].filter((k) => c[k] !== undefined);
  if (tests.length !== 1) r.fail(pointer, 'expected exactly one of present, equals, matches, notMatches');
  if (c['present'] !== undefined) {
    if (typeof c['present'] !== 'boolean') r.fail(`${pointer}/present`, 'expected a boolean');
    out.present = c['present'];
  }
  if (c['equals'] !== undefined) out.equals = r.strs(c['equals'], `${pointer}/equals`);
  const matches = r.regex(c['matches'], `${pointer}/matches`, 'i');
  if (matches !== undefined) out.matches = matches;
  const notMatches = r.regex(c['notMatches'], `${pointer}/notMatches`, 'i');
  if (notMatches !== undefined) out.notMatches = notMatches;
  return out;
}

/** `typed`: the rule must name its resource type (in a service's `resources` map the key names it). */
function readRules(r: Reader, value: unknown, pointer: string, typed: boolean): ResourceRuleData[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) r.fail(pointer, 'expected at least one resource rule');
  return list.map((rule, i) => readRule(r, rule, Array.isArray(value) ? `${pointer}/${i}` : pointer, typed));
}

const RULE_KEYS = [
  'why',
  'type',
  'wildcard',
  'if',
  'each',
  'from',
  'default',
  'match',
  'bind',
  'fill',
  'nameSuffix',
  'decodeUri',
  'arnOnly',
  'qualifierFrom',
  'qualifiedFor',
  'onlyFor',
  'additional',
  'lowerCase',
  'pathFrom',
] as const;

function readRule(r: Reader, value: unknown, pointer: string, typed: boolean): ResourceRuleData {
  const o = r.obj(value, pointer);
  r.keys(o, pointer, RULE_KEYS);
  const out: ResourceRuleData = {};
  for (const key of [
    'why',
    'type',
    'if',
    'each',
    'default',
    'nameSuffix',
    'qualifierFrom',
    'pathFrom',
  ] as const) {
    const v = r.optStr(o[key], `${pointer}/${key}`);
    if (v !== undefined) out[key] = v;
  }
  if (o['wildcard'] !== undefined) {
    if (o['wildcard'] !== 'wildcard-only') r.fail(`${pointer}/wildcard`, 'expected "wildcard-only"');
    out.wildcard = 'wildcard-only';
  }
  if (o['from'] !== undefined)
    out.from =
      typeof o['from'] === 'string'
        ? r.str(o['from'], `${pointer}/from`)
        : r.strs(o['from'], `${pointer}/from`);
  const match = r.regex(o['match'], `${pointer}/match`, 'i');
  if (match !== undefined) out.match = match;
  if (o['bind'] !== undefined) out.bind = r.strMap(o['bind'], `${pointer}/bind`);
  if (o['fill'] !== undefined) {
    // An empty Account is a value: AWS-owned resources have ARNs without one.
    const fill = r.obj(o['fill'], `${pointer}/fill`);
    out.fill = {};
    for (const [k, v] of Object.entries(fill)) {
      if (typeof v !== 'string') r.fail(`${pointer}/fill/${escape(k)}`, 'expected a string');
      out.fill[k] = v;
    }
  }
  for (const key of ['decodeUri', 'arnOnly', 'additional', 'lowerCase'] as const) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== 'boolean') r.fail(`${pointer}/${key}`, 'expected a boolean');
    out[key] = o[key];
  }
  if (o['qualifiedFor'] !== undefined)
    out.qualifiedFor = r.strs(o['qualifiedFor'], `${pointer}/qualifiedFor`);
  if (o['onlyFor'] !== undefined) out.onlyFor = r.strs(o['onlyFor'], `${pointer}/onlyFor`);
  if (typed && out.wildcard === undefined && out.type === undefined) {
    r.fail(pointer, 'expected a type (or wildcard)');
  }
  return out;
}
