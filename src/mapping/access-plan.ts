import type { Access } from '../model/access.js';
import type { Event, EventResource } from '../model/event.js';
import type { ArnFormat } from './arn.js';
import type { ResourcesFrom } from './data.js';
import { elements, read, type Path, type Scope } from './path.js';
import {
  evaluateRule,
  type CompiledCondition,
  type CompiledRule,
  type RuleContext,
} from './resource-rule.js';
import { sameNamed } from './same-named.js';

/** One action of an event plan, with everything needed to find its resources, compiled. */
export interface AccessPlan {
  action: string;
  when: CompiledCondition | undefined;
  each: Path | undefined;
  /** Request-parameter rules, tried in order (explicit alternatives, or the service's rules by type). */
  rules: CompiledRule[];
  /** ARN formats of the resource types the access authorises: `resources[]` entries must match one. */
  formats: ArnFormat[];
  /** The catalog lists no resource type for the action: IAM takes only `*`. */
  wildcardOnly: boolean;
  resourcesFrom: ResourcesFrom;
}

/** The parts of a record a plan reads. */
export type RecordView = Pick<Event, 'requestParameters' | 'responseElements' | 'resources'>;

/** Accesses of one planned action for one record. */
export function evaluateAccess(plan: AccessPlan, record: RecordView, ctx: RuleContext): Access[] {
  const root = record.requestParameters;
  const response = record.responseElements;
  const top: Scope = { root, element: root, response };
  if (plan.wildcardOnly) {
    if (plan.when !== undefined && !plan.when.test(read(plan.when.path, top), ctx)) return [];
    return [{ action: plan.action, resource: '*', wildcard: 'wildcard-only' }];
  }
  const items = plan.each === undefined ? [root] : elements(read(plan.each, top));
  // Without elements an unconditional access still happened; a conditional one cannot be told.
  const scopes: Scope[] =
    items.length > 0
      ? items.map((element) => ({ root, element, response }))
      : [{ root, element: {}, response }];
  const out: Access[] = [];
  for (const scope of scopes) {
    if (plan.when !== undefined && !plan.when.test(read(plan.when.path, scope), ctx)) continue;
    const found = resolve(plan, scope, record.resources, ctx);
    if (found === 'wildcard') {
      push(out, { action: plan.action, resource: '*', wildcard: 'wildcard-only' });
    } else if (found.length === 0) {
      push(out, { action: plan.action, resource: '*', wildcard: 'unresolved' });
    } else {
      for (const arn of found) push(out, { action: plan.action, resource: arn });
    }
  }
  return out;
}

function resolve(
  plan: AccessPlan,
  scope: Scope,
  resources: readonly EventResource[] | undefined,
  ctx: RuleContext,
): string[] | 'wildcard' {
  if (plan.resourcesFrom === 'record-first') {
    const recorded = recordArns(plan.formats, resources);
    return recorded.length > 0 ? recorded : fromRequest(plan, scope, ctx);
  }
  const requested = fromRequest(plan, scope, ctx);
  if (plan.resourcesFrom === 'request-only' || requested === 'wildcard' || requested.length > 0)
    return requested;
  return recordArns(plan.formats, resources);
}

/**
 * The rules' ARNs: the first alternative that names the resource, plus every `additional` rule's; when
 * no rule applies, the request parameters named like the ARN format's placeholders (same-named.ts).
 */
function fromRequest(plan: AccessPlan, scope: Scope, ctx: RuleContext): string[] | 'wildcard' {
  let chosen: string[] | undefined;
  const out: string[] = [];
  for (const rule of plan.rules) {
    if (rule.additional || chosen !== undefined) continue;
    const result = evaluateRule(rule, scope, ctx, plan.action);
    if (result.kind === 'skip') continue;
    if (result.kind === 'wildcard') return 'wildcard';
    // A rule chosen by its `if` that cannot build an ARN leaves the resource unresolved: no fallback guess.
    if (result.arns.length > 0 || rule.condition !== undefined) chosen = result.arns;
  }
  for (const arn of chosen ?? []) if (!out.includes(arn)) out.push(arn);
  let additional = false;
  for (const rule of plan.rules) {
    if (!rule.additional) continue;
    additional = true;
    const result = evaluateRule(rule, scope, ctx, plan.action);
    if (result.kind === 'arns') for (const arn of result.arns) if (!out.includes(arn)) out.push(arn);
  }
  // The general rule speaks only for types no rule describes (a kms key named `alias/x` is no key id).
  // Where every resource counts (additional rules), its ARNs join the rules'; else it is the fallback.
  if (!additional && (out.length > 0 || chosen !== undefined)) return out;
  const covered = new Set(plan.rules.map((r) => r.format?.type));
  const rest = plan.formats.filter((f) => !covered.has(f.type));
  for (const arn of sameNamed(rest, scope.root, ctx, plan.formats)) if (!out.includes(arn)) out.push(arn);
  return out;
}

/** ARNs from `resources[]` of a type the action authorises (an S3 data event lists bucket and object). */
function recordArns(
  formats: readonly ArnFormat[],
  resources: readonly EventResource[] | undefined,
): string[] {
  if (resources === undefined) return [];
  const out: string[] = [];
  for (const r of resources) {
    const arn = r.arn;
    if (arn === undefined || !arn.startsWith('arn:') || out.includes(arn)) continue;
    if (formats.some((f) => f.regex.test(arn))) out.push(arn);
  }
  return out;
}

function push(out: Access[], access: Access): void {
  if (!out.some((a) => a.action === access.action && a.resource === access.resource)) out.push(access);
}
