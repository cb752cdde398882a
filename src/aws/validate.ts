/**
 * `--validate`: IAM Access Analyzer on the generated policies. ValidatePolicy checks each document's
 * grammar and AWS's best practices; CheckNoNewAccess checks each generated document (role and per-function)
 * against the role's current identity policies, merged into one document, so that a pare bug that widened
 * a grant shows up.
 */
import {
  CheckNoNewAccessCommand,
  ValidatePolicyCommand,
  type ValidatePolicyCommandOutput,
  type ValidatePolicyFinding,
} from '@aws-sdk/client-accessanalyzer';
import type { Analysis } from '../analysis/analyse.js';
import type { Finding, Severity } from '../model/finding.js';
import type { RoleGrants } from '../model/grants.js';
import type { PolicyDocument } from '../model/policy.js';
import { normalisedGrant } from '../outputs/policy-diff.js';
import { renderPolicy } from '../outputs/policy-json.js';
import { callAws, DEFAULT_RETRY, type RetryPolicy } from './call.js';
import type { AwsClients } from './clients.js';

/** One generated document, named by the file analyze writes it to. */
export interface GeneratedPolicy {
  role: RoleGrants;
  function?: string;
  file: string;
  document: PolicyDocument;
}

export interface Validation {
  findings: Finding[];
  /** One line per role whose generated policy may allow new access: pare's promise broken. */
  warnings: string[];
}

const SEVERITY: Record<string, Severity> = {
  ERROR: 'high',
  SECURITY_WARNING: 'high',
  WARNING: 'medium',
  SUGGESTION: 'low',
};

/** Errors that say the check could not run on these documents (too large, unparsable), not a fault. */
const NOT_CHECKABLE = new Set([
  'ValidationException',
  'InvalidParameterException',
  'UnprocessableEntityException',
]);

/** Every document analyze writes, as `policies/<Role>.json` (or `/<n>.json`) and `functions/<Fn>.json`. */
export function generatedPolicies(analysis: Analysis): GeneratedPolicy[] {
  const files = (
    dir: string,
    name: string,
    documents: readonly PolicyDocument[],
  ): [string, PolicyDocument][] =>
    documents.map((d, i) => [
      documents.length === 1 ? `${dir}/${name}.json` : `${dir}/${name}/${i + 1}.json`,
      d,
    ]);
  return analysis.roles.flatMap((r) => [
    ...files('policies', r.role.name, r.synth.documents).map(([file, document]) => ({
      role: r.role,
      file,
      document,
    })),
    ...r.perFunction.flatMap((f) =>
      files('functions', f.function.name, f.synth.documents).map(([file, document]) => ({
        role: r.role,
        function: f.function.name,
        file,
        document,
      })),
    ),
  ]);
}

/** ValidatePolicy and CheckNoNewAccess on every generated document, per-function ones included. */
export async function validateAnalysis(
  clients: AwsClients,
  analysis: Analysis,
  options: { retry?: RetryPolicy } = {},
): Promise<Validation> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const findings: Finding[] = [];
  const warnings: string[] = [];
  for (const policy of generatedPolicies(analysis)) {
    for (const f of await validatePolicy(clients, policy, retry)) findings.push(toFinding(policy, f));
    // Per-function documents too: each must stay inside the role's current grant.
    const checked = await checkNoNewAccess(clients, policy, retry);
    if (checked) findings.push(checked);
    if (checked?.severity === 'high') warnings.push(checked.message);
  }
  return { findings, warnings };
}

/** All pages of ValidatePolicy's findings for one document. */
export async function validatePolicy(
  clients: AwsClients,
  policy: GeneratedPolicy,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<ValidatePolicyFinding[]> {
  const out: ValidatePolicyFinding[] = [];
  let nextToken: string | undefined;
  do {
    const page: ValidatePolicyCommandOutput = await callAws(
      () =>
        clients.accessAnalyzer().send(
          new ValidatePolicyCommand({
            policyDocument: renderPolicy(policy.document),
            policyType: 'IDENTITY_POLICY',
            ...(nextToken !== undefined ? { nextToken } : {}),
          }),
        ),
      {
        operation: `access-analyzer ValidatePolicy (${policy.file})`,
        requiredAction: 'access-analyzer:ValidatePolicy',
      },
      retry,
    );
    out.push(...(page.findings ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

function toFinding(policy: GeneratedPolicy, f: ValidatePolicyFinding): Finding {
  const type = f.findingType ?? 'WARNING';
  return {
    rule: 'policy-validation',
    severity: SEVERITY[type] ?? 'medium',
    role: policy.role.name,
    ...(policy.function !== undefined ? { function: policy.function } : {}),
    message: `Access Analyzer ${type} ${f.issueCode ?? ''} in ${policy.file}: ${oneLine(f.findingDetails ?? '')}${f.learnMoreLink ? ` (${f.learnMoreLink})` : ''}`,
    evidence: {
      policy: policy.file,
      findingType: type,
      issueCode: f.issueCode ?? null,
      learnMoreLink: f.learnMoreLink ?? null,
      locations: JSON.parse(JSON.stringify(f.locations ?? [])) as unknown,
    },
  };
}

/**
 * "Existing" is the role's identity policies, Allows and Denies, merged: what the generated policy
 * replaces. The permissions boundary stays attached to the role, so it bounds both sides alike and is
 * left out; the generated policy carries the grant's Denies itself.
 */
export async function checkNoNewAccess(
  clients: AwsClients,
  policy: GeneratedPolicy,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<Finding | undefined> {
  // Nothing allowed: nothing new can be.
  if (!policy.document.Statement.some((s) => s.Effect === 'Allow')) return undefined;
  const existing = normalisedGrant(policy.role.policies);
  // The diffs' Sids name the source policy with `:`, which IAM's grammar does not allow.
  const existingText = JSON.stringify({
    Version: existing.Version,
    Statement: existing.Statement.map(({ Sid: _sid, ...statement }) => statement),
  });
  const base = { role: policy.role.name, rule: 'new-access' as const };
  try {
    const out = await callAws(
      () =>
        clients.accessAnalyzer().send(
          new CheckNoNewAccessCommand({
            newPolicyDocument: renderPolicy(policy.document),
            existingPolicyDocument: existingText,
            policyType: 'IDENTITY_POLICY',
          }),
        ),
      {
        operation: `access-analyzer CheckNoNewAccess (${policy.file})`,
        requiredAction: 'access-analyzer:CheckNoNewAccess',
      },
      retry,
    );
    if (out.result !== 'FAIL') return undefined;
    const reasons = (out.reasons ?? []).map(
      (r) => `${oneLine(r.description ?? '')}${r.statementId ? ` (statement ${r.statementId})` : ''}`,
    );
    return {
      ...base,
      severity: 'high',
      message: `Access Analyzer CheckNoNewAccess: ${policy.file} may allow access ${policy.role.name}'s current policies do not${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}. Do not apply it; please report this as a pare bug.`,
      evidence: {
        policy: policy.file,
        message: out.message ?? null,
        reasons: JSON.parse(JSON.stringify(out.reasons ?? [])) as unknown,
      },
    };
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (typeof name !== 'string' || !NOT_CHECKABLE.has(name)) throw error;
    return {
      ...base,
      severity: 'info',
      message: `Access Analyzer CheckNoNewAccess could not compare ${policy.file} with ${policy.role.name}'s current policies (${existingText.length} characters merged): ${name}${error instanceof Error && error.message !== name ? `: ${oneLine(error.message)}` : ''}. Compare them by hand.`,
      evidence: { policy: policy.file, existingCharacters: existingText.length },
    };
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
