/**
 * Which catalog actions a role is granted at all: what "unused = granted − used" subtracts from.
 */
import { qualified, type Catalog, type CatalogAction } from '../catalog/catalog.js';
import type { RoleGrants } from '../model/grants.js';
import {
  actionMatches,
  compileGrants,
  resourceMatches,
  type CompiledStatement,
  type MatchedStatement,
} from './compile.js';
import { matchesCompiled } from './glob.js';

/**
 * Every catalog action (`service:Name`, catalog spelling, sorted) some identity Allow grants on some
 * resource, with the statements that grant it; minus actions denied on every resource without a
 * condition; within the boundary's actions when there is one. An action that supports no
 * resource-level permission is only ever authorised against `*`, so for it "some resource" means `*`.
 */
export function grantedActions(role: RoleGrants, catalog: Catalog): Map<string, MatchedStatement[]> {
  const grants = compileGrants(role);
  const granted = new Map<string, { action: CatalogAction; by: MatchedStatement[] }>();
  for (const statement of grants.identity) {
    if (!statement.allow) continue;
    for (const action of actionsOf(statement, catalog)) {
      if (!takesSomeResource(statement, action)) continue;
      const key = qualified(action);
      const entry = granted.get(key) ?? { action, by: [] };
      entry.by.push(statement.matched);
      granted.set(key, entry);
    }
  }
  const denies = [...grants.identity, ...(grants.boundary ?? [])].filter((s) => !s.allow && !s.conditional);
  const boundaryAllows = grants.boundary?.filter((s) => s.allow);
  const result = new Map<string, MatchedStatement[]>();
  for (const key of [...granted.keys()].sort()) {
    const { action, by } = granted.get(key) as { action: CatalogAction; by: MatchedStatement[] };
    if (denies.some((s) => actionMatches(s, key) && deniesEveryResource(s, action))) continue;
    if (
      boundaryAllows &&
      !boundaryAllows.some((s) => actionMatches(s, key) && takesSomeResource(s, action))
    ) {
      continue;
    }
    result.set(key, by);
  }
  return result;
}

function actionsOf(statement: CompiledStatement, catalog: Catalog): readonly CatalogAction[] {
  if (statement.notAction) {
    return catalog
      .expand('*')
      .filter((action) => !statement.actions.some((g) => matchesCompiled(g, qualified(action))));
  }
  if (statement.actions.length === 1) return catalog.expand(statement.actions[0]?.source ?? '');
  return [...new Set(statement.actions.flatMap((g) => catalog.expand(g.source)))];
}

function wildcardOnly(action: CatalogAction): boolean {
  return action.resourceTypes.length === 0;
}

function matchesEverything(statement: CompiledStatement): boolean {
  return statement.resources.some((g) => g.atoms.length > 0 && g.atoms.every((a) => a.kind === 'run'));
}

function takesSomeResource(statement: CompiledStatement, action: CatalogAction): boolean {
  if (wildcardOnly(action)) return resourceMatches(statement, '*') !== 'no';
  if (statement.noResource) return false;
  return statement.notResource ? !matchesEverything(statement) : statement.resources.length > 0;
}

function deniesEveryResource(statement: CompiledStatement, action: CatalogAction): boolean {
  if (wildcardOnly(action)) return resourceMatches(statement, '*') === 'yes';
  return !statement.notResource && matchesEverything(statement);
}
