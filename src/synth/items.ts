import type { Condition, Statement } from '../model/policy.js';
import { canonicalJson, compare } from '../model/order.js';

/**
 * Why a generated statement is there. Observed: the calls in the window. Unresolved: observed calls whose
 * record did not name the resource, so the grant's resources stay. Not-observable: granted actions
 * CloudTrail cannot show. Lambda: permissions Lambda uses on the function's behalf. Unmapped: granted
 * actions of a service whose calls pare could not map. IAM-used: granted actions IAM's last-accessed data
 * saw used since the window began that pare saw no call for.
 */
export type ItemKind = 'observed' | 'unresolved' | 'lambda' | 'not-observable' | 'unmapped' | 'iam-used';

export const KIND_ORDER: readonly ItemKind[] = [
  'observed',
  'unresolved',
  'lambda',
  'not-observable',
  'unmapped',
  'iam-used',
];

/** One permission the generated policy must hold: an action on one resource (or a NotResource copy). */
export interface Item {
  kind: ItemKind;
  action: string;
  resource?: string;
  notResource?: string[];
  condition?: Condition;
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
}

export interface StatementEvidence {
  sid: string;
  /** `grant-deny`: an explicit Deny of the grant, carried over so the new policy cannot allow it. */
  kind: ItemKind | 'grant-deny';
  actions: string[];
  resources: string[];
  /** Successful calls behind an observed statement, with the first and last time seen. */
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
}

export { canonicalJson, compare } from '../model/order.js';

type Evidence = { count?: number; firstSeen?: string; lastSeen?: string };

/** Adds one item's calls and first/last seen to another's. */
export function addEvidence(into: Evidence, from: Evidence): void {
  if (from.count === undefined) return;
  into.count = (into.count ?? 0) + from.count;
  if (from.firstSeen && (!into.firstSeen || from.firstSeen < into.firstSeen)) into.firstSeen = from.firstSeen;
  if (from.lastSeen && (!into.lastSeen || from.lastSeen > into.lastSeen)) into.lastSeen = from.lastSeen;
}

interface Group {
  kind: ItemKind;
  condition?: Condition;
  notResource?: string[];
  actions: string[];
  resources: string[];
  count: number;
  firstSeen?: string;
  lastSeen?: string;
}

/**
 * Groups items into statements: per kind and condition, actions that need the same resources share one
 * statement. Sorted throughout, so the output does not depend on the order items arrived in.
 */
export function groupItems(items: readonly Item[]): {
  statements: Statement[];
  evidence: StatementEvidence[];
} {
  // (kind, condition, notResource) → action → resources
  const byScope = new Map<
    string,
    {
      kind: ItemKind;
      condition?: Condition;
      notResource?: string[];
      actions: Map<string, Set<string>>;
      items: Item[];
    }
  >();
  for (const item of items) {
    const scopeKey = canonicalJson([item.kind, item.condition ?? null, item.notResource ?? null]);
    let scope = byScope.get(scopeKey);
    if (!scope) {
      scope = { kind: item.kind, actions: new Map(), items: [] };
      if (item.condition) scope.condition = item.condition;
      if (item.notResource) scope.notResource = [...item.notResource].sort(compare);
      byScope.set(scopeKey, scope);
    }
    let resources = scope.actions.get(item.action);
    if (!resources) scope.actions.set(item.action, (resources = new Set()));
    if (item.resource !== undefined) resources.add(item.resource);
    scope.items.push(item);
  }
  const groups: Group[] = [];
  for (const scope of byScope.values()) {
    const byResources = new Map<string, Group>();
    for (const [action, set] of scope.actions) {
      const resources = [...set].sort(compare);
      const key = resources.join('\n');
      let group = byResources.get(key);
      if (!group) {
        group = { kind: scope.kind, actions: [], resources, count: 0 };
        if (scope.condition) group.condition = scope.condition;
        if (scope.notResource) group.notResource = scope.notResource;
        byResources.set(key, group);
      }
      group.actions.push(action);
    }
    for (const group of byResources.values()) {
      group.actions.sort(compare);
      const members = new Set(group.actions);
      for (const item of scope.items) if (members.has(item.action)) addEvidence(group, item);
      groups.push(group);
    }
  }
  groups.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compare(a.actions[0] ?? '', b.actions[0] ?? '') ||
      compare(a.resources.join('\n'), b.resources.join('\n')) ||
      compare(canonicalJson(a.condition ?? null), canonicalJson(b.condition ?? null)),
  );
  const sids = new Map<string, number>();
  const statements: Statement[] = [];
  const evidence: StatementEvidence[] = [];
  for (const group of groups) {
    const sid = uniqueSid(sids, sidFor(group));
    const statement: Statement = { Sid: sid, Effect: 'Allow', Action: group.actions };
    if (group.notResource) statement.NotResource = group.notResource;
    else statement.Resource = group.resources;
    if (group.condition) statement.Condition = group.condition;
    statements.push(statement);
    const ev: StatementEvidence = {
      sid,
      kind: group.kind,
      actions: group.actions,
      resources: group.notResource ? group.notResource.map((r) => `NotResource ${r}`) : group.resources,
    };
    if (group.kind === 'observed' || group.kind === 'unresolved') {
      ev.count = group.count;
      if (group.firstSeen) ev.firstSeen = group.firstSeen;
      if (group.lastSeen) ev.lastSeen = group.lastSeen;
    }
    evidence.push(ev);
  }
  return { statements, evidence };
}

const KIND_SID: Record<ItemKind, string> = {
  observed: 'Observed',
  unresolved: 'ObservedAnyGrantedResource',
  lambda: 'LambdaService',
  'not-observable': 'KeptNotObservable',
  unmapped: 'KeptUnmappedCalls',
  'iam-used': 'KeptUsedPerIam',
};

function sidFor(group: Group): string {
  const services = [...new Set(group.actions.map((a) => a.slice(0, a.indexOf(':'))))];
  const service = services.length === 1 ? pascal(services[0] ?? '') : 'Mixed';
  return `${service}${KIND_SID[group.kind]}`;
}

function pascal(service: string): string {
  return service
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function uniqueSid(seen: Map<string, number>, base: string): string {
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}${n}`;
}
