/**
 * What invokes a function: its event source mappings, the principals of its resource policy and its
 * URL. PureSec's rule 3 flags a function with more than one kind (each kind is a different input to
 * validate, and a reason the role grows).
 */
import { ACTION_GLOB, globMatches } from '../grants/glob.js';
import type { Finding } from '../model/finding.js';
import type { LambdaFunction } from '../model/grants.js';
import type { PostureInventory, ResourcePolicyStatement } from '../model/inventory.js';
import { compare } from '../model/order.js';
import type { PublicAccessRules } from './data.js';
import { roleNameOf } from './function-checks.js';
import { isFunctionUrlStatement, sourceArns, statementName } from './principals.js';

export interface Trigger {
  /** `sqs`, `dynamodb`, `s3`, `sns`, `apigateway`, `events`, `function-url`, `aws-account`, `public` … */
  kind: string;
  /** How it was seen, for messages: `event source mapping <uuid>`, `policy statement <sid>`. */
  via: string;
  /** The event source's ARN, when known. */
  source?: string;
}

const INVOKE = ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'];

function invokes(statement: ResourcePolicyStatement): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.NotAction)
    return !INVOKE.every((a) => statement.NotAction?.some((p) => globMatches(p, a, ACTION_GLOB)));
  return INVOKE.some((a) => (statement.Action ?? []).some((p) => globMatches(p, a, ACTION_GLOB)));
}

function serviceOfArn(arn: string): string | undefined {
  return arn.startsWith('arn:') ? arn.split(':')[2] : undefined;
}

function principalKinds(statement: ResourcePolicyStatement, rules: PublicAccessRules): string[] {
  if (isFunctionUrlStatement(statement, rules)) return ['function-url'];
  const kinds: string[] = [];
  for (const [type, values] of Object.entries(statement.Principal ?? {})) {
    for (const value of values) {
      if (type === 'Service') kinds.push(value.replace(/\.amazonaws\.com(\.cn)?$/, ''));
      else if (value === '*')
        kinds.push(
          sourceArns(statement)
            .map(serviceOfArn)
            .find((s) => s) ?? 'public',
        );
      else kinds.push(type === 'AWS' ? 'aws-account' : type.toLowerCase());
    }
  }
  if (statement.NotPrincipal) kinds.push('public');
  return kinds;
}

export function triggersOf(
  fn: LambdaFunction,
  inventory: PostureInventory,
  rules: PublicAccessRules,
): Trigger[] {
  const triggers: Trigger[] = [];
  for (const m of inventory.eventSourceMappings) {
    if (m.functionArn !== fn.arn) continue;
    triggers.push({
      kind: m.kind,
      via: `event source mapping ${m.uuid}`,
      ...(m.eventSourceArn ? { source: m.eventSourceArn } : {}),
    });
  }
  for (const policy of inventory.resourcePolicies) {
    if (policy.resourceType !== 'lambda-function' || policy.resourceArn !== fn.arn) continue;
    policy.statements.forEach((statement, i) => {
      if (!invokes(statement)) return;
      const [source] = sourceArns(statement);
      for (const kind of principalKinds(statement, rules))
        triggers.push({ kind, via: `policy ${statementName(statement, i)}`, ...(source ? { source } : {}) });
    });
  }
  for (const url of inventory.functionUrls) {
    if (url.functionArn === fn.arn)
      triggers.push({
        kind: 'function-url',
        via: `function URL (AuthType ${url.authType})`,
        source: url.functionUrl,
      });
  }
  return triggers;
}

export function manyTriggerTypes(fn: LambdaFunction, triggers: readonly Trigger[]): Finding[] {
  const kinds = [...new Set(triggers.map((t) => t.kind))].sort(compare);
  if (kinds.length < 2) return [];
  return [
    {
      rule: 'many-trigger-types',
      severity: 'low',
      function: fn.name,
      role: roleNameOf(fn.role),
      message: `${fn.name} is triggered by ${kinds.length} kinds of event source (${kinds
        .map(
          (k) =>
            `${k}: ${triggers
              .filter((t) => t.kind === k)
              .map((t) => t.via)
              .join(', ')}`,
        )
        .join(
          '; ',
        )}): each is an input to validate and a reason its role grows; one function per trigger keeps both small.`,
      evidence: { triggers: triggers.map((t) => ({ ...t })) },
    },
  ];
}
