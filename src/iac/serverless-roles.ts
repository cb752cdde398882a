/**
 * Which role of a serverless.yml a deployed role is. The framework names the service role
 * `<service>-<stage>-<region>-lambdaRole` (or `provider.iam.role.name`); serverless-iam-roles-per-function
 * names a function's own role `<service>-<stage>-<function key>-<region>-lambdaRole`, drops `-lambdaRole`
 * when the name would pass IAM's 64 characters, and fails the deploy when it still does (its README,
 * "Role Names", and src/lib/index.ts getFunctionRoleName); `iamRoleStatementsName` replaces the name.
 * Variables in these names are resolved (serverless-variables.ts); one that cannot be matches nothing.
 */
import type { Resolution, RoleOverride, RoleTarget } from './model.js';
import type { Deployment, ServerlessVariables } from './serverless-variables.js';

export const PER_FUNCTION_PLUGIN = 'serverless-iam-roles-per-function';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ROLE_NAME_LIMIT = 64;

export interface ServerlessFunction {
  key: string;
  /** `iamRoleStatementsName` as written. */
  roleName?: string;
  /** Has `iamRoleStatements`: with the plugin, the function has a role of its own. */
  ownStatements: boolean;
}

export interface ServerlessService {
  path: string;
  /** The service name, resolved. */
  service: string;
  vars: ServerlessVariables;
  /** `provider.iam.role.name` as written. */
  providerRoleName?: string;
  functions: readonly ServerlessFunction[];
  perFunctionPlugin: boolean;
}

export interface Located {
  resolution: Resolution;
  /** Stage and region the role was deployed with, and the account. */
  deployment: Deployment & { stage: string; region: string };
  /** Set when the role is one function's own (the per-function plugin's). */
  functionKey?: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
}

export function locateRole(
  svc: ServerlessService,
  role: RoleTarget,
  overrides: readonly RoleOverride[],
): Located | undefined {
  const accountId = accountOf(role.arn);
  const account = accountId ? { accountId } : {};
  const at = (
    logicalId: string,
    by: Resolution['by'],
    stage: string,
    region: string,
    functionKey?: string,
  ): Located => ({
    resolution: { role: role.name, path: svc.path, logicalId, by },
    deployment: { ...account, stage, region },
    ...(functionKey !== undefined ? { functionKey } : {}),
  });
  const defaults = svc.vars.with(account);
  const stack = role.tags['aws:cloudformation:stack-name'];
  const tagStage = stack?.startsWith(`${svc.service}-`) ? stack.slice(svc.service.length + 1) : undefined;
  const stages = [...new Set([tagStage, defaults.stage()].filter((s): s is string => s !== undefined))];
  const region = defaults.region() ?? 'us-east-1';
  const named = new RegExp(`^${escape(svc.service)}-(.+)-(${REGION})-lambdaRole$`).exec(role.name);
  const own = svc.perFunctionPlugin ? svc.functions.filter((f) => f.ownStatements) : [];

  const override = overrides.find((o) => o.role === role.name && o.path === svc.path);
  if (override) {
    const key = override.logicalId.startsWith('functions.') ? override.logicalId.slice(10) : undefined;
    return at(override.logicalId, 'override', named?.[1] ?? stages[0] ?? 'dev', named?.[2] ?? region, key);
  }
  for (const stage of stages) {
    const vars = svc.vars.with({ ...account, stage, region });
    if (svc.providerRoleName !== undefined && vars.resolve(svc.providerRoleName) === role.name)
      return at('provider', 'role-name', stage, region);
    const fn = own.find((f) => f.roleName !== undefined && vars.resolve(f.roleName) === role.name);
    if (fn) return at(`functions.${fn.key}`, 'role-name', stage, region, fn.key);
  }
  const perFunction = own.flatMap((f) => {
    if (f.roleName !== undefined) return [];
    const m = new RegExp(`^${escape(svc.service)}-(.+)-${escape(f.key)}-(${REGION})(-lambdaRole)?$`).exec(
      role.name,
    );
    if (!m?.[1] || !m[2]) return [];
    const full = `${svc.service}-${m[1]}-${f.key}-${m[2]}-lambdaRole`;
    const fits = m[3] ? full.length <= ROLE_NAME_LIMIT : full.length > ROLE_NAME_LIMIT;
    return fits ? [{ key: f.key, stage: m[1], region: m[2] }] : [];
  });
  // `svc-dev-Get-Ride-…` could be function Ride at stage `dev-Get`: the stage the file or tags say decides.
  const pick = perFunction.length === 1 ? perFunction : perFunction.filter((p) => stages.includes(p.stage));
  if (pick.length === 1 && pick[0]) {
    const p = pick[0];
    return at(`functions.${p.key}`, 'per-function-naming', p.stage, p.region, p.key);
  }
  if (perFunction.length > 0 || role.name.length > ROLE_NAME_LIMIT) return undefined;
  // `svc-dev-F-us-east-1-lambdaRole` with F a function of its own is that function's role, not the service's.
  const shadowed = own.some((f) => named?.[1]?.endsWith(`-${f.key}`));
  if (named?.[1] && named[2] && svc.providerRoleName === undefined && !shadowed)
    return at('provider', 'serverless-naming', named[1], named[2]);
  return undefined;
}
