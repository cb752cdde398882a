import type { Catalog } from '../catalog/catalog.js';
import { InputError } from '../errors.js';
import type { MappingData, NotRealEventsFile, ServiceFile } from './data.js';
import { compileObservability, type Observability } from './observability-data.js';
import { compileEventEntry, Formats, type EventPlan, type PlanContext, type ServiceRules } from './plans.js';
import { compileRule } from './resource-rule.js';
import { readService } from './validate-service.js';
import {
  readBlindSpots,
  readErrorCodes,
  readEventSources,
  readEventTypes,
  readNotRealEvents,
} from './validate.js';

export type ErrorClass = 'denied' | 'auth-failure' | 'use';

/**
 * mappings/ compiled against the IAM catalog, once per process. mapEvent reads it; the only thing that
 * changes afterwards is the memo of plans for (eventSource, eventName) pairs the general rule decided.
 */
export interface MappingIndex {
  readonly catalog: Catalog;
  readonly plan: PlanContext;
  /** eventSource → IAM prefix where the general rule does not apply. */
  readonly sourcePrefixes: ReadonlyMap<string, string>;
  /** eventTypes, lower-cased. */
  readonly apiCalls: ReadonlySet<string>;
  readonly notApiCalls: ReadonlyMap<string, string>;
  readonly notApiCallCategories: ReadonlyMap<string, string>;
  readonly redacted: ReadonlySet<string>;
  readonly partitions: readonly { regionPrefix: string; partition: string }[];
  /** errorCode, lower-cased → class. */
  readonly errorClasses: ReadonlyMap<string, Exclude<ErrorClass, 'use'>>;
  /** `service:action`, lower-cased → where CloudTrail logs it (absent: a management event). */
  readonly observability: ReadonlyMap<string, Observability>;
  /** eventSource → eventNames logged as data events. */
  readonly dataEventNames: ReadonlyMap<string, ReadonlySet<string>>;
  /** `eventSource\neventName` → why no AWS service logs the pair (mappings/not-real-events.json). */
  readonly notRealEvents: ReadonlyMap<string, string>;
  readonly plans: Map<string, EventPlan>;
}

const REQUIRED = [
  'event-sources.json',
  'event-types.json',
  'error-codes.json',
  'blind-spots.json',
  'not-real-events.json',
] as const;

export function compileMappings(data: MappingData, catalog: Catalog): MappingIndex {
  for (const file of REQUIRED) {
    if (!(file in data.files)) throw new InputError(`mappings/${file}`, 'missing');
  }
  const sources = readEventSources('event-sources.json', data.files['event-sources.json']);
  const types = readEventTypes('event-types.json', data.files['event-types.json']);
  const errors = readErrorCodes('error-codes.json', data.files['error-codes.json']);
  const blind = readBlindSpots('blind-spots.json', data.files['blind-spots.json']);
  const notReal = readNotRealEvents('not-real-events.json', data.files['not-real-events.json']);

  const sourcePrefixes = new Map<string, string>();
  for (const [source, entry] of Object.entries(sources.eventSources)) {
    if (!catalog.hasService(entry.service)) {
      throw new InputError(
        'mappings/event-sources.json',
        `the IAM catalog has no service ${entry.service}`,
        `/eventSources/${source}/service`,
      );
    }
    sourcePrefixes.set(source, entry.service.toLowerCase());
  }

  const serviceFiles = Object.keys(data.files)
    .filter((f) => f.startsWith('services/'))
    .sort()
    .map((file) => ({ file, service: readService(file, data.files[file]) }));
  const formats = new Formats(catalog);
  const services = new Map<string, ServiceRules>();
  for (const { file, service } of serviceFiles) {
    if (services.has(service.service))
      throw new InputError(`mappings/${file}`, `a second file for ${service.service}`, '/service');
    services.set(service.service, compileServiceRules(file, service, catalog, formats, sourcePrefixes));
  }
  const addedTypes = new Map<string, string[]>();
  for (const { file, service } of serviceFiles) {
    (service.catalogAdditions ?? []).forEach((entry, i) => {
      const fail = (pointer: string, problem: string): never => {
        throw new InputError(`mappings/${file}`, problem, `/catalogAdditions/${i}${pointer}`);
      };
      const action = catalog.action(entry.action);
      if (action === undefined || `${action.service}:${action.name}` !== entry.action)
        fail('/action', `unknown action ${entry.action}: spell it as the IAM catalog does`);
      if (action?.service !== service.service)
        fail('/action', `${entry.action} is not a ${service.service} action`);
      entry.resourceTypes.forEach((t, j) => {
        if (formats.get(service.service, t) === undefined)
          fail(`/resourceTypes/${j}`, `the IAM catalog has no resource type ${t} in ${service.service}`);
      });
      addedTypes.set(entry.action, [...(addedTypes.get(entry.action) ?? []), ...entry.resourceTypes]);
    });
  }
  const plan: PlanContext = { catalog, formats, services, addedTypes };
  for (const { file, service } of serviceFiles) {
    const rules = services.get(service.service);
    for (const [name, entry] of Object.entries(service.events ?? {})) {
      const where = { file, pointer: `/events/${name}` };
      rules?.events.set(name, compileEventEntry(plan, entry, where, rules.resourcesFrom));
    }
  }

  const notRealEvents = compileNotReal(notReal, sourcePrefixes, services);

  const errorClasses = new Map<string, Exclude<ErrorClass, 'use'>>();
  for (const [cls, group] of [
    ['denied', errors.denied],
    ['auth-failure', errors.authFailure],
  ] as const) {
    for (const code of group.codes) {
      const key = code.toLowerCase();
      if (errorClasses.has(key) && errorClasses.get(key) !== cls) {
        throw new InputError(
          'mappings/error-codes.json',
          `${code} is both denied and an authentication failure`,
        );
      }
      errorClasses.set(key, cls);
    }
  }

  const observed = compileObservability(blind, catalog);
  return {
    catalog,
    plan,
    sourcePrefixes,
    // Fixtures spell eventType loosely (AwsConsoleSignin): compared lower-cased.
    apiCalls: new Set(types.apiCalls.map((t) => t.toLowerCase())),
    notApiCalls: new Map(Object.entries(types.notApiCalls).map(([t, why]) => [t.toLowerCase(), why])),
    notApiCallCategories: new Map(Object.entries(types.notApiCallCategories)),
    redacted: new Set(types.redactedValues),
    partitions: [...sources.partitions].sort((a, b) => b.regionPrefix.length - a.regionPrefix.length),
    errorClasses,
    observability: observed.observability,
    dataEventNames: observed.dataEventNames,
    notRealEvents,
    plans: new Map(),
  };
}

