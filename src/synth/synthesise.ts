import type { Catalog } from '../catalog/catalog.js';
import {
  allowStatementsFor,
  coversPattern,
  deniesFor,
  evaluate,
  grantedActions,
  type MatchedStatement,
} from '../grants/index.js';
import { globIntersects, globSubset, RESOURCE_GLOB, RESOURCE_GLOB_NO_VARIABLES } from '../grants/glob.js';
import type { LambdaFunction, RoleGrants } from '../model/grants.js';
import type { PolicyDocument, Statement } from '../model/policy.js';
import type { AccessUsage, UnmappedEvent } from '../model/usage.js';
import { generalisations } from './generalise.js';
import {
  canonicalJson,
  compare,
  groupItems,
  addEvidence,
  KIND_ORDER,
  type Item,
  type ItemKind,
  type StatementEvidence,
} from './items.js';
import { iamGap, iamLastAccessed, type IamActivity, type IamLastAccessed } from './last-accessed.js';
import { impliedPermissions, type LambdaImpliedRule } from './lambda-implied.js';
import { fitToLimits } from './size.js';

/** Whether CloudTrail can show an action: the mapping's blind-spot data answers. */
export type Observability =
  | { kind: 'management' }
  | { kind: 'data'; eventSource: string; resourceType: string }
  | { kind: 'not-logged'; why: string };

export interface SynthContext {
  catalog: Catalog;
  observability(action: string): Observability;
  /** eventSources whose data events the input holds. */
  dataEventSources: ReadonlySet<string>;
  /** The IAM prefix of an eventSource, for keeping a service whose calls pare could not map. */
  servicePrefixOf(eventSource: string): string | undefined;
  lambdaRules: readonly LambdaImpliedRule[];
}

/** Whom a policy is for: a role, or one function of a shared role (its session's usage). */
export interface SynthSubject {
  role: RoleGrants;
  accesses: readonly AccessUsage[];
  unmapped: readonly UnmappedEvent[];
  functions: readonly LambdaFunction[];
  /** IAM's last-accessed data for the role: what it saw used that pare did not is kept. */
  iamActivity?: IamActivity;
}

/** The four verdicts per granted action (STYLE.md: unknown is not unused), and why a kept one is kept. */
export type Verdict = 'used' | 'unused' | 'lambda' | 'not-observable' | 'unmapped-service' | 'iam-used';

export interface ActionVerdict {
  action: string;
  verdict: Verdict;
  why?: string;
  /** For a data-plane action kept because the trail has no data events for its service. */
  dataEvent?: { eventSource: string; resourceType: string };
  /** IAM's last-accessed date for an unused or IAM-kept action, when the run has that data. */
  iamLastAccessed?: IamLastAccessed;
}

export interface OutsideGrant {
  action: string;
  resource: string;
  count: number;
  decision: 'explicit-deny' | 'boundary-deny' | 'implicit-deny';
}

export interface SynthResult {
  /** One document, or several when IAM's size quotas force a split. */
  documents: PolicyDocument[];
  evidence: StatementEvidence[];
  verdicts: ActionVerdict[];
  /** Successful calls the grant does not allow: reported, never granted. */
  outsideGrant: OutsideGrant[];
  /** Observed actions whose records named no resource: the grant's resources were kept. */
  unresolved: { action: string; count: number }[];
  generalised: { action: string; pattern: string; keys: number }[];
  /** Explicit Deny statements of the grant carried into the generated policy. */
  copiedDenies: Statement[];
}

/**
 * The least-privilege policy for a subject: every observed successful call stays allowed, nothing the
 * grant did not allow is added, and what CloudTrail cannot show is kept rather than removed.
 */
