/**
 * For documentation only: reads a role's Allow statements and sorts each granted action pattern by
 * what the truth says of it: used, used in part (a wildcard of which some actions were used), not
 * observable (CloudTrail never logs it, or a function's configuration needs it), or unused. Resources
 * and conditions are shown, not evaluated: evaluating is pare's job, this only describes the example.
 */
import type { Json, JsonObject } from '../cloudtrail/types.js';
import type { ManagedPolicy, RoleDef } from '../iam/snapshot.js';
import type { FunctionDef } from '../lambda-inventory.js';
import type { ObservedPair } from './expected.js';

export interface GrantStatement {
  policy: string;
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  condition?: JsonObject;
}

/** Actions CloudTrail does not log (CloudTrail and service user guides). */
export const NEVER_LOGGED: Record<string, string> = {
  'logs:PutLogEvents': 'CloudTrail does not log PutLogEvents',
  'xray:PutTraceSegments': 'CloudTrail does not log X-Ray trace uploads',
  'xray:PutTelemetryRecords': 'CloudTrail does not log X-Ray telemetry',
  'iam:PassRole':
    'a permission only: passing a role shows in the call that passes it, never as its own event',
};

const VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** What a function's configuration needs from its execution role, and why. */
export function configNeeds(fn: FunctionDef): { action: string; resource: string; why: string }[] {
  const needs: { action: string; resource: string; why: string }[] = [];
  if (fn.deadLetterTarget) {
    needs.push({
      action: fn.deadLetterTarget.startsWith('arn:aws:sns:') ? 'sns:Publish' : 'sqs:SendMessage',
      resource: fn.deadLetterTarget,
      why: `DeadLetterConfig of ${fn.name}: Lambda sends failed asynchronous events with the execution role; none failed in the window`,
    });
  }
  if (fn.vpc) {
    for (const action of VPC_ACTIONS) {
      needs.push({
        action,
        resource: '*',
        why: `VpcConfig of ${fn.name}: Lambda manages its network interfaces with the execution role (at deployment, before the window)`,
      });
    }
  }
  if (fn.tracing === 'Active') {
    for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) {
      needs.push({ action, resource: '*', why: `TracingConfig Active on ${fn.name}; never logged` });
    }
  }
  if (fn.kmsKeyArn) {
    needs.push({
      action: 'kms:Decrypt',
      resource: fn.kmsKeyArn,
      why: `KMSKeyArn of ${fn.name}: Lambda decrypts the environment at each cold start`,
    });
  }
  return needs;
}

const list = (value: Json | undefined): string[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function statements(policy: string, document: JsonObject): GrantStatement[] {
  const raw = document['Statement'];
  const all = Array.isArray(raw) ? raw : [raw];
  return all.map((s) => {
    const st = s as JsonObject;
    const out: GrantStatement = {
      policy,
      effect: st['Effect'] === 'Deny' ? 'Deny' : 'Allow',
      actions: list(st['Action']),
      resources: list(st['Resource']),
    };
    if (typeof st['Sid'] === 'string') out.sid = st['Sid'];
    if (st['Condition']) out.condition = st['Condition'] as JsonObject;
    return out;
  });
}

const defaultDocument = (p: ManagedPolicy): JsonObject => {
  const v = p.versions.find((x) => x.id === p.defaultVersion);
  if (!v) throw new Error(`${p.name} has no default version`);
  return v.document;
};

export function identityStatements(role: RoleDef): GrantStatement[] {
  return [
    ...role.inline.flatMap((p) => statements(`inline ${p.name}`, p.document)),
    ...role.managed.flatMap((p) =>
      statements(
        p.arn.includes(':aws:policy/') ? `AWS managed ${p.name}` : `managed ${p.name}`,
        defaultDocument(p),
      ),
    ),
  ];
}

export function boundaryStatements(role: RoleDef): GrantStatement[] {
  return role.boundary ? statements(`boundary ${role.boundary.name}`, defaultDocument(role.boundary)) : [];
}

export function globMatch(pattern: string, value: string): boolean {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i').test(value);
}

export type PatternStatus = 'used' | 'partly used' | 'not observable' | 'needed by configuration' | 'unused';

export interface PatternLine {
  statement: GrantStatement;
  pattern: string;
  status: PatternStatus;
  used: string[];
  why?: string;
}

export function classify(
  role: RoleDef,
  observed: readonly ObservedPair[],
  functions: readonly FunctionDef[],
): PatternLine[] {
  const usedActions = [...new Set(observed.map((o) => o.action))].sort();
  const config = functions.flatMap(configNeeds);
  const lines: PatternLine[] = [];
  for (const statement of identityStatements(role)) {
    if (statement.effect !== 'Allow') continue;
    for (const pattern of statement.actions) {
      const used = usedActions.filter((a) => globMatch(pattern, a));
      const wildcard = /[*?]/.test(pattern);
      const line: PatternLine = { statement, pattern, status: 'unused', used };
      if (used.length > 0) line.status = wildcard ? 'partly used' : 'used';
      else if (NEVER_LOGGED[pattern]) {
        line.status = 'not observable';
        line.why = NEVER_LOGGED[pattern];
      } else {
        const need = config.find((n) => globMatch(pattern, n.action));
        if (need) {
          line.status = 'needed by configuration';
          line.why = need.why;
        }
      }
      lines.push(line);
    }
  }
  return lines;
}
