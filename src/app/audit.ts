import { awsClients, type AwsSettings } from '../aws/clients.js';
import { loadCatalog } from '../catalog/load.js';
import { postureFindings, secretClassifier, type CodeScan } from '../checks/index.js';
import { loadPostureData } from '../data/posture.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../model/finding.js';
import { renderJson } from '../outputs/policy-json.js';
import { readCodePackages } from './code-packages.js';
import { readGrantFiles } from './inventory.js';
import { liveGrants } from './live.js';
import { writeOutputDir } from './output-dir.js';
import { selectFunctions, selectRoles, type Selection } from './select.js';

export interface AuditOptions {
  iam: string[];
  lambda: string[];
  resourcePolicies: string[];
  code: string[];
  selection: Selection;
  /** The date runtimes are checked against (YYYY-MM-DD); the CLI passes today. */
  asOf: string;
  out?: string;
  /** Read IAM and Lambda (in `regions` or every enabled region) from AWS instead of iam/lambda. */
  live?: boolean;
  regions?: string[];
  aws?: AwsSettings;
}

export interface AuditRun {
  findings: Finding[];
  roles: string[];
  functions: string[];
  code: CodeScan[];
}

/** `pare audit`: the posture checks alone, from the IAM snapshot, the Lambda inventory and packages. */
export async function runAudit(options: AuditOptions): Promise<AuditRun> {
  if (options.live === true && (options.iam.length > 0 || options.lambda.length > 0))
    throw new UsageError('--live reads the grants from AWS: leave out --iam and --lambda');
  if (options.regions !== undefined && options.live !== true)
    throw new UsageError('--regions is for --live (the regions whose Lambda functions are read)');
  if (options.iam.length === 0 && options.lambda.length === 0 && options.live !== true)
    throw new UsageError(
      'audit needs --iam FILE (aws iam get-account-authorization-details) and/or --lambda FILE (aws lambda list-functions …)',
    );
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new UsageError(`audit date ${options.asOf} is not YYYY-MM-DD`);
  const [catalog, data] = await Promise.all([loadCatalog(), loadPostureData()]);
  const classify = secretClassifier(data.secrets);
  const grants =
    options.live === true
      ? await liveGrants(
          awsClients(options.aws ?? {}),
          {
            ...(options.regions !== undefined ? { regions: options.regions } : {}),
            resourcePolicies: options.resourcePolicies,
          },
          classify,
        )
      : await readGrantFiles(
          { iam: options.iam, lambda: options.lambda, resourcePolicies: options.resourcePolicies },
          classify,
        );
  const roles = selectRoles(grants.roles, grants.functions, options.selection);
  // With --role, the functions of the roles chosen; with --function, those functions.
  const roleArns = new Set(roles.map((r) => r.arn));
  const functions = selectFunctions(grants.functions, options.selection).filter(
    (f) => options.selection.roles.length === 0 || roleArns.has(f.role),
  );
  const code = await readCodePackages(
    options.code,
    new Set(grants.functions.map((f) => f.name)),
    data.secrets,
  );
  const findings = postureFindings(
    { roles, functions, inventory: grants.inventory, code, asOf: options.asOf },
    data,
    catalog,
  );
  const run: AuditRun = {
    findings,
    roles: roles.map((r) => r.name),
    functions: functions.map((f) => f.name),
    code,
  };
  if (options.out) {
    const manifest = {
      tool: 'pare',
      command: 'audit',
      asOf: options.asOf,
      inputs: {
        iam: options.iam,
        lambda: options.lambda,
        resourcePolicies: options.resourcePolicies,
        code: options.code,
        ...(options.live === true ? { live: { regions: options.regions ?? 'enabled' } } : {}),
      },
      catalogVersion: catalog.version,
      roles: run.roles,
      functions: run.functions,
      codePackages: code.map((c) => ({
        package: c.package,
        location: c.location,
        files: c.files,
        unreadable: c.unreadable,
      })),
    };
    await writeOutputDir(
      options.out,
      new Map([
        ['findings.json', renderJson(findings)],
        ['pare.json', renderJson(manifest)],
      ]),
    );
  }
  return run;
}
