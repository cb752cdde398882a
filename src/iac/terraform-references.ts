/**
 * The module's own references: an ARN of a resource the module defines becomes that resource's
 * attribute (`aws_dynamodb_table.orders.arn`, `"${aws_s3_bucket.receipts.arn}/receipts/*"`), so the
 * patch pastes no account-specific ARN. A resource matches only when its name attribute is a literal
 * (or a known variable) equal to the name in the ARN; a variable whose value is the ARN matches too.
 */
import type { Statement } from '../model/policy.js';
import type { HclValue } from './hcl/values.js';
import type { TfStatement } from './terraform-documents.js';
import { attribute, attributeString, type TfModule } from './terraform-module.js';

/** Which attribute names a resource, per type; types absent here are never referenced. */
const NAME_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_dynamodb_table: 'name',
  aws_sqs_queue: 'name',
  aws_sns_topic: 'name',
  aws_s3_bucket: 'bucket',
  aws_secretsmanager_secret: 'name',
  aws_cloudwatch_log_group: 'name',
  aws_lambda_function: 'function_name',
  aws_kinesis_stream: 'name',
};

export interface TfNamed {
  address: string;
  type: string;
  name: string;
}

export function namedResources(module: TfModule): TfNamed[] {
  return module.resources.flatMap((r) => {
    // With count or for_each the resource is a collection: `.arn` alone would not be one ARN.
    if (attribute(r.block, 'count') || attribute(r.block, 'for_each')) return [];
    const nameAttribute = NAME_ATTRIBUTE[r.type];
    const name = nameAttribute ? attributeString(module, r.block, nameAttribute) : undefined;
    return name === undefined ? [] : [{ address: r.address, type: r.type, name }];
  });
}

const ref = (expression: string): HclValue => ({ reference: expression });
const within = (address: string, rest: string): HclValue =>
  rest === '' ? ref(`${address}.arn`) : ref(`"\${${address}.arn}${rest}"`);

/** The reference for `arn`, or the ARN itself when the module does not define its resource. */
export function tfReferenceFor(arn: string, named: readonly TfNamed[], module: TfModule): HclValue {
  const variable = [...module.variables].find(([, value]) => value === arn);
  if (variable) return ref(`var.${variable[0]}`);
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn;
  const resource = parts.slice(5).join(':');
  const find = (type: string, name: string | undefined): string | undefined => {
    const hits = named.filter((n) => n.type === type && n.name === name);
    return hits.length === 1 ? hits[0]?.address : undefined;
  };
  switch (parts[2]) {
    case 'dynamodb': {
      const m = /^table\/([^/]+)(\/.*)?$/.exec(resource);
      const table = find('aws_dynamodb_table', m?.[1]);
      if (!table) return arn;
      // The stream label changes when the stream is re-created; stream_arn is always the current one.
      if (/^\/stream\/[^/*]+$/.test(m?.[2] ?? '')) return ref(`${table}.stream_arn`);
      return within(table, m?.[2] ?? '');
    }
    case 's3': {
      const cut = resource.indexOf('/');
      const bucket = find('aws_s3_bucket', cut < 0 ? resource : resource.slice(0, cut));
      return bucket ? within(bucket, cut < 0 ? '' : resource.slice(cut)) : arn;
    }
    case 'sqs': {
      const queue = find('aws_sqs_queue', resource);
      return queue ? within(queue, '') : arn;
    }
    case 'sns': {
      const topic = find('aws_sns_topic', resource);
      return topic ? within(topic, '') : arn;
    }
    case 'secretsmanager': {
      // The generated policy matches the secret's random suffix with `-??????`; the ARN attribute is exact.
      const m = /^secret:(.+)-(\?{6}|[A-Za-z0-9]{6})$/.exec(resource);
      const secret = find('aws_secretsmanager_secret', m?.[1]);
      return secret ? within(secret, '') : arn;
    }
    case 'logs': {
      // The provider's log group `arn` has no `:*` suffix, so streams are `${arn}:*`.
      const m = /^log-group:([^:]+)(:.*)?$/.exec(resource);
      const group = find('aws_cloudwatch_log_group', m?.[1]);
      return group ? within(group, m?.[2] ?? '') : arn;
    }
    case 'lambda': {
      const m = /^function:([^:]+)(:.*)?$/.exec(resource);
      const fn = find('aws_lambda_function', m?.[1]);
      return fn ? within(fn, m?.[2] ?? '') : arn;
    }
    case 'kinesis': {
      const m = /^stream\/([^/]+)$/.exec(resource);
      const stream = find('aws_kinesis_stream', m?.[1]);
      return stream ? within(stream, '') : arn;
    }
    default:
      return arn;
  }
}

/** A generated statement with its resources turned into the module's references. */
export function toTfStatement(s: Statement, named: readonly TfNamed[], module: TfModule): TfStatement {
  const refs = (arns: string[]) => arns.map((arn) => tfReferenceFor(arn, named, module));
  const resources = s.NotResource
    ? { key: 'NotResource' as const, values: refs(s.NotResource) }
    : s.Resource
      ? { key: 'Resource' as const, values: refs(s.Resource) }
      : undefined;
  return {
    ...(s.Sid !== undefined ? { sid: s.Sid } : {}),
    effect: s.Effect,
    actions: s.NotAction
      ? { key: 'NotAction', values: s.NotAction }
      : { key: 'Action', values: s.Action ?? [] },
    ...(resources ? { resources } : {}),
    ...(s.Condition ? { condition: s.Condition } : {}),
  };
}

/** The service a generated statement is for (synthesis writes one service per statement). */
export function serviceOf(s: Statement): string {
  const action = (s.Action ?? s.NotAction ?? [])[0] ?? '*';
  return action.includes(':') ? action.slice(0, action.indexOf(':')).toLowerCase() : '*';
}
