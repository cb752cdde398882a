/**
 * Which catalog actions of a service no CloudTrail eventName maps to (scripts/unmapped-actions.ts). An
 * action is produced when an exception in mappings/ names it (any service's `events`: iam:PassRole comes
 * from lambda CreateFunction), or when the general rule gives it: eventName `X` of the service is `s:X`
 * unless the service's `events` entry for `X` or not-real-events.json decides `X` otherwise. With the
 * service's API operation names at hand, the general rule counts only for names that are operations,
 * so permission-only actions (s3:GetObjectVersion) show up unless an exception produces them.
 */
import type { MappingIndex } from '../../src/mapping/index.js';

export interface Unmapped {
  service: string;
  /** Catalog actions of the service. */
  total: number;
  /** `service:Action`, sorted: no eventName maps to them. */
  never: string[];
}

/** Every action some exception in mappings/ emits, across services, lower-cased. */
export function exceptionActions(index: MappingIndex): Set<string> {
  const out = new Set<string>();
  for (const rules of index.plan.services.values()) {
    for (const plan of rules.events.values()) {
      if (plan.status === 'mapped') for (const a of plan.accesses) out.add(a.action.toLowerCase());
    }
  }
  return out;
}

/** The eventSources CloudTrail logs the service's calls under, as the mapping resolves them. */
export function eventSourcesOf(index: MappingIndex, service: string): string[] {
  const out = [...index.sourcePrefixes].filter(([, s]) => s === service).map(([source]) => source);
  const plain = `${service}.amazonaws.com`;
  if (!index.sourcePrefixes.has(plain) && !out.includes(plain)) out.push(plain);
  return out.sort();
}

/**
 * `operations`: the service's API operation names, lower-cased (e.g. from an AWS SDK model); without
 * them every catalog action name is taken for an eventName, and only names mappings/ re-decides show.
 */
export function unmappedActions(
  index: MappingIndex,
  service: string,
  operations?: ReadonlySet<string>,
): Unmapped {
  const fromExceptions = exceptionActions(index);
  const rules = index.plan.services.get(service);
  const sources = eventSourcesOf(index, service);
  const actions = index.catalog.actions(service);
  const never: string[] = [];
  for (const action of actions) {
    const qualified = `${action.service}:${action.name}`;
    if (fromExceptions.has(qualified.toLowerCase())) continue;
    const isOperation = operations === undefined || operations.has(action.name.toLowerCase());
    const decidedElsewhere =
      rules?.events.has(action.name) === true ||
      sources.some((s) => index.notRealEvents.has(`${s}\n${action.name}`));
    if (isOperation && !decidedElsewhere) continue;
    never.push(qualified);
  }
  return { service, total: actions.length, never: never.sort() };
}
