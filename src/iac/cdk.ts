/**
 * CDK: a synthesized `cdk.out` says which construct a deployed role is (`aws:cdk:path`), but the grants
 * live in TypeScript, which pare does not rewrite. So for each role the planner writes a suggestion: the
 * construct path, where the source creates it, the grant calls to remove, and ready-to-paste
 * `addToRolePolicy(new iam.PolicyStatement(…))` code for the generated policy.
 */
import type { Statement } from '../model/policy.js';
import {
  cdkStacks,
  constructId,
  flatText,
  isObject,
  ownerPath,
  referencedId,
  type CdkAssembly,
  type CdkResource,
  type CdkStack,
} from './cdk-assembly.js';
import { renderSuggestion, type SuggestionParts } from './cdk-render.js';
import { constructSites, grantCalls, type SourceLine } from './cdk-source.js';
import type { IacFile, Resolution, RoleOverride, RoleTarget } from './model.js';
import { isGeneratedName } from './references.js';
import { isLambdaLogging } from './statements.js';

export type { CdkAssembly } from './cdk-assembly.js';

export interface CdkSuggestion {
  role: string;
  /** Where it goes in PATCH_DIR: `cdk/<Stack>/<construct path>.ts`. */
  file: string;
  /** The role's construct path, e.g. `WildRydesReportingStack/DailyReporter/ServiceRole`. */
  constructPath: string;
  resolution: Resolution;
  text: string;
}

export interface CdkPlan {
  suggestions: CdkSuggestion[];
  resolutions: Resolution[];
}

const AWS_MANAGED = /:iam::aws:policy\//;
const LAMBDA_BASIC = /:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/;
const XRAY_ACTIONS = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

function resolveRole(
  stack: CdkStack,
  role: RoleTarget,
  overrides: readonly RoleOverride[],
): Resolution | undefined {
  const at = (logicalId: string, by: Resolution['by']): Resolution => ({
    role: role.name,
    path: stack.path,
    logicalId,
    by,
  });
  const roles = stack.resources.filter((r) => r.type === 'AWS::IAM::Role');
  const override = overrides.find((o) => o.role === role.name && o.path === stack.path);
  if (override) {
    // The logical id, or the construct path (with or without its `/Resource` leaf).
    const hit = roles.find(
      (r) =>
        r.logicalId === override.logicalId ||
        (r.constructPath !== undefined &&
          (r.constructPath === override.logicalId || ownerPath(r.constructPath) === override.logicalId)),
    );
    return hit ? at(hit.logicalId, 'override') : undefined;
  }
  const tagged = role.tags['aws-cdk:stack'] ?? role.tags['aws:cloudformation:stack-name'];
  if (tagged === stack.stackName) {
    const logical = role.tags['aws:cloudformation:logical-id'];
    const named = roles.filter((r) => isGeneratedName(role.name, r.logicalId));
    const hit =
      roles.find((r) => r.logicalId === logical) ??
      (roles.length === 1 ? roles[0] : named.length === 1 ? named[0] : undefined);
    if (hit) return at(hit.logicalId, 'tags');
  }
  const byName = roles.find((r) => r.properties['RoleName'] === role.name);
  if (byName) return at(byName.logicalId, 'role-name');
  const generated = roles.filter(
    (r) => r.properties['RoleName'] === undefined && isGeneratedName(role.name, r.logicalId, stack.stackName),
  );
  return generated.length === 1 && generated[0] ? at(generated[0].logicalId, 'stack-naming') : undefined;
}

function isXray(statement: Statement): boolean {
  return (
    (statement.Action ?? []).length > 0 &&
    (statement.Action ?? []).every((a) => XRAY_ACTIONS.has(a)) &&
    (statement.Resource ?? []).every((r) => r === '*')
  );
}

function statementCount(policy: CdkResource): number {
  const document = policy.properties['PolicyDocument'];
  const statements = isObject(document) ? document['Statement'] : undefined;
  return Array.isArray(statements) ? statements.length : statements ? 1 : 0;
}

/** The app's own sources: those beside its cdk.out, not another app's construct of that id. */
function appSources(sources: readonly IacFile[], templatePath: string): IacFile[] {
  // `app/cdk.out/Stack.template.json`, `app/cdk.out/assembly-Prod/…` → `app`.
  const parts = templatePath.split('/');
  const app = parts.slice(0, Math.max(0, parts.lastIndexOf('cdk.out'))).join('/');
  return sources.filter((s) => app === '' || s.path.startsWith(`${app}/`));
}

