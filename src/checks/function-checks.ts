/**
 * What a function's configuration says about it: secrets in its environment, its runtime's support,
 * whether infrastructure as code made it, and who shares its role (PureSec's Config rules, Twistlock).
 */
import type { Finding } from '../model/finding.js';
import type { LambdaFunction, RoleGrants, SecretClassifier } from '../model/grants.js';
import { compare } from '../model/order.js';
import type { RoleUsage } from '../model/usage.js';
import type { IacFingerprints, PostureData } from './data.js';
import { sample } from './statements.js';

export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function subject(fn: LambdaFunction): { function: string; role: string } {
  return { function: fn.name, role: roleNameOf(fn.role) };
}

/**
 * One role for several functions: each can do what any of them needs. With usage, each function's
 * own actions say how --per-function splits the role.
 */
export function sharedRoles(
  functions: readonly LambdaFunction[],
  usage: readonly RoleUsage[] | undefined,
): Finding[] {
  const byRole = new Map<string, LambdaFunction[]>();
  for (const fn of functions) byRole.set(fn.role, [...(byRole.get(fn.role) ?? []), fn]);
  const findings: Finding[] = [];
  for (const [roleArn, fns] of [...byRole].sort(([a], [b]) => compare(a, b))) {
    if (fns.length < 2) continue;
    const names = fns.map((f) => f.name).sort(compare);
    const roleUsage = usage?.find((r) => r.roleArn === roleArn);
    const split = roleUsage
      ? Object.fromEntries(
          names.map((name) => {
            const session = roleUsage.sessions.find((s) => s.sessionName === name);
            return [name, [...new Set((session?.accesses ?? []).map((a) => a.action))].sort(compare)];
          }),
        )
      : undefined;
    const role = roleNameOf(roleArn);
    findings.push({
      rule: 'shared-role',
      severity: 'medium',
      role,
      message: split
        ? `${names.length} functions share ${role}, so each may do what any of them needs. In the window they used: ${names.map((n) => `${n}: ${split[n]?.length ? sample(split[n]) : 'nothing'}`).join('; ')}. analyze --per-function writes one policy per function with only its own.`
        : `${names.length} functions share ${role}, so each may do what any of them needs: ${sample(names)}. Give each its own role (analyze --per-function proposes one policy per function from their usage).`,
      evidence: split ? { functions: names, usedActions: split } : { functions: names },
    });
  }
  return findings;
}

export function envSecrets(fn: LambdaFunction, classify: SecretClassifier): Finding[] {
  // Readers with a classifier classified values too; without one, names are all there is.
  const secrets =
    fn.environmentSecrets ??
    fn.environmentVariableNames.flatMap((name) => {
      const found = classify(name, undefined);
      return found ? [{ name, ...found }] : [];
    });
  if (secrets.length === 0) return [];
  return [
    {
      rule: 'env-secret',
      severity: 'high',
      ...subject(fn),
      message: `${fn.name} keeps secrets in plain environment variables: ${secrets.map((s) => `${s.name} (${s.kind})`).join(', ')}. Anyone allowed lambda:GetFunctionConfiguration reads them; keep them in Secrets Manager or Parameter Store and read them at run time. Values are not shown.`,
      evidence: { variables: secrets.map((s) => ({ name: s.name, kind: s.kind, by: s.by })) },
    },
  ];
}

/** `asOf` is the run's date (YYYY-MM-DD): the core has no clock. */
export function deprecatedRuntime(fn: LambdaFunction, data: PostureData, asOf: string): Finding[] {
  const date = fn.runtime ? data.runtimes.get(fn.runtime) : undefined;
  if (!fn.runtime || !date || date > asOf) return [];
  return [
    {
      rule: 'deprecated-runtime',
      severity: 'medium',
      ...subject(fn),
      message: `${fn.name} runs on ${fn.runtime}, deprecated since ${date}: Lambda no longer applies security patches to it and, some months on, blocks creating and then updating functions on it. Move to a supported runtime.`,
      evidence: { runtime: fn.runtime, deprecated: date, asOf, source: data.runtimesSource },
    },
  ];
}

function tagFingerprint(tags: Record<string, string>, iac: IacFingerprints): string | undefined {
  for (const [key, value] of Object.entries(tags)) {
    const k = key.toLowerCase();
    const byKey = iac.tagKeys.find((t) =>
      t.key.endsWith('*') ? k.startsWith(t.key.slice(0, -1)) : k === t.key,
    );
    if (byKey) return `tag ${key} (${byKey.tool})`;
    if (iac.managedBy.keys.includes(k) && iac.managedBy.values.includes(value.toLowerCase()))
      return `tag ${key}=${value}`;
  }
  return undefined;
}

/** The first mark of an IaC tool on the function or its role, or undefined. */
export function iacFingerprint(
  fn: LambdaFunction,
  role: RoleGrants | undefined,
  iac: IacFingerprints,
): string | undefined {
  const roleName = roleNameOf(fn.role);
  return (
    tagFingerprint(fn.tags, iac) ??
    (role ? tagFingerprint(role.tags, iac) : undefined) ??
    iac.functionNames.filter((n) => n.pattern.test(fn.name)).map((n) => `function name (${n.tool})`)[0] ??
    iac.roleNames.filter((n) => n.pattern.test(roleName)).map((n) => `role name (${n.tool})`)[0]
  );
}

export function consoleCreated(
  fn: LambdaFunction,
  role: RoleGrants | undefined,
  iac: IacFingerprints,
): Finding[] {
  if (iacFingerprint(fn, role, iac)) return [];
  const roleName = roleNameOf(fn.role);
  const path = fn.role.slice(fn.role.indexOf(':role/') + 5, fn.role.length - roleName.length);
  const consoleRole =
    path === iac.consoleRole.path &&
    iac.consoleRole.namePattern.exec(roleName)?.groups?.['function'] === fn.name;
  return [
    {
      rule: 'console-created-function',
      severity: 'low',
      ...subject(fn),
      message: `${fn.name} carries no mark of CloudFormation, SAM, Serverless, CDK, Terraform or another IaC tool${consoleRole ? `, and its role ${path}${roleName} is named the way the Lambda console names the roles it creates` : ''}: it was most likely made by hand, with no template to review, restore or redeploy it from.`,
      evidence: { tags: Object.keys(fn.tags).length, consoleNamedRole: consoleRole },
    },
  ];
}
