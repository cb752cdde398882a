/**
 * CloudFormation and SAM templates (YAML with short-form intrinsics, or JSON). A role is found by its
 * stack tags, its RoleName, or the name CloudFormation generated (`<stack>-<LogicalId>-<suffix>`), a
 * SAM function's implicit role by `<FunctionLogicalId>Role`. The generated policy replaces the role's
 * inline Policies, the AWS::IAM::Policy / ManagedPolicy attached to it alone, and the AWS managed
 * policies in ManagedPolicyArns; for a SAM function, its Policies (policy templates included).
 */
import { patchBucketPolicies } from './bucket-policies.js';
import {
  EMPTY_CONTEXT,
  type IacPatcher,
  type PatchContext,
  type PatcherResult,
  type Resolution,
  type RoleOverride,
  type RoleTarget,
} from './model.js';
import { isGeneratedName, NAME_PROPERTY, PARAMETER, type TemplateResource } from './references.js';
import { globalsNotes } from './sam-globals.js';
import { samPolicies, stackPlace } from './sam-policies.js';
import { statementValues, type StatementOptions } from './statements.js';
import { templateView, type Plain, type TemplateView } from './template-view.js';

type Resources = Record<string, { Type?: Plain; Properties?: Record<string, Plain> }>;

const AWS_MANAGED = /^arn:(aws[a-z-]*|\$\{AWS::Partition\}):iam::aws:policy\//;

