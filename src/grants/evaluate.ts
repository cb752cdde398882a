/**
 * IAM's decision for one role's identity policies and permissions boundary (no resource policies, no
 * SCPs, no session policies). Conditions are not evaluated: they are carried to the caller.
 */
import type { RoleGrants } from '../model/grants.js';
import { canonicalJson } from '../model/order.js';
import type { Condition } from '../model/policy.js';
import {
  actionMatches,
  compileGrants,
  resourceMatches,
  type CompiledStatement,
  type MatchedStatement,
} from './compile.js';
import { globIntersectsCompiled, globSubsetCompiled } from './glob-automata.js';
import { ACTION_GLOB, compileGlob, RESOURCE_GLOB_NO_VARIABLES, type CompiledGlob } from './glob.js';

export type { MatchedStatement } from './compile.js';

/**
 * `conditionalDenies`: Deny statements that match but hinge on a Condition or a policy variable, so
 * the call may or may not have been denied; they never make the decision, the caller carries them.
 */
export type Decision =
  | { decision: 'allowed'; allowedBy: MatchedStatement[]; conditionalDenies: MatchedStatement[] }
  | { decision: 'explicit-deny'; deniedBy: MatchedStatement[]; conditionalDenies: MatchedStatement[] }
  | { decision: 'boundary-deny'; conditionalDenies: MatchedStatement[] }
  | { decision: 'implicit-deny'; conditionalDenies: MatchedStatement[] };

/**
 * `resource` is an ARN, or `*` for a call authorised against `*` (an action with no resource-level
 * permission): then only statements whose Resource takes in the literal `*` apply.
 */
export function evaluate(role: RoleGrants, action: string, resource: string): Decision {
  const grants = compileGrants(role);
  const allowedBy: MatchedStatement[] = [];
  const deniedBy: MatchedStatement[] = [];
  const conditionalDenies: MatchedStatement[] = [];
  const scanDenies = (statement: CompiledStatement, match: 'yes' | 'maybe'): void => {
    if (match === 'yes' && !statement.conditional) deniedBy.push(statement.matched);
    else conditionalDenies.push(statement.matched);
  };
  for (const statement of grants.identity) {
    if (!actionMatches(statement, action)) continue;
    const match = resourceMatches(statement, resource);
    if (match === 'no') continue;
    // An Allow that hinges on a Condition or a variable still matches: the caller carries it.
    if (statement.allow) allowedBy.push(statement.matched);
    else scanDenies(statement, match);
  }
  let boundaryAllows = grants.boundary === undefined;
  for (const statement of grants.boundary ?? []) {
    if (!actionMatches(statement, action)) continue;
    const match = resourceMatches(statement, resource);
    if (match === 'no') continue;
    if (statement.allow) boundaryAllows = true;
    else scanDenies(statement, match);
  }
  if (deniedBy.length > 0) return { decision: 'explicit-deny', deniedBy, conditionalDenies };
  if (allowedBy.length === 0) return { decision: 'implicit-deny', conditionalDenies };
  if (!boundaryAllows) return { decision: 'boundary-deny', conditionalDenies };
  return { decision: 'allowed', allowedBy, conditionalDenies };
}

/** Identity Allow statements whose actions take in `action`, on whatever resource. */
export function allowStatementsFor(role: RoleGrants, action: string): MatchedStatement[] {
  return compileGrants(role)
    .identity.filter((s) => s.allow && !s.noResource && actionMatches(s, action))
    .map((s) => s.matched);
}

/**
 * True only if every ARN `resourcePattern` matches is allowed for `action`: inside one unconditional
 * identity Allow (a union of several is not searched; sound, not complete), inside the boundary when
 * there is one (a boundary's conditions stay in force at request time, so conditional boundary Allows
 * count), and away from every Deny of the identity policies or the boundary, conditional or not.
 * `*` here is a glob for every ARN; for an action authorised against `*` use evaluate(role, action, '*').
 */
export function coversPattern(
  role: RoleGrants,
  action: string,
  resourcePattern: string,
  condition?: Condition,
): boolean {
  const grants = compileGrants(role);
  const pattern = compileGlob(resourcePattern, RESOURCE_GLOB_NO_VARIABLES);
  // With `condition`, an Allow under exactly that condition holds the pattern too: the caller carries it.
  const wanted = condition === undefined ? undefined : canonical(condition);
  const inside = (statements: readonly CompiledStatement[], unconditionalOnly: boolean): boolean =>
    statements.some(
      (s) =>
        s.allow &&
        (!unconditionalOnly ||
          !s.conditional ||
          (wanted !== undefined && canonical(s.matched.statement.Condition) === wanted)) &&
        actionMatches(s, action) &&
        statementContains(s, pattern),
    );
  if (!inside(grants.identity, true)) return false;
  if (grants.boundary && !inside(grants.boundary, false)) return false;
  return ![...grants.identity, ...(grants.boundary ?? [])].some(
    (s) => !s.allow && actionMatches(s, action) && statementTouches(s, pattern),
  );
}

function canonical(condition: Condition | undefined): string {
  return canonicalJson(condition ?? null);
}

function statementContains(statement: CompiledStatement, pattern: CompiledGlob): boolean {
  if (statement.noResource) return false;
  if (statement.notResource) return !statement.resources.some((g) => globIntersectsCompiled(pattern, g));
  return statement.resources.some((g) => globSubsetCompiled(pattern, g));
}

/** Whether the statement may apply to some ARN the pattern matches (over-approximated). */
function statementTouches(statement: CompiledStatement, pattern: CompiledGlob): boolean {
  if (statement.noResource) return false;
  if (statement.notResource) return !statement.resources.some((g) => globSubsetCompiled(pattern, g));
  return statement.resources.some((g) => globIntersectsCompiled(pattern, g));
}

/**
 * The identity policies' Deny statements that may apply to any of `actions` (names or patterns), in
 * policy order, so a generated policy can carry them. Over-inclusive where unsure: a Deny never widens.
 */
export function deniesFor(role: RoleGrants, actions: readonly string[]): MatchedStatement[] {
  const wanted = actions.map((a) => compileGlob(a, ACTION_GLOB));
  return compileGrants(role)
    .identity.filter((s) => !s.allow && wanted.some((action) => actionsTouch(s, action)))
    .map((s) => s.matched);
}

function actionsTouch(statement: CompiledStatement, action: CompiledGlob): boolean {
  if (statement.notAction) return !statement.actions.some((g) => globSubsetCompiled(action, g));
  return statement.actions.some((g) => globIntersectsCompiled(action, g));
}