export function synthesise(subject: SynthSubject, context: SynthContext): SynthResult {
  const { role } = subject;
  const granted = grantedActions(role, context.catalog);
  const items: Item[] = [];
  const used = new Set<string>();
  const outsideGrant: OutsideGrant[] = [];
  const unresolvedCounts = new Map<string, number>();

  for (const access of subject.accesses) {
    const observed = observedItems(role, access);
    if ('outside' in observed) {
      outsideGrant.push({
        action: access.action,
        resource: access.resource,
        count: access.count,
        decision: observed.outside,
      });
      continue;
    }
    used.add(access.action);
    items.push(...observed.items);
    if (access.wildcard === 'unresolved') {
      unresolvedCounts.set(access.action, (unresolvedCounts.get(access.action) ?? 0) + access.count);
    }
  }

  const generalised = generalise(role, items);
  const verdicts = new Map<string, ActionVerdict>();
  for (const action of used) verdicts.set(action, { action, verdict: 'used' });

  items.push(...impliedItems(role, subject.functions, context, granted, verdicts));

  const unmappedServices = new Set<string>();
  for (const u of subject.unmapped) {
    const prefix = context.servicePrefixOf(u.eventSource);
    if (prefix) unmappedServices.add(prefix.toLowerCase());
  }

  for (const [action, statements] of granted) {
    const seen = context.observability(action);
    const known = verdicts.get(action);
    if (known) {
      // An action CloudTrail never logs but pare infers from other calls (iam:PassRole from CreateFunction)
      // may also have been used by calls pare cannot read: the grant stays.
      if (known.verdict === 'used' && seen.kind === 'not-logged') {
        verdicts.set(action, {
          action,
          verdict: 'not-observable',
          why: `${seen.why}; also seen passed by calls pare maps`,
        });
        items.push(...copyStatements(action, statements, 'not-observable'));
      }
      continue;
    }
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    let verdict: ActionVerdict;
    if (unmappedServices.has(service)) {
      verdict = {
        action,
        verdict: 'unmapped-service',
        why: 'the role made calls to this service that pare could not map',
      };
    } else if (seen.kind === 'not-logged') {
      verdict = { action, verdict: 'not-observable', why: seen.why };
    } else if (seen.kind === 'data' && !context.dataEventSources.has(seen.eventSource)) {
      verdict = {
        action,
        verdict: 'not-observable',
        why: `a data event; the logs hold no data events from ${seen.eventSource}`,
        dataEvent: { eventSource: seen.eventSource, resourceType: seen.resourceType },
      };
    } else {
      const activity = subject.iamActivity;
      const gap = activity && iamGap(activity, action);
      if (!gap) {
        const last = activity && iamLastAccessed(activity, action);
        verdicts.set(action, { action, verdict: 'unused', ...(last ? { iamLastAccessed: last } : {}) });
        continue;
      }
      verdict = {
        action,
        verdict: 'iam-used',
        why: `IAM last-accessed data shows the ${gap.of} used since the window began; pare saw no call`,
        iamLastAccessed: gap,
      };
    }
    verdicts.set(action, verdict);
    const kind: ItemKind =
      verdict.verdict === 'unmapped-service'
        ? 'unmapped'
        : verdict.verdict === 'iam-used'
          ? 'iam-used'
          : 'not-observable';
    items.push(...copyStatements(action, statements, kind));
  }

  const { statements, evidence } = groupItems(dropSubsumed(items));
  const allowedActions = [...new Set(items.map((i) => i.action))].sort(compare);
  const copiedDenies = dedupe(deniesFor(role, allowedActions).map((m) => m.statement)).map((d, i) => ({
    ...d,
    Sid: d.Sid ?? `GrantDeny${i + 1}`,
  }));
  for (const deny of copiedDenies) {
    evidence.push({
      sid: deny.Sid,
      kind: 'grant-deny',
      actions: deny.Action ?? deny.NotAction ?? [],
      resources: deny.Resource ?? deny.NotResource ?? [],
    });
  }
  const documents = fitToLimits([...statements, ...copiedDenies]);
  return {
    documents,
    evidence,
    verdicts: [...verdicts.values()].sort((a, b) => compare(a.action, b.action)),
    outsideGrant: outsideGrant.sort((a, b) => compare(a.action, b.action) || compare(a.resource, b.resource)),
    unresolved: [...unresolvedCounts]
      .map(([action, count]) => ({ action, count }))
      .sort((a, b) => compare(a.action, b.action)),
    generalised,
    copiedDenies,
  };
}

function evidenceOf(access: AccessUsage): Pick<Item, 'count' | 'firstSeen' | 'lastSeen'> {
  return { count: access.count, firstSeen: access.firstSeen, lastSeen: access.lastSeen };
}

