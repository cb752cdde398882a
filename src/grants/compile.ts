/**
 * A role's policies compiled once for evaluation: every pattern pre-parsed, every statement tagged
 * with where it came from. Cached per RoleGrants object (treated as immutable).
 */
import type { RoleGrants } from '../model/grants.js';
import type { AttachedPolicy, PolicyKind, Statement } from '../model/policy.js';
import { ACTION_GLOB, compileGlob, matchesCompiled, resourceGlobOptions, type CompiledGlob } from './glob.js';

export interface MatchedStatement {
  policy: { kind: PolicyKind; name: string; arn?: string };
  statement: Statement;
}

export interface CompiledStatement {
  matched: MatchedStatement;
  allow: boolean;
  conditional: boolean;
  actions: CompiledGlob[];
  /** NotAction: the statement applies to the actions the patterns do not match. */
  notAction: boolean;
  resources: CompiledGlob[];
  notResource: boolean;
  /** A trust-policy style statement naming no resource applies to none. */
  noResource: boolean;
}

export interface CompiledGrants {
  identity: CompiledStatement[];
  boundary?: CompiledStatement[];
}

/** 'maybe': only a pattern with a policy variable decides, so it depends on the request. */
export type ResourceMatch = 'yes' | 'maybe' | 'no';

const compiledRoles = new WeakMap<RoleGrants, CompiledGrants>();

export function compileGrants(role: RoleGrants): CompiledGrants {
  const hit = compiledRoles.get(role);
  if (hit) return hit;
  const compiled: CompiledGrants = { identity: role.policies.flatMap(compilePolicy) };
  if (role.permissionsBoundary) compiled.boundary = compilePolicy(role.permissionsBoundary);
  compiledRoles.set(role, compiled);
  return compiled;
}

function compilePolicy(policy: AttachedPolicy): CompiledStatement[] {
  const source: MatchedStatement['policy'] = { kind: policy.kind, name: policy.name };
  if (policy.arn !== undefined) source.arn = policy.arn;
  const resourceOptions = resourceGlobOptions(policy.document.Version);
  return policy.document.Statement.map((statement) => {
    const resources = statement.Resource ?? statement.NotResource;
    return {
      matched: { policy: source, statement },
      allow: statement.Effect === 'Allow',
      conditional: statement.Condition !== undefined && Object.keys(statement.Condition).length > 0,
      actions: (statement.Action ?? statement.NotAction ?? []).map((a) => compileGlob(a, ACTION_GLOB)),
      notAction: statement.Action === undefined,
      resources: (resources ?? []).map((r) => compileGlob(r, resourceOptions)),
      notResource: statement.Resource === undefined && statement.NotResource !== undefined,
      noResource: resources === undefined,
    };
  });
}

export function actionMatches(statement: CompiledStatement, action: string): boolean {
  const hit = statement.actions.some((glob) => matchesCompiled(glob, action));
  return statement.notAction ? !hit : hit;
}

/** Whether the statement's Resource/NotResource takes in `resource` (a literal `*` is just a value). */
export function resourceMatches(statement: CompiledStatement, resource: string): ResourceMatch {
  if (statement.noResource) return 'no';
  let definite = false;
  let possible = false;
  for (const glob of statement.resources) {
    if (!matchesCompiled(glob, resource)) continue;
    if (glob.hasVariables) possible = true;
    else definite = true;
  }
  if (statement.notResource) return definite ? 'no' : possible ? 'maybe' : 'yes';
  return definite ? 'yes' : possible ? 'maybe' : 'no';
}