function isTemplate(text: string): boolean {
  return (
    /AWSTemplateFormatVersion|AWS::Serverless-2016-10-31/.test(text) ||
    (/"?Resources"?\s*:/.test(text) && /"?Type"?\s*:\s*["']?AWS::/.test(text))
  );
}

function index(resources: Resources, parameters: Record<string, { Default?: Plain }>): TemplateResource[] {
  const defaults: TemplateResource[] = Object.entries(parameters).flatMap(([logicalId, p]) =>
    typeof p.Default === 'string' && p.Default.startsWith('arn:')
      ? [{ logicalId, type: PARAMETER, name: p.Default }]
      : [],
  );
  return defaults.concat(
    Object.entries(resources).flatMap(([logicalId, r]) => {
      if (typeof r.Type !== 'string') return [];
      const property = NAME_PROPERTY[r.Type];
      const name = property ? r.Properties?.[property] : undefined;
      return [{ logicalId, type: r.Type, ...(typeof name === 'string' ? { name } : {}) }];
    }),
  );
}

/** `{ Ref: X }` or `{ 'Fn::GetAtt': [X, 'Arn'] }` → X. */
function referenced(value: Plain | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const ref = value['Ref'];
  if (typeof ref === 'string') return ref;
  const att = value['Fn::GetAtt'];
  return Array.isArray(att) && typeof att[0] === 'string' ? att[0] : undefined;
}

function resolve(
  path: string,
  resources: Resources,
  role: RoleTarget,
  overrides: readonly RoleOverride[],
): Resolution | undefined {
  const at = (logicalId: string, by: Resolution['by']): Resolution => ({
    role: role.name,
    path,
    logicalId,
    by,
  });
  const override = overrides.find((o) => o.role === role.name && o.path === path);
  if (override) return resources[override.logicalId] ? at(override.logicalId, 'override') : undefined;
  const stack = role.tags['aws:cloudformation:stack-name'];
  const tagged = role.tags['aws:cloudformation:logical-id'];
  const samFunctions = Object.entries(resources).filter(
    ([, r]) => r.Type === 'AWS::Serverless::Function' && r.Properties?.['Role'] === undefined,
  );
  if (tagged !== undefined) {
    if (resources[tagged]?.Type === 'AWS::IAM::Role') return at(tagged, 'tags');
    const fn = samFunctions.find(([id]) => `${id}Role` === tagged);
    if (fn) return at(fn[0], 'tags');
  }
  const roles = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
  const named = roles.find(([, r]) => r.Properties?.['RoleName'] === role.name);
  if (named) return at(named[0], 'role-name');
  const generated = roles.filter(
    ([id, r]) => r.Properties?.['RoleName'] === undefined && isGeneratedName(role.name, id, stack),
  );
  if (generated.length === 1 && generated[0]) return at(generated[0][0], 'stack-naming');
  const implicit = samFunctions.filter(([id]) => isGeneratedName(role.name, `${id}Role`, stack));
  if (implicit.length === 1 && implicit[0]) return at(implicit[0][0], 'sam-implicit-role');
  return undefined;
}

/** Occurrences of a logical id in the file, to tell whether a resource is used elsewhere. */
function mentions(text: string, logicalId: string): number {
  return text.match(new RegExp(`\\b${logicalId}\\b`, 'g'))?.length ?? 0;
}

function patchRole(
  view: TemplateView,
  text: string,
  resources: Resources,
  id: string,
  role: RoleTarget,
  statements: ReturnType<typeof statementValues>,
  edits: string[],
): void {
  const props = resources[id]?.Properties ?? {};
  const inline = Array.isArray(props['Policies']) ? props['Policies'] : [];
  const first = inline[0];
  const name =
    typeof first === 'object' &&
    first !== null &&
    !Array.isArray(first) &&
    typeof first['PolicyName'] === 'string'
      ? first['PolicyName']
      : 'least-privilege';
  const document =
    typeof first === 'object' && first !== null && !Array.isArray(first)
      ? first['PolicyDocument']
      : undefined;
  // One inline policy: only its Statement changes, the smallest diff a reviewer can read.
  if (
    inline.length === 1 &&
    typeof document === 'object' &&
    document !== null &&
    !Array.isArray(document) &&
    'Statement' in document
  ) {
    view.setIn(id, ['Policies', 0, 'PolicyDocument', 'Statement'], statements);
  } else {
    view.setProperty(id, 'Policies', [
      { PolicyName: name, PolicyDocument: { Version: role.policy.Version, Statement: statements } },
    ]);
  }
  edits.push(
    `${id}: Policies replaced by ${statements.length} generated statement(s)` +
      (inline.length > 1 ? ` (were ${inline.length} policies)` : ''),
  );
  const arns = Array.isArray(props['ManagedPolicyArns']) ? props['ManagedPolicyArns'] : [];
  const removedIds: string[] = [];
  for (const [other, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const attached = Array.isArray(r.Properties?.['Roles']) ? r.Properties['Roles'] : [];
    const viaArns = arns.some((a) => referenced(a) === other);
    const sole =
      (attached.length === 1 && referenced(attached[0]) === id && !viaArns) ||
      (attached.length === 0 && viaArns);
    if (!sole) continue;
    // A policy referenced from elsewhere (Outputs, another role) stays: removing it would break the template.
    if (mentions(text, other) > 2) {
      edits.push(
        `${other}: kept (referenced elsewhere in the template); its grants now duplicate the role's`,
      );
      continue;
    }
    view.removeResource(other);
    removedIds.push(other);
    edits.push(`${other} (${r.Type}): removed, its grants are in ${id}'s Policies`);
  }
  const awsManaged = (a: Plain): boolean => {
    const sub = typeof a === 'object' && a !== null && !Array.isArray(a) ? a['Fn::Sub'] : undefined;
    return AWS_MANAGED.test(typeof a === 'string' ? a : typeof sub === 'string' ? sub : '');
  };
  const kept = arns.filter((a) => !awsManaged(a) && !removedIds.includes(referenced(a) ?? ''));
  if (kept.length === arns.length) return;
  const removed = arns
    .filter((a) => awsManaged(a))
    .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  if (kept.length === 0) view.removeProperty(id, 'ManagedPolicyArns');
  else view.setProperty(id, 'ManagedPolicyArns', kept as never);
  if (removed.length)
    edits.push(`${id}: AWS managed policies removed from ManagedPolicyArns: ${removed.join(', ')}`);
}

export const cloudFormationPatcher: IacPatcher = {
  kind: 'cloudformation',
  accepts: (file) =>
    /\.(ya?ml|json|template)$/.test(file.path) &&
    !/(^|\/)serverless\.ya?ml$/.test(file.path) &&
    isTemplate(file.text),
  patch(file, roles, overrides, context = EMPTY_CONTEXT): PatcherResult {
    const view = templateView(file.path, file.text);
    const resources = (view?.data['Resources'] ?? {}) as Resources;
    if (!view || typeof resources !== 'object') return { resolutions: [] };
    const indexed = index(resources, (view.data['Parameters'] ?? {}) as Record<string, { Default?: Plain }>);
    const resolutions: Resolution[] = [];
    const edits: string[] = [];
    const stacks = new Set<string>();
    for (const role of roles) {
      const resolution = resolve(file.path, resources, role, overrides);
      if (!resolution) continue;
      resolutions.push(resolution);
      const stack = role.tags['aws:cloudformation:stack-name'];
      if (stack) stacks.add(stack);
      const sam = resources[resolution.logicalId]?.Type === 'AWS::Serverless::Function';
      // SAM attaches AWSLambdaBasicExecutionRole to every role it creates: logging stays with it.
      const place = stackPlace(role.policy, role.functions);
      const options: StatementOptions = {
        resources: indexed,
        ...(stack ? { stack } : {}),
        ...(place ? { place } : {}),
        frameworkLogs: sam,
        sids: true,
      };
      if (!sam)
        patchRole(
          view,
          file.text,
          resources,
          resolution.logicalId,
          role,
          statementValues(role.policy, options),
          edits,
        );
      else patchSamFunction(view, resolution.logicalId, role, options, context, edits);
    }
    const notes = patchBucketPolicies(view, resources, indexed, [...stacks], context, edits);
    const after = view.result();
    if (after === file.text) return { resolutions, notes };
    return {
      change: { path: file.path, kind: 'cloudformation', before: file.text, after, resolutions, edits },
      resolutions,
      notes,
    };
  },
};

function patchSamFunction(
  view: TemplateView,
  id: string,
  role: RoleTarget,
  options: StatementOptions,
  context: PatchContext,
  edits: string[],
): void {
  const old = (view.data['Resources'] as Resources)[id]?.Properties?.['Policies'];
  const result = samPolicies(old, role.policy, role.functions, context.samPolicyTemplates, options);
  view.setProperty(id, 'Policies', result.policies);
  const templates = result.edits.length > 0 ? `policy templates: ${result.edits.join('; ')}; ` : '';
  edits.push(`${id}: Policies (SAM) replaced: ${templates}${result.statements} generated statement(s)`);
  edits.push(...globalsNotes(view.data, id));
}
