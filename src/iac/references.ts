/**
 * The template's own references: an ARN that points at a resource the template defines becomes
 * `GetAtt`/`Ref`/`Join` on that resource, so the patch carries no account-specific ARN. A resource is
 * matched by its literal name property, or by the name CloudFormation generates for it
 * (`<stack>-<LogicalId>-<suffix>`, lower-cased for buckets, truncated for long names).
 */
import { Intrinsic, type IacValue } from './values.js';

export interface TemplateResource {
  logicalId: string;
  type: string;
  /** The literal physical-name property (TableName, QueueName, …), when the template sets one. */
  name?: string;
}

/** Which property names a resource, per type; types absent here are never referenced. */
export const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
};

/** The type given to template Parameters in the index; `name` is their Default. */
export const PARAMETER = 'AWS::CloudFormation::Parameter';

/** CloudFormation's generated names end in a random suffix of letters and digits. */
const SUFFIX = /^[A-Za-z0-9]{8,}$/;
/** Names this long were cut by CloudFormation: only a prefix of the logical id is in them. */
const TRUNCATED_LENGTH = 60;

/** True if `physical` is CloudFormation's generated name for `logicalId` in stack `stack` (when known). */
export function isGeneratedName(physical: string, logicalId: string, stack?: string): boolean {
  const cut = physical.lastIndexOf('-');
  if (cut <= 0 || !SUFFIX.test(physical.slice(cut + 1))) return false;
  // S3 bucket names are lower case, so compare without case.
  const head = physical.slice(0, cut).toLowerCase();
  const id = logicalId.toLowerCase();
  const truncated = physical.length >= TRUNCATED_LENGTH;
  for (let i = head.indexOf('-'); i > 0; i = head.indexOf('-', i + 1)) {
    const stackPart = head.slice(0, i);
    const idPart = head.slice(i + 1);
    const stackOk =
      stack === undefined ||
      stackPart === stack.toLowerCase() ||
      (truncated && stack.toLowerCase().startsWith(stackPart));
    const idOk = idPart === id || (truncated && idPart.length >= 4 && id.startsWith(idPart));
    if (stackOk && idOk) return true;
  }
  return false;
}

/** True if the resource is the one with this physical name (its literal name, or the one CloudFormation generated). */
export function namedBy(resource: TemplateResource, physical: string, stack?: string): boolean {
  if (resource.name !== undefined) {
    return resource.type === 'AWS::S3::Bucket'
      ? resource.name.toLowerCase() === physical.toLowerCase()
      : resource.name === physical;
  }
  return isGeneratedName(physical, resource.logicalId, stack);
}

/** The one resource of these types the name points at; none when several match (ambiguous). */
function find(
  resources: readonly TemplateResource[],
  types: readonly string[],
  physical: string,
  stack?: string,
): TemplateResource | undefined {
  const hits = resources.filter((r) => types.includes(r.type) && namedBy(r, physical, stack));
  return hits.length === 1 ? hits[0] : undefined;
}

const TABLES = ['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable'];
const FUNCTIONS = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];

/** The stack's region and account, when known: a resource elsewhere is never the template's own. */
export interface StackPlace {
  region: string;
  account: string;
}

/** The reference for `arn`, or the ARN itself when the template does not define its resource. */
export function referenceFor(
  arn: string,
  resources: readonly TemplateResource[],
  stack?: string,
  place?: StackPlace,
): IacValue {
  // A parameter whose default is this ARN is where the template configures it.
  const parameter = resources.find((r) => r.type === PARAMETER && r.name === arn);
  if (parameter) return Intrinsic.ref(parameter.logicalId);
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn;
  // S3 ARNs carry neither region nor account; the others must be the stack's.
  if (
    place &&
    ((parts[3] !== '' && parts[3] !== place.region) || (parts[4] !== '' && parts[4] !== place.account))
  )
    return arn;
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  const within = (logicalId: string, rest: string, delimiter: string): IacValue =>
    rest === ''
      ? Intrinsic.getAtt(logicalId, 'Arn')
      : Intrinsic.join(delimiter, [Intrinsic.getAtt(logicalId, 'Arn'), rest]);
  switch (service) {
    case 'dynamodb': {
      const m = /^table\/([^/]+)(?:\/(.*))?$/.exec(resource);
      const table = m?.[1] !== undefined ? find(resources, TABLES, m[1], stack) : undefined;
      if (!m || !table) return arn;
      const rest = m[2] ?? '';
      // The stream label changes when the stream is re-created; StreamArn is always the current one.
      if (/^stream\/[^/*]+$/.test(rest)) return Intrinsic.getAtt(table.logicalId, 'StreamArn');
      return within(table.logicalId, rest, '/');
    }
    case 's3': {
      const [bucketName = '', ...key] = resource.split('/');
      const bucket = find(resources, ['AWS::S3::Bucket'], bucketName, stack);
      return bucket ? within(bucket.logicalId, key.join('/'), '/') : arn;
    }
    case 'sqs': {
      const queue = find(resources, ['AWS::SQS::Queue'], resource, stack);
      return queue ? Intrinsic.getAtt(queue.logicalId, 'Arn') : arn;
    }
    case 'sns': {
      // Ref of a topic is its ARN.
      const topic = find(resources, ['AWS::SNS::Topic'], resource, stack);
      return topic ? Intrinsic.ref(topic.logicalId) : arn;
    }
    case 'kinesis': {
      const m = /^stream\/([^/]+)$/.exec(resource);
      const stream =
        m?.[1] !== undefined ? find(resources, ['AWS::Kinesis::Stream'], m[1], stack) : undefined;
      return stream ? Intrinsic.getAtt(stream.logicalId, 'Arn') : arn;
    }
    case 'lambda': {
      const m = /^function:([^:]+)(?::(.*))?$/.exec(resource);
      const fn = m?.[1] !== undefined ? find(resources, FUNCTIONS, m[1], stack) : undefined;
      return m && fn ? within(fn.logicalId, m[2] ?? '', ':') : arn;
    }
    default:
      return arn;
  }
}
