/**
 * `pare analyze --iac DIR`: which IaC file and line defines each analysed role and function, found the
 * way `pare patch` finds them (its patchers' resolutions, then cdk.out), for SARIF and the report.
 */
import type { Analysis } from '../analysis/analyse.js';
import { planCdk } from '../iac/cdk.js';
import { locateFunction, locateResolution, type IacLocations, type SourceLocation } from '../iac/locate.js';
import type { IacFile, RoleTarget } from '../iac/model.js';
import { planPatches } from '../iac/patch.js';
import { readCdkInputs } from './cdk-inputs.js';
import { PATCHERS, readIacFiles } from './patch.js';

function target(r: Analysis['roles'][number]): RoleTarget {
  return {
    name: r.role.name,
    arn: r.role.arn,
    tags: r.role.tags,
    functions: r.functions.map((f) => f.name),
    policy: { Version: '2012-10-17', Statement: r.synth.documents.flatMap((d) => d.Statement) },
    perFunction: {},
    evidence: { callsBySid: {}, callsByFunction: {}, unused: {} },
  };
}

export async function locateIac(root: string, analysis: Analysis): Promise<IacLocations> {
  // readIacFiles first: it turns a missing directory into a usage error.
  const files = await readIacFiles(root);
  const cdk = await readCdkInputs(root);
  const targets = analysis.roles.map(target);
  const plan = planPatches(files, targets, [], PATCHERS);
  const open = targets.filter((t) => plan.unresolved.includes(t.name));
  const cdkPlan = planCdk(cdk.assemblies, cdk.sources, open, []);
  const all: IacFile[] = [...files, ...cdk.assemblies.flatMap((a) => a.templates)];
  const byPath = new Map(all.map((f) => [f.path, f]));
  const roles: Record<string, SourceLocation> = {};
  for (const resolution of [...plan.resolutions, ...cdkPlan.resolutions]) {
    const file = byPath.get(resolution.path);
    const at = file ? locateResolution(file, resolution) : undefined;
    if (at && !roles[resolution.role]) roles[resolution.role] = at;
  }
  const functions: Record<string, SourceLocation> = {};
  for (const fn of analysis.roles.flatMap((r) => r.functions)) {
    const at = locateFunction(all, fn);
    if (at) functions[fn.name] = at;
  }
  return { root, roles, functions };
}
