/** Who a resource-policy statement lets in (mappings/posture/public-access.json). */
import type { ResourcePolicyStatement } from '../model/inventory.js';
import type { Condition } from '../model/policy.js';
import type { PublicAccessRules } from './data.js';

const POSITIVE = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'ipaddress',
]);

/** Operators that keep out a caller without the key: not Not…, …IfExists, ForAllValues: or Null. */
function positive(operator: string): boolean {
  const op = operator.toLowerCase();
  if (op.startsWith('forallvalues:') || op.endsWith('ifexists')) return false;
  return POSITIVE.has(op.replace(/^foranyvalue:/, ''));
}

/** A value that names something definite: no wildcard, or one only after a fixed account. */
function fixedValue(key: string, value: string): boolean {
  if (key === 'aws:sourceip') return value !== '0.0.0.0/0' && value !== '::/0';
  if (!/[*?]/.test(value)) return true;
  if (value.startsWith('arn:')) return /^\d{12}$/.test(value.split(':')[4] ?? '');
  // aws:userid AROAEXAMPLE:* is one role's sessions.
  return key === 'aws:userid' && /^[^*?]+:\*$/.test(value);
}

export function restricts(condition: Condition | undefined, rules: PublicAccessRules): boolean {
  for (const [operator, block] of Object.entries(condition ?? {})) {
    if (!positive(operator)) continue;
    for (const [key, values] of Object.entries(block)) {
      const k = key.toLowerCase();
      if (rules.restrictingKeys.includes(k) && values.length > 0 && values.every((v) => fixedValue(k, v)))
        return true;
    }
  }
  return false;
}

/** Principal `*` (or AWS `*`), or an Allow with NotPrincipal: everyone, or everyone but a few. */
export function anyPrincipal(statement: ResourcePolicyStatement): boolean {
  if (statement.NotPrincipal) return true;
  return Object.entries(statement.Principal ?? {}).some(
    ([type, values]) => type.toUpperCase() === 'AWS' && values.includes('*'),
  );
}

/** An Allow anyone gets, whatever the action. */
export function isOpen(statement: ResourcePolicyStatement, rules: PublicAccessRules): boolean {
  return statement.Effect === 'Allow' && anyPrincipal(statement) && !restricts(statement.Condition, rules);
}

/** A function URL permission: its only conditions say how the URL is called, not who calls. */
export function isFunctionUrlStatement(
  statement: ResourcePolicyStatement,
  rules: PublicAccessRules,
): boolean {
  const keys = Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block));
  return keys.length > 0 && keys.every((k) => rules.functionUrlKeys.includes(k.toLowerCase()));
}

/** The fixed aws:SourceArn values of a statement: the resources a service may invoke for. */
export function sourceArns(statement: ResourcePolicyStatement): string[] {
  const out: string[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!positive(operator)) continue;
    for (const [key, values] of Object.entries(block))
      if (key.toLowerCase() === 'aws:sourcearn') out.push(...values);
  }
  return out;
}

export function statementName(statement: ResourcePolicyStatement, index: number): string {
  return statement.Sid ? `statement ${statement.Sid}` : `statement #${index + 1}`;
}
