import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGeneratedName, referenceFor, type TemplateResource } from '../../src/iac/references.js';
import fc from 'fast-check';
import { Intrinsic, type IacValue } from '../../src/iac/values.js';

const RESOURCES: TemplateResource[] = [
  { logicalId: 'RideRecordTable', type: 'AWS::DynamoDB::Table' },
  { logicalId: 'Orders', type: 'AWS::DynamoDB::Table', name: 'wild-rydes-orders' },
  { logicalId: 'DataLakeBucket', type: 'AWS::S3::Bucket' },
  { logicalId: 'Dlq', type: 'AWS::SQS::Queue' },
  { logicalId: 'Topic', type: 'AWS::SNS::Topic' },
  { logicalId: 'Worker', type: 'AWS::Lambda::Function', name: 'wild-rydes-worker' },
];

test('generated names: <stack>-<LogicalId>-<suffix>, buckets lower-cased, long names truncated', () => {
  assert.ok(isGeneratedName('app-dev-RideRecordTable-1O6M5XW4Y9Q8Z', 'RideRecordTable', 'app-dev'));
  assert.ok(isGeneratedName('app-dev-RideRecordTable-1O6M5XW4Y9Q8Z', 'RideRecordTable'));
  assert.ok(isGeneratedName('app-dev-datalakebucket-1jhtjotdqf5bb', 'DataLakeBucket', 'app-dev'));
  assert.ok(!isGeneratedName('app-dev-RideRecordTable-1O6M5XW4Y9Q8Z', 'RideRecordTable', 'other'));
  assert.ok(!isGeneratedName('app-dev-RideRecordTableCopy-1O6M5XW4Y9Q8Z', 'RideRecordTable'));
  assert.ok(!isGeneratedName('app-dev-RideRecordTable', 'RideRecordTable'), 'no random suffix');
  // IAM role names stop at 64 characters: CloudFormation cuts the stack and logical id parts.
  assert.ok(
    isGeneratedName(
      'a-very-long-stack-name-for-the-wil-ServiceRoleForTheDailyRe-1K9J8H7G6F5D4',
      'ServiceRoleForTheDailyReporter',
      'a-very-long-stack-name-for-the-wild-rydes-reporting',
    ),
  );
  assert.ok(
    !isGeneratedName(
      'a-very-long-stack-name-for-the-wil-ServiceRoleForTheDailyRe-1K9J8H7G6F5D4',
      'OtherRole',
      'a-very-long-stack-name-for-the-wild-rydes-reporting',
    ),
  );
});

test('ARNs the template defines become references; others stay literal', () => {
  const ref = (arn: string) => referenceFor(arn, RESOURCES, 'app-dev');
  const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-RideRecordTable-1O6M5XW4Y9Q8Z';
  assert.deepEqual(ref(table), Intrinsic.getAtt('RideRecordTable', 'Arn'));
  assert.deepEqual(
    ref(`${table}/index/*`),
    Intrinsic.join('/', [Intrinsic.getAtt('RideRecordTable', 'Arn'), 'index/*']),
  );
  assert.deepEqual(
    ref(`${table}/stream/2026-03-14T18:22:07.311`),
    Intrinsic.getAtt('RideRecordTable', 'StreamArn'),
  );
  assert.deepEqual(
    ref('arn:aws:dynamodb:us-east-1:123456789012:table/wild-rydes-orders'),
    Intrinsic.getAtt('Orders', 'Arn'),
  );
  assert.deepEqual(
    ref('arn:aws:s3:::app-dev-datalakebucket-1jhtjotdqf5bb/rides/*'),
    Intrinsic.join('/', [Intrinsic.getAtt('DataLakeBucket', 'Arn'), 'rides/*']),
  );
  assert.deepEqual(
    ref('arn:aws:sqs:us-east-1:123456789012:app-dev-Dlq-1XK8QZ7T4M2PA'),
    Intrinsic.getAtt('Dlq', 'Arn'),
  );
  assert.deepEqual(
    ref('arn:aws:sns:us-east-1:123456789012:app-dev-Topic-ABCDEFGH12'),
    Intrinsic.ref('Topic'),
  );
  assert.deepEqual(
    ref('arn:aws:lambda:us-east-1:123456789012:function:wild-rydes-worker:*'),
    Intrinsic.join(':', [Intrinsic.getAtt('Worker', 'Arn'), '*']),
  );
  for (const literal of [
    'arn:aws:dynamodb:us-east-1:123456789012:table/someone-elses',
    'arn:aws:kms:us-east-1:123456789012:key/1',
    '*',
  ]) {
    assert.equal(ref(literal), literal);
  }
});

test('property: a reference resolves back to the very ARN it replaced', () => {
  const stack = 'app-dev';
  const physical = (r: TemplateResource): string =>
    r.name ??
    (r.type === 'AWS::S3::Bucket'
      ? `${stack}-${r.logicalId}-1jhtjotdqf5bb`.toLowerCase()
      : `${stack}-${r.logicalId}-1O6M5XW4Y9Q8Z`);
  const arnOf = (r: TemplateResource): string => {
    const name = physical(r);
    if (r.type === 'AWS::S3::Bucket') return `arn:aws:s3:::${name}`;
    if (r.type === 'AWS::DynamoDB::Table') return `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`;
    if (r.type === 'AWS::SQS::Queue') return `arn:aws:sqs:us-east-1:123456789012:${name}`;
    if (r.type === 'AWS::SNS::Topic') return `arn:aws:sns:us-east-1:123456789012:${name}`;
    return `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
  };
  const resolve = (value: IacValue): string => {
    if (typeof value === 'string') return value;
    if (value instanceof Intrinsic) {
      const [first, second] = value.args;
      const target = RESOURCES.find((r) => r.logicalId === first);
      if (value.fn !== 'Join') return target ? arnOf(target) : assert.fail(String(first));
      return (second as IacValue[]).map(resolve).join(String(first));
    }
    return assert.fail('not a reference');
  };
  const suffixes: Record<string, fc.Arbitrary<string>> = {
    'AWS::S3::Bucket': fc.constantFrom('', '/*', '/rides/*', '/a/b.json'),
    'AWS::DynamoDB::Table': fc.constantFrom('', '/index/*', '/index/byDate'),
    'AWS::Lambda::Function': fc.constantFrom('', ':*', ':live'),
  };
  fc.assert(
    fc.property(
      fc
        .constantFrom(...RESOURCES)
        .chain((r) => (suffixes[r.type] ?? fc.constant('')).map((suffix) => arnOf(r) + suffix)),
      (arn) => assert.equal(resolve(referenceFor(arn, RESOURCES, stack)), arn),
    ),
  );
});
