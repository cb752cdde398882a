import { UsageError } from '../errors.js';
import { globMatches } from '../grants/glob.js';
import type { LambdaFunction, RoleGrants } from '../model/grants.js';

/** `--role` / `--function` values: a name, an ARN, or a glob over either. */
export interface Selection {
  roles: string[];
  functions: string[];
}

function matchesAny(patterns: readonly string[], ...names: string[]): boolean {
  return patterns.some((p) => names.some((n) => globMatches(p, n, { ignoreCase: false })));
}

/**
 * The roles a run analyses: those named by --role, the execution roles of functions named by --function,
 * else every role but AWS service-linked roles (their policies belong to AWS and cannot be edited).
 */
export function selectRoles(
  roles: readonly RoleGrants[],
  functions: readonly LambdaFunction[],
  selection: Selection,
): RoleGrants[] {
  let selected = roles.filter((r) => !r.path.startsWith('/aws-service-role/'));
  if (selection.roles.length > 0) {
    selected = roles.filter((r) => matchesAny(selection.roles, r.name, r.arn));
    if (selected.length === 0)
      throw new UsageError(`--role ${selection.roles.join(' ')} matches no role in the IAM snapshot`);
  }
  if (selection.functions.length > 0) {
    const fns = selectFunctions(functions, selection);
    if (fns.length === 0)
      throw new UsageError(
        `--function ${selection.functions.join(' ')} matches no function in the Lambda inventory`,
      );
    const roleArns = new Set(fns.map((f) => f.role));
    selected = selected.filter((r) => roleArns.has(r.arn));
  }
  return selected;
}

export function selectFunctions(
  functions: readonly LambdaFunction[],
  selection: Selection,
): LambdaFunction[] {
  if (selection.functions.length === 0) return [...functions];
  return functions.filter((f) => matchesAny(selection.functions, f.name, f.arn));
}