/** Items that keep one observed access allowed, each under a condition of a statement that allowed it. */
function observedItems(
  role: RoleGrants,
  access: AccessUsage,
): { items: Item[] } | { outside: OutsideGrant['decision'] } {
  const { action, resource } = access;
  if (access.wildcard === 'unresolved') {
    const statements = allowStatementsFor(role, action);
    if (statements.length === 0) return { outside: 'implicit-deny' };
    return {
      items: copyStatements(action, statements, 'unresolved').map((i) => ({ ...i, ...evidenceOf(access) })),
    };
  }
  if (resource.includes('*') && resource !== '*') {
    // A prefix folded while reading: the pattern if the grant holds all of it, else the grant's own
    // resources that meet it (each folded key was allowed by one of them).
    if (coversPattern(role, action, resource))
      return { items: [{ kind: 'observed', action, resource, ...evidenceOf(access) }] };
    const meeting = allowStatementsFor(role, action).filter((m) =>
      (m.statement.Resource ?? ['*']).some((r) => globIntersects(r, resource, RESOURCE_GLOB)),
    );
    if (meeting.length === 0) return { outside: 'implicit-deny' };
    return {
      items: copyStatements(action, meeting, 'observed').map((i) => ({ ...i, ...evidenceOf(access) })),
    };
  }
  const allowed = allowedItems(role, action, resource, 'observed');
  if ('outside' in allowed) return allowed;
  return { items: allowed.items.map((i) => ({ ...i, ...evidenceOf(access) })) };
}

/** The action on one ARN (or the literal `*`), once per distinct condition among the Allows that grant it. */
function allowedItems(
  role: RoleGrants,
  action: string,
  resource: string,
  kind: ItemKind,
): { items: Item[] } | { outside: OutsideGrant['decision'] } {
  const decision = evaluate(role, action, resource);
  if (decision.decision !== 'allowed') return { outside: decision.decision };
  const unconditional = decision.allowedBy.some((m) => !m.statement.Condition);
  const conditions = unconditional
    ? [undefined]
    : [
        ...new Map(
          decision.allowedBy.map((m) => [canonicalJson(m.statement.Condition), m.statement.Condition]),
        ).values(),
      ];
  return {
    items: conditions.map((condition) => {
      const item: Item = { kind, action, resource };
      if (condition) item.condition = condition;
      return item;
    }),
  };
}

/** The action on exactly the resources (and under the conditions) of the statements that grant it. */
function copyStatements(action: string, statements: readonly MatchedStatement[], kind: ItemKind): Item[] {
  const items: Item[] = [];
  for (const { statement } of statements) {
    const base: Item = { kind, action };
    if (statement.Condition) base.condition = statement.Condition;
    if (statement.NotResource) items.push({ ...base, notResource: statement.NotResource });
    else for (const resource of statement.Resource ?? ['*']) items.push({ ...base, resource });
  }
  return items;
}

/**
 * What Lambda uses with the role for these functions. One permission may be listed in several spellings of
 * its ARN: each spelling the grant holds is kept; only when it holds none do the grant's own statements that
 * meet one of them stay.
 */
function impliedItems(
  role: RoleGrants,
  functions: readonly LambdaFunction[],
  context: SynthContext,
  granted: ReadonlyMap<string, MatchedStatement[]>,
  verdicts: Map<string, ActionVerdict>,
): Item[] {
  const byPermission = new Map<string, { action: string; resources: string[]; why: string }>();
  for (const implied of impliedPermissions(context.lambdaRules, functions)) {
    const action = context.catalog.canonical(implied.action) ?? implied.action;
    const key = `${implied.function}\u0000${action}`;
    const entry = byPermission.get(key) ?? { action, resources: [], why: implied.why };
    entry.resources.push(implied.resource);
    byPermission.set(key, entry);
  }
  const items: Item[] = [];
  for (const { action, resources, why } of byPermission.values()) {
    const statements = granted.get(action);
    if (!statements) continue;
    const wildcardOnly = (context.catalog.action(action)?.resourceTypes.length ?? 0) === 0;
    let kept = resources.flatMap((r) => narrowed(role, action, r, wildcardOnly));
    if (kept.length === 0) kept = meeting(action, resources, statements);
    if (kept.length === 0) continue;
    items.push(...kept);
    if (!verdicts.has(action)) verdicts.set(action, { action, verdict: 'lambda', why });
  }
  return items;
}

