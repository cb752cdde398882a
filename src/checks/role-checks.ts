/**
 * What a role's identity policies allow, read as a security team would: administrator access, whole
 * services, whole resource types, exploit-grade actions (Twistlock's serverless compliance checks).
 */
import type { Catalog } from '../catalog/catalog.js';
import type { MatchedStatement } from '../grants/compile.js';
import { grantedActions } from '../grants/granted-actions.js';
import type { Finding } from '../model/finding.js';
import type { LambdaFunction, RoleGrants } from '../model/grants.js';
import { compare } from '../model/order.js';
import type { Statement } from '../model/policy.js';
import type { PostureData } from './data.js';
import {
  allowStatements,
  allResourcePatterns,
  describe,
  isAdminStatement,
  isAllResources,
  isServiceWildcard,
  sample,
  statementEvidence,
} from './statements.js';

const uniq = (items: readonly string[]): string[] => [...new Set(items)].sort(compare);

function boundaryNote(role: RoleGrants): string {
  return role.permissionsBoundary
    ? ` The permissions boundary ${role.permissionsBoundary.name} may cap what is effective.`
    : '';
}

export function adminAccess(role: RoleGrants): Finding[] {
  const admin = allowStatements(role).filter((m) => isAdminStatement(m.statement));
  if (admin.length === 0) return [];
  const patterns = uniq(
    admin.flatMap((m) => m.statement.Action ?? m.statement.NotAction?.map((a) => `NotAction ${a}`) ?? []),
  );
  return [
    {
      rule: 'admin-access',
      severity: 'high',
      role: role.name,
      actions: patterns,
      resources: uniq(admin.flatMap((m) => m.statement.Resource ?? [])),
      message: `${role.name} may run every action of every service: ${sample(admin.map(describe))} grants ${patterns.join(', ')}${admin.some((m) => !m.statement.NotAction) ? ' on *' : ''}. Whatever runs with it can do anything in the account, exploit-grade actions included.${boundaryNote(role)}`,
      evidence: { statements: admin.map(statementEvidence) },
    },
  ];
}

export function serviceWildcardAction(role: RoleGrants): Finding[] {
  const hits = allowStatements(role)
    .filter((m) => !isAdminStatement(m.statement))
    .map((m) => ({
      m,
      wild: (m.statement.Action ?? []).filter((a) => isServiceWildcard(a) || /^\*+$/.test(a)),
    }))
    .filter((h) => h.wild.length > 0);
  if (hits.length === 0) return [];
  const patterns = uniq(hits.flatMap((h) => h.wild));
  return [
    {
      rule: 'service-wildcard-action',
      severity: 'medium',
      role: role.name,
      actions: patterns,
      message: `${role.name} may run every action of ${patterns.length === 1 ? 'a service' : `${patterns.length} services`} (${patterns.join(', ')}), present and future, through ${sample(uniq(hits.map((h) => describe(h.m))))}.${boundaryNote(role)}`,
      evidence: { statements: hits.map((h) => statementEvidence(h.m)) },
    },
  ];
}

/**
 * Statements that grant, on every resource of a service, actions that could have been limited to
 * resources (actions with no resource-level permission must name `*`, and Lambda's own plumbing is
 * left to the usage findings).
 */
export function serviceWildcardResource(role: RoleGrants, catalog: Catalog, data: PostureData): Finding[] {
  const byService = new Map<string, Set<string>>();
  const statements: MatchedStatement[] = [];
  const resources = new Set<string>();
  for (const m of allowStatements(role)) {
    if (isAdminStatement(m.statement)) continue;
    const all = allResourcePatterns(m.statement, catalog);
    if (all.length === 0) continue;
    let hit = false;
    for (const pattern of m.statement.Action ?? []) {
      for (const action of catalog.expand(pattern)) {
        const name = `${action.service}:${action.name}`;
        if (action.resourceTypes.length === 0 || data.notReportedOnAllResources.has(name.toLowerCase()))
          continue;
        if (!all.some((r) => appliesToService(r, action.service))) continue;
        byService.set(action.service, (byService.get(action.service) ?? new Set()).add(name));
        hit = true;
      }
    }
    if (hit) {
      statements.push(m);
      for (const r of all) resources.add(r);
    }
  }
  if (byService.size === 0) return [];
  const services = [...byService.keys()].sort(compare);
  return [
    {
      rule: 'service-wildcard-resource',
      severity: 'medium',
      role: role.name,
      actions: uniq(statements.flatMap((m) => m.statement.Action ?? [])),
      resources: [...resources].sort(compare),
      message: `${role.name} is granted actions on every resource of ${services.join(', ')} (${[...resources].sort(compare).join(', ')}) through ${sample(uniq(statements.map(describe)))}: every one of that kind in the account, not only the ones its code uses.${boundaryNote(role)}`,
      evidence: {
        services: Object.fromEntries(services.map((s) => [s, byService.get(s)?.size ?? 0])),
        statements: statements.map(statementEvidence),
      },
    },
  ];
}

function appliesToService(resource: string, service: string): boolean {
  if (!resource.startsWith('arn:')) return true;
  return resource.split(':')[2]?.toLowerCase() === service.toLowerCase();
}

/**
 * Actions of the data file the role is effectively granted (boundary and unconditional denies
 * applied), outside statements that grant everything (admin-access says those), in the scope each
 * entry names.
 */
export function exploitGradeActions(
  role: RoleGrants,
  functions: readonly LambdaFunction[],
  catalog: Catalog,
  data: PostureData,
): Finding[] {
  const granted = grantedActions(role, catalog);
  const own = functions.filter((f) => f.role === role.arn).map((f) => f.arn);
  const found: { action: string; why: string; by: MatchedStatement[] }[] = [];
  for (const entry of data.exploitGrade) {
    const by = (granted.get(entry.action) ?? []).filter(
      (m) =>
        m.statement.Effect === 'Allow' &&
        !isAdminStatement(m.statement) &&
        inScope(m.statement, entry.scope, own, catalog),
    );
    if (by.length > 0) found.push({ action: entry.action, why: entry.why, by });
  }
  if (found.length === 0) return [];
  const actions = found.map((f) => f.action).sort(compare);
  return [
    {
      rule: 'exploit-grade-action',
      severity: 'high',
      role: role.name,
      actions,
      message: `${role.name} is granted exploit-grade action(s): ${sample(found.map((f) => `${f.action} (${f.why})`))}.`,
      evidence: {
        actions: Object.fromEntries(
          found.map((f) => [f.action, { why: f.why, grantedBy: f.by.map(describe).sort(compare) }]),
        ),
      },
    },
  ];
}

function inScope(
  statement: Statement,
  scope: PostureData['exploitGrade'][number]['scope'],
  own: readonly string[],
  catalog: Catalog,
): boolean {
  if (scope === 'any') return true;
  if (statement.NotResource) return true;
  const resources = statement.Resource ?? [];
  if (scope === 'all-resources') return resources.some((r) => isAllResources(r, catalog));
  // other-functions: anything but the role's own functions (`fn:*` and `fn:alias` are still its own:
  // function names hold no colon).
  return resources.some((r) => !own.some((fn) => r === fn || r.startsWith(`${fn}:`)));
}
