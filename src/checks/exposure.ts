/**
 * Resource policies anyone gets through (function policies and URLs, bucket, queue and topic policies),
 * and event-source buckets anyone can read or write, which lets anyone feed the function its input.
 */
import { ACTION_GLOB, globIntersects } from '../grants/glob.js';
import type { Finding } from '../model/finding.js';
import type { LambdaFunction } from '../model/grants.js';
import type { PostureInventory, ResourcePolicy, ResourcePolicyStatement } from '../model/inventory.js';
import { compare } from '../model/order.js';
import type { PublicAccessRules } from './data.js';
import { roleNameOf } from './function-checks.js';
import { isFunctionUrlStatement, isOpen, statementName } from './principals.js';
import type { Trigger } from './triggers.js';

function actionsOf(statement: ResourcePolicyStatement): string {
  return statement.Action
    ? statement.Action.join(', ')
    : `every action but ${statement.NotAction?.join(', ') ?? ''}`;
}

function openStatements(
  policy: ResourcePolicy,
  rules: PublicAccessRules,
): { statement: ResourcePolicyStatement; name: string }[] {
  return policy.statements
    .map((statement, i) => ({ statement, name: statementName(statement, i) }))
    .filter(({ statement }) => isOpen(statement, rules));
}

/** The function's own policy and URL. */
export function functionExposure(
  fn: LambdaFunction,
  inventory: PostureInventory,
  rules: PublicAccessRules,
): Finding[] {
  const policy = inventory.resourcePolicies.find(
    (p) => p.resourceType === 'lambda-function' && p.resourceArn === fn.arn,
  );
  const open = policy ? openStatements(policy, rules) : [];
  const urlStatements = open.filter(({ statement }) => isFunctionUrlStatement(statement, rules));
  const invoke = open.filter(({ statement }) => !isFunctionUrlStatement(statement, rules));
  // AuthType NONE opens a URL only if the policy lets everyone in; an unknown policy may.
  const urls = inventory.functionUrls.filter(
    (u) => u.functionArn === fn.arn && u.authType === 'NONE' && (!policy || urlStatements.length > 0),
  );
  if (invoke.length === 0 && urls.length === 0 && urlStatements.length === 0) return [];
  const parts: string[] = [];
  if (invoke.length > 0)
    parts.push(
      `its policy lets anyone ${invoke.map(({ statement, name }) => `${actionsOf(statement)} (${name})`).join('; ')}, with no condition on the source account or ARN`,
    );
  for (const url of urls)
    parts.push(
      `its function URL ${url.functionUrl} has AuthType NONE${policy ? ` and ${urlStatements.map((u) => u.name).join(', ')} let anyone on the internet call it` : '; if its policy (not given) lets * invoke it, anyone on the internet can call it'}`,
    );
  if (urls.length === 0 && urlStatements.length > 0)
    parts.push(
      `${urlStatements.map((u) => u.name).join(', ')} let anyone call its function URL if it has one with AuthType NONE`,
    );
  return [
    {
      rule: 'public-resource-policy',
      severity: 'high',
      function: fn.name,
      role: roleNameOf(fn.role),
      resources: [fn.arn, ...urls.map((u) => u.functionUrl)],
      message: `${fn.name} can be invoked by anyone: ${parts.join('; ')}.`,
      evidence: {
        statements: [...invoke, ...urlStatements].map(({ name }) => name),
        ...(urls.length > 0 ? { functionUrls: urls.map((u) => u.functionUrl) } : {}),
        ...(policy ? { policyFile: policy.file } : {}),
      },
    },
  ];
}

const KIND_NAME: Record<ResourcePolicy['resourceType'], string> = {
  'lambda-function': 'function',
  's3-bucket': 'bucket',
  'sqs-queue': 'queue',
  'sns-topic': 'topic',
};

/** Bucket, queue and topic policies given to the run, each named with the functions it triggers. */
export function resourceExposure(
  inventory: PostureInventory,
  eventSourcesOf: (arn: string) => string[],
  rules: PublicAccessRules,
): Finding[] {
  const findings: Finding[] = [];
  for (const policy of inventory.resourcePolicies) {
    if (policy.resourceType === 'lambda-function') continue;
    const open = openStatements(policy, rules);
    if (open.length === 0) continue;
    const fns = eventSourcesOf(policy.resourceArn);
    const what = `${KIND_NAME[policy.resourceType]} ${policy.resourceArn}`;
    findings.push({
      rule: 'public-resource-policy',
      severity: 'high',
      resources: [policy.resourceArn],
      actions: [...new Set(open.flatMap(({ statement }) => statement.Action ?? []))].sort(compare),
      message: `The policy of ${what} lets anyone ${open.map(({ statement, name }) => `${actionsOf(statement)} (${name})`).join('; ')}, with no condition on the source account, ARN or network${fns.length > 0 ? `; it is an event source of ${fns.join(', ')}` : ''}.`,
      evidence: { statements: open.map(({ name }) => name), policyFile: policy.file, eventSourceOf: fns },
    });
  }
  return findings;
}

function bucketOf(arn: string): string | undefined {
  const m = /^arn:[^:]+:s3:::([^/]+)$/.exec(arn);
  return m?.[1];
}

/** S3 buckets that trigger the function and that anyone may read or write (policy or ACL). */
export function publicEventSourceBuckets(
  fn: LambdaFunction,
  triggers: readonly Trigger[],
  inventory: PostureInventory,
  rules: PublicAccessRules,
): Finding[] {
  const sources = new Map<string, string>();
  for (const t of triggers) {
    const bucket = t.kind === 's3' && t.source ? bucketOf(t.source) : undefined;
    if (bucket && t.source) sources.set(bucket, t.source);
  }
  const findings: Finding[] = [];
  for (const [bucket, arn] of [...sources].sort(([a], [b]) => compare(a, b))) {
    const how: string[] = [];
    for (const policy of inventory.resourcePolicies) {
      if (policy.resourceType !== 's3-bucket' || bucketOf(policy.resourceArn) !== bucket) continue;
      for (const { statement, name } of openStatements(policy, rules)) {
        const data = statement.NotAction
          ? true
          : (statement.Action ?? []).some((a) =>
              rules.bucketDataActions.some((d) => globIntersects(a, d, ACTION_GLOB)),
            );
        if (data) how.push(`bucket policy ${name} (${actionsOf(statement)})`);
      }
    }
    for (const acl of inventory.bucketAcls) {
      if (acl.bucket !== bucket) continue;
      for (const grant of acl.grants) {
        const group = rules.publicGrantees.find((g) => g.uri === grant.grantee);
        if (group) how.push(`ACL grant ${grant.permission} to ${group.name}`);
      }
    }
    if (how.length === 0) continue;
    findings.push({
      rule: 'public-event-source-bucket',
      severity: 'high',
      function: fn.name,
      role: roleNameOf(fn.role),
      resources: [arn],
      message: `${bucket}, an S3 event source of ${fn.name}, is open to anyone: ${how.join('; ')}. Anyone can read what lands there or drop objects that trigger the function.`,
      evidence: { bucket, grants: how },
    });
  }
  return findings;
}
