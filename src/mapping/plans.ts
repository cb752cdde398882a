import type { Catalog } from '../catalog/catalog.js';
import { InputError } from '../errors.js';
import type { AccessPlan } from './access-plan.js';
import { compileFormat, type ArnFormat } from './arn.js';
import type { AccessSpecData, EventEntryData, ResourceRuleData, ResourcesFrom } from './data.js';
import { compilePath } from './path.js';
import { compileCondition, compileRule, type CompiledRule, type Where } from './resource-rule.js';

/** What the mapping does with one (eventSource, eventName), decided once and reused for every record. */
export type EventPlan =
  | { status: 'mapped'; accesses: AccessPlan[]; why: string }
  | { status: 'no-permission' | 'not-an-api-call' | 'unknown'; why: string };

/** One IAM service's compiled rules: how to build the ARN of each of its resource types. */
export interface ServiceRules {
  prefix: string;
  file: string | undefined;
  rulesByType: Map<string, CompiledRule[]>;
  events: Map<string, EventPlan>;
  versionSuffix: RegExp | undefined;
  resourcesFrom: ResourcesFrom;
}

/**
 * ARN formats compiled once per (service, type). The catalog gives a few types several formats, comma
 * separated (an API Gateway stage of a REST API or of an HTTP API): each is a variant of its own.
 */
export class Formats {
  private readonly cache = new Map<string, ArnFormat[]>();
  constructor(private readonly catalog: Catalog) {}

  all(service: string, type: string): ArnFormat[] {
    const key = `${service}\u0000${type}`;
    let f = this.cache.get(key);
    if (f === undefined) {
      const text = this.catalog.arnFormat(service, type);
      f = (text?.split(/,\s*(?=arn:)/) ?? []).map((t) => compileFormat(service, type, t.trim()));
      this.cache.set(key, f);
    }
    return f;
  }

  get(service: string, type: string): ArnFormat | undefined {
    return this.all(service, type)[0];
  }

  /** The variant whose names the rule supplies (by `bind`, `fill` or `match` groups), else the first. */
  forRule(service: string, type: string, rule: ResourceRuleData): ArnFormat | undefined {
    const variants = this.all(service, type);
    if (variants.length < 2) return variants[0];
    const given = new Set([
      ...Object.keys(rule.bind ?? {}),
      ...Object.keys(rule.fill ?? {}),
      ...[...(rule.match ?? '').matchAll(/\(\?<([A-Za-z][A-Za-z0-9_]*)>/g)].map((m) => m[1] ?? ''),
    ]);
    return variants.find((v) => v.names.every((n) => given.has(n))) ?? variants[0];
  }
}

export interface PlanContext {
  catalog: Catalog;
  formats: Formats;
  services: ReadonlyMap<string, ServiceRules>;
  /** `service:Action` → resource types it authorises beyond the catalog's (a service's `catalogAdditions`). */
  addedTypes: ReadonlyMap<string, readonly string[]>;
}

/** The resource types an action authorises: the catalog's, then a service file's additions. */
export function authorisedTypes(ctx: PlanContext, action: string): string[] {
  const found = ctx.catalog.action(action);
  if (found === undefined) return [];
  const own = found.resourceTypes.map((t) => t.name);
  const added = ctx.addedTypes.get(`${found.service}:${found.name}`) ?? [];
  return [...own, ...added.filter((t) => !own.includes(t))];
}

/** The general rule's plan for a catalog action: resources from `resources[]`, else the service's rules. */
export function defaultAccess(
  ctx: PlanContext,
  action: string,
  resourcesFrom?: ResourcesFrom,
): AccessPlan | undefined {
  const found = ctx.catalog.action(action);
  if (found === undefined) return undefined;
  const service = ctx.services.get(found.service);
  const formats: ArnFormat[] = [];
  const rules: CompiledRule[] = [];
  for (const t of authorisedTypes(ctx, action)) {
    formats.push(...ctx.formats.all(found.service, t));
    rules.push(...(service?.rulesByType.get(t) ?? []));
  }
  return {
    action: `${found.service}:${found.name}`,
    when: undefined,
    each: undefined,
    rules,
    formats,
    wildcardOnly: found.resourceTypes.length === 0,
    resourcesFrom: resourcesFrom ?? service?.resourcesFrom ?? 'record-first',
  };
}

export function compileEventEntry(
  ctx: PlanContext,
  entry: EventEntryData,
  where: Where,
  serviceFrom: ResourcesFrom,
): EventPlan {
  const why = `${entry.why} [mappings/${where.file}]`;
  if (entry.status !== undefined) return { status: entry.status, why };
  const accesses = (entry.accesses ?? []).map((spec, i) =>
    compileAccess(ctx, spec, { file: where.file, pointer: `${where.pointer}/accesses/${i}` }, serviceFrom),
  );
  return { status: 'mapped', accesses, why };
}

function compileAccess(
  ctx: PlanContext,
  spec: AccessSpecData,
  where: Where,
  serviceFrom: ResourcesFrom,
): AccessPlan {
  const fail = (pointer: string, problem: string): never => {
    throw new InputError(`mappings/${where.file}`, problem, `${where.pointer}${pointer}`);
  };
  const canonical = ctx.catalog.canonical(spec.action);
  if (canonical === undefined)
    fail('/action', `unknown action ${spec.action}: the IAM catalog has no such action`);
  if (canonical !== spec.action) fail('/action', `spell the action as the IAM catalog does: ${canonical}`);
  const base = defaultAccess(ctx, spec.action, spec.resourcesFrom ?? serviceFrom);
  if (base === undefined) return fail('/action', `unknown action ${spec.action}`);
  const plan: AccessPlan = {
    ...base,
    when: spec.when === undefined ? undefined : compileCondition(spec.when),
    each: spec.each === undefined ? undefined : compilePath(spec.each),
  };
  if (spec.resource === undefined) return plan;

  const [service] = spec.action.split(':') as [string];
  const authorised = new Set(authorisedTypes(ctx, spec.action));
  const alternatives = Array.isArray(spec.resource) ? spec.resource : [spec.resource];
  plan.rules = alternatives.map((rule, i) => {
    const pointer = `/resource${Array.isArray(spec.resource) ? `/${i}` : ''}`;
    if (rule.wildcard !== undefined)
      return compileRule(rule, undefined, { file: where.file, pointer: where.pointer + pointer });
    const type = rule.type ?? '';
    if (!authorised.has(type))
      fail(`${pointer}/type`, `${spec.action} does not authorise resource type ${type}`);
    const format = ctx.formats.forRule(service, type, rule);
    if (format === undefined)
      fail(`${pointer}/type`, `the IAM catalog has no ARN format for ${service} ${type}`);
    return compileRule(rule, format, { file: where.file, pointer: where.pointer + pointer });
  });
  plan.formats = [...new Set(plan.rules.flatMap((r) => (r.format === undefined ? [] : [r.format])))];
  return plan;
}