/**
 * An implied permission, narrowed to its resource when the grant holds all of it. `*` is the literal IAM
 * authorises an action without resource-level permission against; for any other action it is a pattern.
 */
function narrowed(role: RoleGrants, action: string, resource: string, wildcardOnly: boolean): Item[] {
  if (!resource.includes('*') || (resource === '*' && wildcardOnly)) {
    const allowed = allowedItems(role, action, resource, 'lambda');
    return 'items' in allowed ? allowed.items : [];
  }
  return coversPattern(role, action, resource) ? [{ kind: 'lambda', action, resource }] : [];
}

/** The grant's own statements for an action that meet any of the resources. */
function meeting(
  action: string,
  resources: readonly string[],
  statements: readonly MatchedStatement[],
): Item[] {
  const met = statements.filter((m) =>
    m.statement.NotResource
      ? true
      : (m.statement.Resource ?? ['*']).some((r) =>
          resources.some((want) => globIntersects(r, want, RESOURCE_GLOB)),
        ),
  );
  return copyStatements(action, met, 'lambda');
}

/**
 * Replaces many keys or siblings by their prefix where one Allow (under the members' condition, which the
 * prefix then carries) holds the whole prefix and no Deny meets it.
 */
function generalise(role: RoleGrants, items: Item[]): SynthResult['generalised'] {
  const done: SynthResult['generalised'] = [];
  for (const g of generalisations(items)) {
    const first = g.members[0];
    const pattern = first && g.patterns.find((p) => coversPattern(role, first.action, p, first.condition));
    if (!first || !pattern) continue;
    const members = new Set(g.members);
    const merged: Item = { kind: 'observed', action: first.action, resource: pattern, count: 0 };
    if (first.condition) merged.condition = first.condition;
    for (const m of g.members) addEvidence(merged, m);
    const rest = items.filter((i) => !members.has(i));
    items.length = 0;
    items.push(...rest, merged);
    done.push({ action: first.action, pattern, keys: g.members.length });
  }
  return done.sort((a, b) => compare(a.action, b.action) || compare(a.pattern, b.pattern));
}

/**
 * Drops an item another item of the same action already holds: the same ARN, or an ARN or pattern inside
 * a pattern, under the same condition or none. Its evidence moves to a holder nothing else holds. Items
 * are sorted first (observed before kept), and of two equal resources the first holds the second, so
 * the result depends only on the set of items.
 */
function dropSubsumed(items: readonly Item[]): Item[] {
  const sorted = [...items].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compare(itemKey(a), itemKey(b)),
  );
  const index = new Map(sorted.map((item, i) => [item, i]));
  const byAction = new Map<string, Item[]>();
  for (const item of sorted)
    if (item.resource !== undefined) byAction.set(item.action, [...(byAction.get(item.action) ?? []), item]);
  const holds = (p: Item, item: Item): boolean =>
    p !== item &&
    p.resource !== undefined &&
    item.resource !== undefined &&
    (p.condition === undefined || canonicalJson(p.condition) === canonicalJson(item.condition ?? null)) &&
    (p.resource === item.resource ||
      (p.resource.includes('*') && globSubset(item.resource, p.resource, RESOURCE_GLOB_NO_VARIABLES))) &&
    (!(item.resource === p.resource || globSubset(p.resource, item.resource, RESOURCE_GLOB_NO_VARIABLES)) ||
      (index.get(p) ?? 0) < (index.get(item) ?? 0));
  const kept: Item[] = [];
  for (const item of sorted) {
    const peers = byAction.get(item.action) ?? [];
    if (item.resource === undefined || !peers.some((p) => holds(p, item))) {
      kept.push(item);
      continue;
    }
    // `holds` is transitive, so a holder that nothing holds exists.
    const holder = peers.find((p) => holds(p, item) && !peers.some((q) => holds(q, p)));
    if (holder) addEvidence(holder, item);
  }
  return kept;
}

function itemKey(item: Item): string {
  return canonicalJson([
    item.action,
    item.resource ?? null,
    item.notResource ?? null,
    item.condition ?? null,
    item.count ?? null,
  ]);
}

function dedupe(statements: Statement[]): Statement[] {
  const seen = new Map<string, Statement>();
  for (const s of statements) seen.set(canonicalJson(s), s);
  return [...seen.entries()].sort(([a], [b]) => compare(a, b)).map(([, s]) => s);
}
