import { createTwoFilesPatch } from 'diff';
import type { AttachedPolicy, PolicyDocument } from '../model/policy.js';
import { renderPolicy } from './policy-json.js';

/**
 * The role's identity policies as one document, each statement's Sid naming the policy it came from,
 * so the diff against the generated policy reads as "what goes, what stays".
 */
export function normalisedGrant(policies: readonly AttachedPolicy[]): PolicyDocument {
  const statements = policies.flatMap((policy) =>
    policy.document.Statement.map((statement, i) => ({
      ...statement,
      Sid: `${policy.kind}:${policy.name}${statement.Sid ? `:${statement.Sid}` : policy.document.Statement.length > 1 ? `:${i + 1}` : ''}`,
    })),
  );
  return { Version: '2012-10-17', Statement: statements };
}

/** A unified diff, granted (normalised) against generated, that `patch` and reviewers can read. */
export function policyDiff(
  roleName: string,
  policies: readonly AttachedPolicy[],
  generated: readonly PolicyDocument[],
): string {
  const before = renderPolicy(normalisedGrant(policies));
  const after = generated.map(renderPolicy).join('');
  return createTwoFilesPatch(
    `granted/${roleName}.json`,
    `generated/${roleName}.json`,
    before,
    after,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
}
