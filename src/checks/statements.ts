/** The shapes of a granted statement the role checks look for. */
import type { Catalog } from '../catalog/catalog.js';
import type { RoleGrants } from '../model/grants.js';
import type { Statement } from '../model/policy.js';
import type { MatchedStatement } from '../grants/compile.js';

export function allowStatements(role: RoleGrants): MatchedStatement[] {
  return role.policies.flatMap((policy) =>
    policy.document.Statement.filter((s) => s.Effect === 'Allow').map((statement) => ({
      policy: policy.arn
        ? { kind: policy.kind, name: policy.name, arn: policy.arn }
        : { kind: policy.kind, name: policy.name },
      statement,
    })),
  );
}

const allPatterns = new WeakMap<Catalog, Map<string, Set<string>>>();

/** The service's ARN formats with every placeholder a `*`: what "every resource of a type" looks like. */
function wildcardFormats(catalog: Catalog, service: string): Set<string> {
  const cache = allPatterns.get(catalog) ?? new Map<string, Set<string>>();
  allPatterns.set(catalog, cache);
  const hit = cache.get(service);
  if (hit) return hit;
  const types = new Set(catalog.actions(service).flatMap((a) => a.resourceTypes.map((t) => t.name)));
  const formats = new Set<string>();
  for (const type of types) {
    const format = catalog.arnFormat(service, type);
    if (format)
      formats.add(
        collapse(
          format
            .split(':')
            .slice(5)
            .join(':')
            .replace(/\$\{[^}]+\}/g, '*'),
        ),
      );
  }
  cache.set(service, formats);
  return formats;
}

const collapse = (text: string): string => text.replace(/\*+/g, '*');

/**
 * `*` itself, or an ARN whose resource part is a catalog ARN format of the service with every name a
 * wildcard: every resource of that type (`arn:aws:s3:::*\/*`, `arn:aws:dynamodb:*:123456789012:table/*`).
 */
export function isAllResources(resource: string, catalog: Catalog): boolean {
  if (/^\*+$/.test(resource)) return true;
  const parts = resource.split(':');
  const service = parts[2] ?? '';
  if (parts.length < 6 || parts[0] !== 'arn' || /[*?]/.test(service)) return false;
  const rest = collapse(parts.slice(5).join(':'));
  return rest === '*' || wildcardFormats(catalog, service).has(rest);
}

export function allResourcePatterns(statement: Statement, catalog: Catalog): string[] {
  if (statement.NotResource) return statement.NotResource.map((r) => `NotResource ${r}`);
  return (statement.Resource ?? []).filter((r) => isAllResources(r, catalog));
}

/** Every action on every resource: `*` / `*:*` on `*`, or an Allow with NotAction. */
export function isAdminStatement(statement: Statement): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.NotAction) return true;
  const everyAction = (statement.Action ?? []).some((a) => /^\*+(:\*+)?$/.test(a));
  return (
    everyAction &&
    (statement.NotResource !== undefined || (statement.Resource ?? []).some((r) => /^\*+$/.test(r)))
  );
}

/** `service:*`: every present and future action of one service. */
export function isServiceWildcard(action: string): boolean {
  return /^[^:*?]+:\*+$/.test(action);
}

/** `inline policy x (statement Sid)`, as messages name a statement. */
export function describe(matched: MatchedStatement): string {
  const kind = matched.policy.kind === 'aws-managed' ? 'AWS managed policy' : `${matched.policy.kind} policy`;
  return `${kind} ${matched.policy.name}${matched.statement.Sid ? ` (statement ${matched.statement.Sid})` : ''}`;
}

export function statementEvidence(matched: MatchedStatement): Record<string, unknown> {
  const s = matched.statement;
  return {
    policy: matched.policy.arn ?? matched.policy.name,
    ...(s.Sid ? { sid: s.Sid } : {}),
    ...(s.Action ? { actions: s.Action } : { notActions: s.NotAction }),
    ...(s.Resource ? { resources: s.Resource } : { notResources: s.NotResource }),
    ...(s.Condition ? { conditional: true } : {}),
  };
}

export const SAMPLE = 8;

export function sample(items: readonly string[]): string {
  return items.length <= SAMPLE
    ? items.join(', ')
    : `${items.slice(0, SAMPLE).join(', ')} and ${items.length - SAMPLE} more`;
}