/** A pair is either not real or has an exception in its service file, never both. */
function compileNotReal(
  file: NotRealEventsFile,
  sourcePrefixes: ReadonlyMap<string, string>,
  services: ReadonlyMap<string, ServiceRules>,
): Map<string, string> {
  const out = new Map<string, string>();
  file.entries.forEach((e, i) => {
    const prefix = sourcePrefixes.get(e.eventSource);
    const rules = services.get(prefix ?? e.eventSource.replace(/\.amazonaws\.com$/, ''));
    if (rules?.events.has(e.eventName)) {
      throw new InputError(
        'mappings/not-real-events.json',
        `${e.eventSource} ${e.eventName} also has an entry in mappings/${rules.file ?? 'services/'}`,
        `/entries/${i}`,
      );
    }
    out.set(`${e.eventSource}\n${e.eventName}`, `${e.why} [mappings/not-real-events.json]`);
  });
  return out;
}

function compileServiceRules(
  file: string,
  service: ServiceFile,
  catalog: Catalog,
  formats: Formats,
  sourcePrefixes: Map<string, string>,
): ServiceRules {
  const fail = (pointer: string, problem: string): never => {
    throw new InputError(`mappings/${file}`, problem, pointer);
  };
  if (
    !catalog.hasService(service.service) ||
    catalog.actions(service.service)[0]?.service !== service.service
  ) {
    fail('/service', `the IAM catalog has no service ${service.service} (prefixes are lower-case)`);
  }
  for (const [i, source] of service.eventSources.entries()) {
    const known = sourcePrefixes.get(source);
    if (known !== undefined && known !== service.service)
      fail(`/eventSources/${i}`, `${source} is already mapped to ${known}`);
    sourcePrefixes.set(source, service.service);
  }
  const rulesByType = new Map<string, ReturnType<typeof compileRule>[]>();
  for (const [type, alternatives] of Object.entries(service.resources ?? {})) {
    if (formats.get(service.service, type) === undefined)
      fail(`/resources/${type}`, `the IAM catalog has no resource type ${type} in ${service.service}`);
    rulesByType.set(
      type,
      (Array.isArray(alternatives) ? alternatives : [alternatives]).map((rule, i) => {
        const format = formats.forRule(service.service, type, rule);
        const pointer = `/resources/${type}/${i}`;
        if (rule.type !== undefined && rule.type !== type)
          fail(`${pointer}/type`, `type ${rule.type} under ${type}`);
        for (const key of ['qualifiedFor', 'onlyFor'] as const) {
          for (const [j, action] of (rule[key] ?? []).entries()) {
            if (catalog.canonical(action) !== action)
              fail(`${pointer}/${key}/${j}`, `unknown action ${action}`);
          }
        }
        return compileRule(rule, rule.wildcard === undefined ? format : undefined, { file, pointer });
      }),
    );
  }
  let versionSuffix: RegExp | undefined;
  if (service.versionSuffix !== undefined)
    versionSuffix = new RegExp(`^(.*[A-Za-z])(?:${service.versionSuffix})$`);
  return {
    prefix: service.service,
    file,
    rulesByType,
    events: new Map(),
    versionSuffix,
    resourcesFrom: service.resourcesFrom ?? 'record-first',
  };
}
