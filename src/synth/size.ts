import type { PolicyDocument, Statement } from '../model/policy.js';

/**
 * IAM's size quotas, counted as IAM counts them: characters of the JSON without white space.
 * An inline role policy set holds 10,240; one managed policy 6,144.
 */
export const INLINE_LIMIT = 10_240;
export const MANAGED_LIMIT = 6_144;

export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

const VERSION = '2012-10-17';

/**
 * One document when it fits the inline quota; otherwise statements packed into managed-policy-sized
 * documents, in order, a statement too large on its own split across its resources, then its actions.
 */
export function fitToLimits(statements: readonly Statement[]): PolicyDocument[] {
  const whole: PolicyDocument = { Version: VERSION, Statement: [...statements] };
  if (policySize(whole) <= INLINE_LIMIT) return [whole];
  const documents: PolicyDocument[] = [];
  let current: Statement[] = [];
  for (const piece of statements.flatMap((s) => splitStatement(s))) {
    const next = { Version: VERSION, Statement: [...current, piece] };
    if (current.length > 0 && policySize(next) > MANAGED_LIMIT) {
      documents.push({ Version: VERSION, Statement: current });
      current = [piece];
    } else {
      current.push(piece);
    }
  }
  if (current.length > 0) documents.push({ Version: VERSION, Statement: current });
  return documents;
}

function splitStatement(statement: Statement, part = 0): Statement[] {
  if (policySize({ Version: VERSION, Statement: [statement] }) <= MANAGED_LIMIT) return [statement];
  for (const key of ['Resource', 'NotResource', 'Action'] as const) {
    const list = statement[key];
    // NotResource and Action lists cannot be split without widening (NotResource) or are the last resort.
    if (!list || list.length < 2 || key === 'NotResource') continue;
    const half = Math.ceil(list.length / 2);
    const sid = statement.Sid ?? 'Part';
    return [
      ...splitStatement(
        { ...statement, Sid: `${sid}${part * 2 + 1}`, [key]: list.slice(0, half) },
        part * 2 + 1,
      ),
      ...splitStatement(
        { ...statement, Sid: `${sid}${part * 2 + 2}`, [key]: list.slice(half) },
        part * 2 + 2,
      ),
    ];
  }
  return [statement];
}
