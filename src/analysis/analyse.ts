import { postureFindings, type CodeScan, type PostureData } from '../checks/index.js';
import { roleFindings, runFindings, sortFindings } from '../diff/findings.js';
import type { Finding } from '../model/finding.js';
import type { LambdaFunction, RoleGrants } from '../model/grants.js';
import type { PostureInventory } from '../model/inventory.js';
import type { RoleLastAccessed } from '../model/last-accessed.js';
import type { RoleUsage, SessionUsage, UsageModel } from '../model/usage.js';
import { iamActivity, type IamActivity } from '../synth/last-accessed.js';
import { synthesise, type SynthContext, type SynthResult } from '../synth/synthesise.js';
import { compare } from '../model/order.js';

export interface FunctionAnalysis {
  function: LambdaFunction;
  usage?: SessionUsage;
  synth: SynthResult;
}

export interface RoleAnalysis {
  role: RoleGrants;
  usage?: RoleUsage;
  functions: LambdaFunction[];
  synth: SynthResult;
  /** One per function when --per-function and several functions share the role. */
  perFunction: FunctionAnalysis[];
}

export interface Analysis {
  usage: UsageModel;
  roles: RoleAnalysis[];
  findings: Finding[];
  /** Roles that made calls in the window but are not in the IAM snapshot: nothing to compare against. */
  rolesWithoutGrants: string[];
}

export interface AnalysisInput {
  usage: UsageModel;
  /** Every role of the snapshot, and the ones this run analyses. */
  snapshotRoles: readonly RoleGrants[];
  selectedRoles: readonly RoleGrants[];
  functions: readonly LambdaFunction[];
  /** The posture checks' inputs: with them, the findings include pare audit's. */
  posture?: { data: PostureData; inventory: PostureInventory; code: readonly CodeScan[]; asOf: string };
  /** IAM's last-accessed data per role (--last-accessed, or live): dates in findings, gaps kept. */
  lastAccessed?: readonly RoleLastAccessed[];
}

function roleKey(accountId: string, name: string): string {
  return `${accountId}/${name}`;
}

/** Usage against grants, role by role: the policies, the verdicts and the findings. Pure. */
export function analyse(
  input: AnalysisInput,
  context: SynthContext,
  options: { perFunction: boolean },
): Analysis {
  const { usage, functions } = input;
  const usageByRole = new Map(usage.roles.map((r) => [roleKey(r.accountId, r.roleName), r]));
  const lastAccessed = new Map((input.lastAccessed ?? []).map((r) => [r.roleArn, r]));
  const findings: Finding[] = [];
  const analyses: RoleAnalysis[] = [];
  for (const role of [...input.selectedRoles].sort((a, b) => compare(a.arn, b.arn))) {
    const roleUsage = usageByRole.get(roleKey(role.accountId, role.name));
    const roleFunctions = functions
      .filter((f) => f.role === role.arn)
      .sort((a, b) => compare(a.name, b.name));
    const report = lastAccessed.get(role.arn);
    // Role-wide: IAM does not tell functions apart, so a gap of the role is one of each function.
    const activity: { iamActivity?: IamActivity } = report
      ? {
          iamActivity: iamActivity(report.services, usage.window, [
            ...(roleUsage?.accesses ?? []).map((a) => a.action),
            ...(roleUsage?.denied ?? []).map((d) => d.action),
          ]),
        }
      : {};
    const synth = synthesise(
      {
        role,
        accesses: roleUsage?.accesses ?? [],
        unmapped: roleUsage?.unmapped ?? [],
        functions: roleFunctions,
        ...activity,
      },
      context,
    );
    const perFunction: FunctionAnalysis[] = [];
    if (options.perFunction && roleFunctions.length > 1) {
      for (const fn of roleFunctions) {
        const session = roleUsage?.sessions.find((s) => s.sessionName === fn.name);
        const fnSynth = synthesise(
          {
            role,
            accesses: session?.accesses ?? [],
            unmapped: session?.unmapped ?? [],
            functions: [fn],
            ...activity,
          },
          context,
        );
        const analysis: FunctionAnalysis = { function: fn, synth: fnSynth };
        if (session) analysis.usage = session;
        perFunction.push(analysis);
      }
    }
    const analysis: RoleAnalysis = { role, functions: roleFunctions, synth, perFunction };
    if (roleUsage) analysis.usage = roleUsage;
    analyses.push(analysis);
    findings.push(...roleFindings(role, roleUsage, synth, activity.iamActivity));
  }
  const known = new Set(input.snapshotRoles.map((r) => roleKey(r.accountId, r.name)));
  const rolesWithoutGrants = usage.roles
    .filter((r) => !known.has(roleKey(r.accountId, r.roleName)))
    .map((r) => r.roleArn)
    .sort(compare);
  findings.push(...runFindings(usage));
  if (input.posture) {
    const { data, inventory, code, asOf } = input.posture;
    const roles = input.selectedRoles;
    findings.push(
      ...postureFindings(
        { roles, functions, inventory, code, asOf, usage: usage.roles },
        data,
        context.catalog,
      ),
    );
  }
  return { usage, roles: analyses, findings: sortFindings(findings), rolesWithoutGrants };
}
