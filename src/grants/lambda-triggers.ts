/**
 * What invokes a function, from `aws lambda` outputs: list-event-source-mappings, get-policy (the
 * function's resource-based policy) and list-function-url-configs / get-function-url-config.
 */
import { InputError } from '../errors.js';
import type { EventSourceMapping, FunctionUrlConfig, ResourcePolicy } from '../model/inventory.js';
import { isRecord, pointerJoin, splitArn } from './json-shape.js';
import { normaliseResourcePolicy } from './resource-policy.js';

/** `arn:aws:lambda:r:a:function:name[:qualifier]` → the unqualified ARN, or undefined if not one. */
export function unqualifiedFunctionArn(arn: string): string | undefined {
  const parts = splitArn(arn);
  if (parts?.service !== 'lambda' || !parts.resource.startsWith('function:')) return undefined;
  const name = parts.resource.split(':')[1];
  return name
    ? `arn:${parts.partition}:lambda:${parts.region}:${parts.accountId}:function:${name}`
    : undefined;
}

function functionArnAt(value: unknown, file: string, pointer: string): string {
  const arn = typeof value === 'string' ? unqualifiedFunctionArn(value) : undefined;
  if (!arn) throw new InputError(file, `${JSON.stringify(value)} is not a Lambda function ARN`, pointer);
  return arn;
}

/** The service of an event source ARN; self-managed Kafka has endpoints, no ARN. */
function eventSourceKind(arn: string | undefined): string {
  if (arn === undefined) return 'kafka';
  const service = splitArn(arn)?.service ?? 'unknown';
  // DocumentDB change streams are named by an RDS cluster ARN.
  return service === 'rds' ? 'docdb' : service;
}

export function parseEventSourceMappings(list: unknown[], file: string, base: string): EventSourceMapping[] {
  return list.map((raw, i) => {
    const at = pointerJoin(base, i);
    if (!isRecord(raw) || typeof raw['UUID'] !== 'string')
      throw new InputError(file, 'event source mapping has no UUID', at);
    const source = typeof raw['EventSourceArn'] === 'string' ? raw['EventSourceArn'] : undefined;
    const mapping: EventSourceMapping = {
      uuid: raw['UUID'],
      functionArn: functionArnAt(raw['FunctionArn'], file, pointerJoin(at, 'FunctionArn')),
      kind: eventSourceKind(source),
    };
    if (source) mapping.eventSourceArn = source;
    if (typeof raw['State'] === 'string') mapping.state = raw['State'];
    return mapping;
  });
}

export function parseFunctionUrlConfigs(list: unknown[], file: string, base: string): FunctionUrlConfig[] {
  return list.map((raw, i) => {
    const at = base === '' ? '' : pointerJoin(base, i);
    if (!isRecord(raw) || typeof raw['AuthType'] !== 'string' || typeof raw['FunctionUrl'] !== 'string')
      throw new InputError(file, 'function URL config has no FunctionUrl or AuthType', at);
    return {
      functionArn: functionArnAt(raw['FunctionArn'], file, pointerJoin(at, 'FunctionArn')),
      functionUrl: raw['FunctionUrl'],
      authType: raw['AuthType'],
    };
  });
}

/**
 * `aws lambda get-policy`: `{"Policy": "<json text>", "RevisionId": …}`. The statements name the
 * function in Resource (qualified for an alias or version policy; pare reads them as the function's).
 */
export function parseFunctionPolicy(json: Record<string, unknown>, file: string): ResourcePolicy {
  const statements = normaliseResourcePolicy(json['Policy'], { file, pointer: '/Policy' });
  const arns = new Set(
    statements.flatMap((s) => s.Resource ?? []).map((r) => unqualifiedFunctionArn(r) ?? r),
  );
  const [arn, ...others] = [...arns];
  if (!arn || others.length > 0 || !unqualifiedFunctionArn(arn))
    throw new InputError(
      file,
      `a policy whose Resource is not one Lambda function (${[...arns].join(', ') || 'none'}): pass bucket, queue and topic policies with --resource-policies`,
      '/Policy',
    );
  return { resourceType: 'lambda-function', resourceArn: arn, statements, file };
}
