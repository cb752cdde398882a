/**
 * Generated statements as CDK TypeScript: `fn.addToRolePolicy(new iam.PolicyStatement({ … }))`, with an
 * ARN written as the stack's own construct attribute (`metricsStream.streamArn`,
 * `` `${bucket.bucketArn}/rides/*` ``) when the template defines its resource, else as the literal ARN.
 */
import type { Statement } from '../model/policy.js';
import type { CdkResource } from './cdk-assembly.js';
import { constructId } from './cdk-assembly.js';
import { NAME_PROPERTY, referenceFor, type TemplateResource } from './references.js';
import { Intrinsic, type IacValue } from './values.js';

/** The L2 interface and ARN attributes per resource type: what a parameter is typed as and read from. */
const CONSTRUCTS: Readonly<
  Record<string, { module: string; type: string; attributes: Record<string, string> }>
> = {
  'AWS::DynamoDB::Table': {
    module: 'dynamodb',
    type: 'ITable',
    attributes: { Arn: 'tableArn', StreamArn: 'tableStreamArn!' },
  },
  'AWS::S3::Bucket': { module: 's3', type: 'IBucket', attributes: { Arn: 'bucketArn' } },
  'AWS::SQS::Queue': { module: 'sqs', type: 'IQueue', attributes: { Arn: 'queueArn' } },
  'AWS::SNS::Topic': { module: 'sns', type: 'ITopic', attributes: { Ref: 'topicArn' } },
  'AWS::Kinesis::Stream': { module: 'kinesis', type: 'IStream', attributes: { Arn: 'streamArn' } },
  'AWS::Lambda::Function': { module: 'lambda', type: 'IFunction', attributes: { Arn: 'functionArn' } },
};

export interface ConstructParameter {
  variable: string;
  /** `kinesis.IStream`. */
  type: string;
  module: string;
  constructId: string;
  constructPath: string;
}

/** `DailyReporter` → `dailyReporter`; a valid identifier whatever the id holds. */
export function variableName(id: string): string {
  const word = id.replace(/[^A-Za-z0-9_$]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
  const name = word.charAt(0).toLowerCase() + word.slice(1);
  return /^[A-Za-z_$]/.test(name) ? name : `_${name}`;
}

export function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function templatePart(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
}

/** Maps template references to construct variables; records each construct it uses. */
export class ConstructReferences {
  private readonly index: TemplateResource[];
  private readonly byId: Map<string, CdkResource>;
  readonly used = new Map<string, ConstructParameter>();

  constructor(
    resources: readonly CdkResource[],
    private readonly stack: string,
    private readonly taken: Set<string>,
  ) {
    this.byId = new Map(resources.map((r) => [r.logicalId, r]));
    this.index = resources.flatMap((r) => {
      if (!CONSTRUCTS[r.type] || r.constructPath === undefined) return [];
      const property = NAME_PROPERTY[r.type];
      const name = property ? r.properties[property] : undefined;
      return [{ logicalId: r.logicalId, type: r.type, ...(typeof name === 'string' ? { name } : {}) }];
    });
  }

  private attribute(logicalId: string, attribute: string): string | undefined {
    const resource = this.byId.get(logicalId);
    const construct = resource ? CONSTRUCTS[resource.type] : undefined;
    const property = construct?.attributes[attribute];
    if (!resource?.constructPath || !construct || property === undefined) return undefined;
    let parameter = this.used.get(logicalId);
    if (!parameter) {
      const id = constructId(resource.constructPath);
      let variable = variableName(id);
      if (this.taken.has(variable)) variable = variableName(logicalId);
      this.taken.add(variable);
      parameter = {
        variable,
        type: `${construct.module}.${construct.type}`,
        module: construct.module,
        constructId: id,
        constructPath: resource.constructPath.replace(/\/Resource$/, ''),
      };
      this.used.set(logicalId, parameter);
    }
    return `${parameter.variable}.${property}`;
  }

  private expression(value: IacValue, arn: string): string {
    if (value instanceof Intrinsic) {
      const [first, second] = value.args;
      if (value.fn === 'GetAtt' && typeof first === 'string' && typeof second === 'string')
        return this.attribute(first, second) ?? quote(arn);
      if (value.fn === 'Ref' && typeof first === 'string') return this.attribute(first, 'Ref') ?? quote(arn);
      const parts = Array.isArray(second) ? (second as readonly IacValue[]) : [];
      const [head, ...rest] = parts;
      if (
        value.fn === 'Join' &&
        typeof first === 'string' &&
        head instanceof Intrinsic &&
        head.fn === 'GetAtt' &&
        rest.every((p) => typeof p === 'string')
      ) {
        const base = this.expression(head, arn);
        if (base.startsWith("'")) return quote(arn);
        return `\`\${${base}}${templatePart(first + rest.join(first))}\``;
      }
    }
    return quote(arn);
  }

  /** The TypeScript expression for an ARN. */
  arn(arn: string): string {
    return this.expression(referenceFor(arn, this.index, this.stack), arn);
  }
}

function list(items: readonly string[], indent: string): string {
  const inline = `[${items.join(', ')}]`;
  if (inline.length + indent.length < 90) return inline;
  return `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`;
}

function conditions(condition: NonNullable<Statement['Condition']>, indent: string): string {
  const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k));
  const inner = `${indent}  `;
  const operators = Object.entries(condition).map(([operator, keys]) => {
    const entries = Object.entries(keys).map(([k, values]) => {
      const value =
        values.length === 1 && values[0] !== undefined
          ? quote(values[0])
          : list(values.map(quote), `${inner}  `);
      return `${inner}  ${key(k)}: ${value},`;
    });
    return `${inner}${key(operator)}: {\n${entries.join('\n')}\n${inner}},`;
  });
  return `{\n${operators.join('\n')}\n${indent}}`;
}

/** One `new iam.PolicyStatement({ … })`, indented for a call at `indent`. */
export function policyStatement(statement: Statement, refs: ConstructReferences, indent: string): string {
  const inner = `${indent}    `;
  const lines: string[] = [];
  if (statement.Sid !== undefined) lines.push(`sid: ${quote(statement.Sid)},`);
  lines.push(`effect: iam.Effect.${statement.Effect === 'Deny' ? 'DENY' : 'ALLOW'},`);
  if (statement.Action) lines.push(`actions: ${list(statement.Action.map(quote), inner)},`);
  if (statement.NotAction) lines.push(`notActions: ${list(statement.NotAction.map(quote), inner)},`);
  if (statement.Resource)
    lines.push(
      `resources: ${list(
        statement.Resource.map((r) => refs.arn(r)),
        inner,
      )},`,
    );
  if (statement.NotResource)
    lines.push(
      `notResources: ${list(
        statement.NotResource.map((r) => refs.arn(r)),
        inner,
      )},`,
    );
  if (statement.Condition) lines.push(`conditions: ${conditions(statement.Condition, inner)},`);
  return `new iam.PolicyStatement({\n${lines.map((l) => `${inner}${l}`).join('\n')}\n${indent}  })`;
}
