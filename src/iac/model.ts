/**
 * What `pare patch` works on: the IaC files' texts and, per analysed role, the generated policies and
 * the evidence summary from an earlier `pare analyze --out`. Patchers are pure: texts in, texts out.
 */
import type { Finding } from '../model/finding.js';
import type { PolicyDocument } from '../model/policy.js';
import type { SamPolicyTemplate } from './sam-policy-templates.js';

export type IacKind = 'cloudformation' | 'serverless' | 'terraform';

export interface IacFile {
  /** Relative to the --iac directory, with `/` separators: the path the patch names. */
  path: string;
  text: string;
}

/** What the evidence file says about a role, reduced to what a patch header prints. */
export interface EvidenceSummary {
  /** Calls seen in the window per generated statement Sid (statements kept without evidence are absent). */
  callsBySid: Record<string, number>;
  /** Calls in the window per function, when analyze split the role per function. */
  callsByFunction: Record<string, number>;
  /** Granted actions no call in the window used, per service: names, or a count for a whole service. */
  unused: Record<string, string[] | number>;
}

export interface RoleTarget {
  name: string;
  arn: string;
  tags: Record<string, string>;
  /** Function names (physical) that use the role. */
  functions: string[];
  policy: PolicyDocument;
  /** Per-function policies, when analyze ran with --per-function. */
  perFunction: Record<string, PolicyDocument>;
  evidence: EvidenceSummary;
}

/** `--map RoleName=path#LogicalId`: the user says where a role is defined. */
export interface RoleOverride {
  role: string;
  path: string;
  logicalId: string;
}

export type ResolvedBy =
  | 'override'
  | 'tags'
  | 'role-name'
  /** Terraform `name_prefix` plus the 26-digit suffix Terraform appends. */
  | 'name-prefix'
  | 'stack-naming'
  | 'sam-implicit-role'
  | 'serverless-naming'
  /** A role serverless-iam-roles-per-function created for one function (`<service>-<stage>-<key>-<region>-lambdaRole`). */
  | 'per-function-naming';

export interface Resolution {
  role: string;
  path: string;
  /** The resource (CloudFormation) or `provider` / the function key (Serverless) the grants live in. */
  logicalId: string;
  by: ResolvedBy;
}

/** One changed file: its old and new text and what was done to it, for the patch header. */
export interface FileChange {
  path: string;
  kind: IacKind;
  before: string;
  after: string;
  resolutions: Resolution[];
  /** One line per edit, e.g. `RideRecordRole: Policies replaced (4 statements)`. */
  edits: string[];
}

export interface PatcherResult {
  change?: FileChange;
  resolutions: Resolution[];
  /** What the patcher saw and deliberately left alone (a public website bucket), for the user. */
  notes?: string[];
}

/** What the analysis says beyond the roles, and the data some patchers use. */
export interface PatchContext {
  /** findings.json of the analysis: public bucket policies the IaC defines are removed. */
  findings: readonly Finding[];
  /** SAM policy templates (mappings/sam-policy-templates.json): a narrower template in place of statements. */
  samPolicyTemplates: readonly SamPolicyTemplate[];
  /** Every file under --iac, for kinds whose definitions span files (a Terraform module's directory). */
  files?: readonly IacFile[];
}

export const EMPTY_CONTEXT: PatchContext = { findings: [], samPolicyTemplates: [] };

/** One patcher per IaC kind (Terraform and CDK slot in here). */
export interface IacPatcher {
  kind: IacKind;
  /** Whether the file is this kind's (by name and content); cheap. */
  accepts(file: IacFile): boolean;
  patch(
    file: IacFile,
    roles: readonly RoleTarget[],
    overrides: readonly RoleOverride[],
    context?: PatchContext,
  ): PatcherResult;
}