function suggestion(
  stack: CdkStack,
  resolution: Resolution,
  role: RoleTarget,
  sources: readonly IacFile[],
): CdkSuggestion {
  const resource = stack.resources.find((r) => r.logicalId === resolution.logicalId);
  const rolePath = ownerPath(resource?.constructPath ?? `${stack.stackName}/${resolution.logicalId}`);
  const fn = stack.resources.find(
    (r) => r.type === 'AWS::Lambda::Function' && referencedId(r.properties['Role']) === resolution.logicalId,
  );
  // lambda.Function creates `<Function>/ServiceRole`; an own `iam.Role` is its own construct.
  const serviceRole = fn?.constructPath !== undefined && rolePath.endsWith('/ServiceRole');
  const owner = serviceRole ? ownerPath(fn?.constructPath ?? '') : rolePath;
  const ownerId = constructId(owner);
  const arns = resource?.properties['ManagedPolicyArns'];
  const managed = Array.isArray(arns) ? arns.map((a) => flatText(a)) : [];
  const policies = stack.resources.filter(
    (r) =>
      r.type === 'AWS::IAM::Policy' &&
      Array.isArray(r.properties['Roles']) &&
      r.properties['Roles'].some((x) => referencedId(x) === resolution.logicalId),
  );
  const config = fn?.properties['TracingConfig'];
  const tracing = isObject(config) && config['Mode'] === 'Active';
  const frameworkLogs = serviceRole && managed.some((a) => LAMBDA_BASIC.test(a));
  const statements = role.policy.Statement.filter(
    (s) => !(frameworkLogs && isLambdaLogging(s)) && !(serviceRole && tracing && isXray(s)),
  );
  const own = appSources(sources, stack.path);
  const sites = constructSites(own, ownerId);
  const calls: SourceLine[] = sites.flatMap((site) => {
    const file = own.find((f) => f.path === site.path);
    return site.variable !== undefined && file ? grantCalls(file, site.variable) : [];
  });
  const keep: string[] = [];
  const remove: string[] = [];
  for (const arn of managed) {
    if (serviceRole && LAMBDA_BASIC.test(arn))
      keep.push(`managed policy ${arn} (lambda.Function adds it: the logs)`);
    else if (AWS_MANAGED.test(arn)) remove.push(`managed policy ${arn}`);
    else keep.push(`managed policy ${arn} (customer managed: review it)`);
  }
  if (serviceRole && tracing) keep.push('the X-Ray statement (tracing: Active adds it)');
  const boundary = resource?.properties['PermissionsBoundary'];
  if (boundary !== undefined) keep.push(`permissions boundary ${flatText(boundary)}`);
  const parts: SuggestionParts = {
    role,
    resolution,
    stack,
    rolePath,
    owner: { path: owner, id: ownerId, kind: serviceRole ? 'function' : 'role' },
    sites,
    calls,
    policies: policies.map((p) => ({
      logicalId: p.logicalId,
      path: ownerPath(p.constructPath ?? p.logicalId),
      statements: statementCount(p),
    })),
    keep,
    remove,
    statements,
  };
  const relative = rolePath.startsWith(`${stack.stackName}/`)
    ? rolePath.slice(stack.stackName.length + 1)
    : rolePath;
  return {
    role: role.name,
    file: `cdk/${[stack.stackName, ...relative.split('/')].map((p) => p.replace(/[^A-Za-z0-9._-]/g, '_')).join('/')}.ts`,
    constructPath: rolePath,
    resolution,
    text: renderSuggestion(parts),
  };
}

/**
 * Each role some stack of the assemblies defines, resolved by --map, the stack tag, RoleName or the
 * name CloudFormation generated (`<Stack>-<LogicalId>-<SUFFIX>`, cut to 64 characters), with its suggestion.
 */
export function planCdk(
  assemblies: readonly CdkAssembly[],
  sources: readonly IacFile[],
  roles: readonly RoleTarget[],
  overrides: readonly RoleOverride[],
): CdkPlan {
  const stacks = [...assemblies]
    .sort((a, b) => a.dir.localeCompare(b.dir))
    .flatMap((a) => cdkStacks(a))
    .sort((a, b) => a.path.localeCompare(b.path));
  const suggestions: CdkSuggestion[] = [];
  for (const role of roles) {
    for (const stack of stacks) {
      const resolution = resolveRole(stack, role, overrides);
      if (!resolution) continue;
      suggestions.push(suggestion(stack, resolution, role, sources));
      break;
    }
  }
  return { suggestions, resolutions: suggestions.map((s) => s.resolution) };
}
