/**
 * A SAM function's new Policies: a generated statement that a policy template covers, where that template
 * is one the function already had or a narrower one of the same resource (DynamoDBCrudPolicy →
 * DynamoDBWritePolicy), becomes that template when it grants exactly the actions called; the rest stay
 * statements. A template never grants anything the function's old Policies did not, nor anything the
 * window did not use: the patched grants leave no unused permission behind.
 */
import type { PolicyDocument, Statement } from '../model/policy.js';
import { namedBy, type StackPlace, type TemplateResource } from './references.js';
import {
  grantsAll,
  grantsOnly,
  isWithin,
  parameterFor,
  type SamPolicyTemplate,
} from './sam-policy-templates.js';
import { isLambdaLogging, statementValues, type StatementOptions } from './statements.js';
import { fromPlain, type IacValue } from './values.js';

type Plain = unknown;

interface Granted {
  template: SamPolicyTemplate;
  /** The parameter as the template wrote it (`!Ref PaymentsTable`, a literal key id). */
  value: Plain;
  /** Whether a physical name is the parameter's resource. */
  names: (physical: string) => boolean;
}

export interface SamPoliciesResult {
  policies: IacValue[];
  statements: number;
  edits: string[];
}

function record(value: Plain): Record<string, Plain> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Plain>)
    : undefined;
}

/** The policy templates the function's Policies hold, with what their parameter names. */
function granted(
  policies: Plain,
  templates: readonly SamPolicyTemplate[],
  resources: readonly TemplateResource[],
  stack: string | undefined,
): Granted[] {
  const list = Array.isArray(policies) ? policies : [policies];
  return list.flatMap((entry) => {
    const [only, ...more] = Object.entries(record(entry) ?? {});
    const template = only && more.length === 0 ? templates.find((t) => t.name === only[0]) : undefined;
    const value = template ? record(only?.[1])?.[template.parameter] : undefined;
    if (!template || value === undefined) return [];
    if (typeof value === 'string') return [{ template, value, names: (n: string) => n === value }];
    const v = record(value);
    const ref =
      v?.['Ref'] ?? (Array.isArray(v?.['Fn::GetAtt']) ? (v['Fn::GetAtt'] as Plain[])[0] : undefined);
    const resource = resources.find((r) => r.logicalId === ref);
    return resource ? [{ template, value, names: (n: string) => namedBy(resource, n, stack) }] : [];
  });
}

interface Choice {
  template: SamPolicyTemplate;
  from: Granted;
}

/** The narrowest template, no broader than one granted, that allows the whole statement. */
function choose(
  s: Statement,
  grants: readonly Granted[],
  templates: readonly SamPolicyTemplate[],
  place: StackPlace,
): Choice | undefined {
  if (!s.Action || !s.Resource || s.NotAction || s.NotResource || s.Condition) return undefined;
  const choices = grants.flatMap((from) =>
    templates
      .filter((t) => isWithin(t, from.template) && grantsAll(t, s.Action ?? []))
      .filter((t) =>
        (s.Resource ?? []).every((arn) => {
          const name = parameterFor(t, arn, place);
          return name !== undefined && from.names(name);
        }),
      )
      .map((template) => ({ template, from })),
  );
  choices.sort(
    (a, b) =>
      a.template.actions.length - b.template.actions.length || a.template.name.localeCompare(b.template.name),
  );
  return choices[0];
}

/** The region and account of the function: its own log group's ARN says both. */
export function stackPlace(policy: PolicyDocument, functions: readonly string[]): StackPlace | undefined {
  for (const arn of policy.Statement.flatMap((s) => s.Resource ?? [])) {
    const m = /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:\/aws\/lambda\/([^:]+)/.exec(arn);
    if (m?.[1] && m[2] && m[3] && functions.includes(m[3])) return { region: m[1], account: m[2] };
  }
  return undefined;
}

export function samPolicies(
  oldPolicies: Plain,
  policy: PolicyDocument,
  functions: readonly string[],
  templates: readonly SamPolicyTemplate[],
  options: StatementOptions,
): SamPoliciesResult {
  const place = stackPlace(policy, functions);
  const grants = place ? granted(oldPolicies, templates, options.resources, options.stack) : [];
  const entries = new Map<string, { choice: Choice; used: Set<string>; statements: Statement[] }>();
  const kept = policy.Statement.filter((s) => !(options.frameworkLogs && isLambdaLogging(s)));
  for (const s of kept) {
    const choice = place ? choose(s, grants, templates, place) : undefined;
    if (!choice) continue;
    const key = `${choice.template.name} ${JSON.stringify(choice.from.value)}`;
    const entry = entries.get(key) ?? { choice, used: new Set<string>(), statements: [] };
    for (const a of s.Action ?? []) entry.used.add(a);
    entry.statements.push(s);
    entries.set(key, entry);
  }
  const edits: string[] = [];
  const policies: IacValue[] = [];
  const asTemplate = new Set<Statement>();
  for (const { choice, used, statements } of entries.values()) {
    const { template, from } = choice;
    // A template with an action the window did not call would leave an unused permission: statements.
    if (!grantsOnly(template, [...used])) continue;
    for (const s of statements) asTemplate.add(s);
    edits.push(
      template === from.template
        ? `${template.name} kept`
        : `${from.template.name} narrowed to ${template.name}`,
    );
    policies.push({ [template.name]: { [template.parameter]: fromPlain(from.value) } });
  }
  const statements = statementValues(
    { Version: policy.Version, Statement: kept.filter((s) => !asTemplate.has(s)) },
    place ? { ...options, place } : options,
  );
  if (statements.length > 0) policies.push({ Statement: statements });
  return { policies, statements: statements.length, edits };
}
