import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { loadLambdaRules } from '../../src/data/lambda-implied.js';
import { evaluate } from '../../src/grants/index.js';
import type { AccessUsage } from '../../src/model/usage.js';
import type { Statement } from '../../src/model/policy.js';
import { synthesise, type SynthContext, type Observability } from '../../src/synth/synthesise.js';
import type { LambdaImpliedRule } from '../../src/synth/lambda-implied.js';
import { lambdaFunction, role } from '../helpers/grants.js';

let catalog: Catalog;
let lambdaRules: LambdaImpliedRule[];
before(async () => {
  catalog = await loadCatalog();
  lambdaRules = await loadLambdaRules();
});

const DATA: Record<string, Observability> = {
  'dynamodb:GetItem': {
    kind: 'data',
    eventSource: 'dynamodb.amazonaws.com',
    resourceType: 'AWS::DynamoDB::Table',
  },
  'dynamodb:PutItem': {
    kind: 'data',
    eventSource: 'dynamodb.amazonaws.com',
    resourceType: 'AWS::DynamoDB::Table',
  },
  'dynamodb:UpdateItem': {
    kind: 'data',
    eventSource: 'dynamodb.amazonaws.com',
    resourceType: 'AWS::DynamoDB::Table',
  },
  'dynamodb:DeleteItem': {
    kind: 'data',
    eventSource: 'dynamodb.amazonaws.com',
    resourceType: 'AWS::DynamoDB::Table',
  },
  's3:GetObject': { kind: 'data', eventSource: 's3.amazonaws.com', resourceType: 'AWS::S3::Object' },
  's3:PutObject': { kind: 'data', eventSource: 's3.amazonaws.com', resourceType: 'AWS::S3::Object' },
  's3:DeleteObject': { kind: 'data', eventSource: 's3.amazonaws.com', resourceType: 'AWS::S3::Object' },
  'sqs:SendMessage': { kind: 'data', eventSource: 'sqs.amazonaws.com', resourceType: 'AWS::SQS::Queue' },
  'logs:PutLogEvents': { kind: 'not-logged', why: 'CloudTrail does not log PutLogEvents' },
};

function context(dataEventSources: string[] = []): SynthContext {
  return {
    catalog,
    observability: (action) => DATA[action] ?? { kind: 'management' },
    dataEventSources: new Set(dataEventSources),
    servicePrefixOf: (source) => source.split('.')[0],
    lambdaRules,
  };
}

function used(action: string, resource: string, count = 1, extra: Partial<AccessUsage> = {}): AccessUsage {
  return {
    action,
    resource,
    count,
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-02T00:00:00.000Z',
    errorCount: 0,
    ...extra,
  };
}

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/RideRecordTable';
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:PutRideRecordSnsDlq';

const wildRydes: Statement[] = [
  {
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:CreateLogGroup'],
    Resource: ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/wild-rydes-ride-record-dev*:*'],
  },
  {
    Effect: 'Allow',
    Action: ['logs:PutLogEvents'],
    Resource: ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/wild-rydes-ride-record-dev*:*:*'],
  },
  {
    Effect: 'Allow',
    Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem'],
    Resource: ['*'],
  },
  { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [DLQ] },
];

test('a function keeps only its own DynamoDB action on the table, and its dead-letter queue', () => {
  const grants = role(wildRydes);
  const fn = lambdaFunction('wild-rydes-ride-record-dev-PutRideRecordSns', grants.arn, {
    deadLetterTarget: DLQ,
  });
  const result = synthesise(
    { role: grants, accesses: [used('dynamodb:PutItem', TABLE, 7)], unmapped: [], functions: [fn] },
    context(['dynamodb.amazonaws.com']),
  );
  const [doc] = result.documents;
  const allows = doc!.Statement.filter((s) => s.Effect === 'Allow');
  assert.deepEqual(
    allows.find((s) => s.Sid === 'DynamodbObserved'),
    { Sid: 'DynamodbObserved', Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [TABLE] },
  );
  assert.deepEqual(allows.find((s) => s.Sid === 'SqsLambdaService')?.Resource, [DLQ]);
  assert.deepEqual(
    result.verdicts.map((v) => [v.action, v.verdict]),
    [
      ['dynamodb:DeleteItem', 'unused'],
      ['dynamodb:GetItem', 'unused'],
      ['dynamodb:PutItem', 'used'],
      ['dynamodb:UpdateItem', 'unused'],
      ['logs:CreateLogGroup', 'lambda'],
      ['logs:CreateLogStream', 'lambda'],
      ['logs:PutLogEvents', 'lambda'],
      ['sqs:SendMessage', 'lambda'],
    ],
  );
  // The logs statement is narrowed to the function's own log group, inside the granted pattern.
  const logs = allows.find((s) => s.Action?.includes('logs:CreateLogStream'));
  assert.deepEqual(logs?.Resource, [
    'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/wild-rydes-ride-record-dev-PutRideRecordSns:*',
  ]);
  assert.equal(evaluate(grants, 'dynamodb:PutItem', TABLE).decision, 'allowed');
});

test('without data events for a service, its data-plane actions are kept as not observable', () => {
  const grants = role(wildRydes);
  const result = synthesise({ role: grants, accesses: [], unmapped: [], functions: [] }, context([]));
  const kept = result.verdicts.filter((v) => v.verdict === 'not-observable').map((v) => v.action);
  assert.deepEqual(kept, [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'logs:PutLogEvents',
    'sqs:SendMessage',
  ]);
  assert.deepEqual(
    result.verdicts.filter((v) => v.verdict === 'unused').map((v) => v.action),
    ['logs:CreateLogGroup', 'logs:CreateLogStream'],
  );
  assert.equal(
    result.verdicts.find((v) => v.action === 'dynamodb:GetItem')?.dataEvent?.resourceType,
    'AWS::DynamoDB::Table',
  );
});

test('an action with no resource-level permission is granted on *', () => {
  const grants = role([
    { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetObject'], Resource: ['*'] },
  ]);
  const result = synthesise(
    {
      role: grants,
      accesses: [used('s3:ListAllMyBuckets', '*', 1, { wildcard: 'wildcard-only' })],
      unmapped: [],
      functions: [],
    },
    context(['s3.amazonaws.com']),
  );
  assert.deepEqual(result.documents[0]!.Statement, [
    { Sid: 'S3Observed', Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: ['*'] },
  ]);
});

test('a record that names no resource keeps the granted resources, and says so', () => {
  const grants = role([
    { Effect: 'Allow', Action: ['sns:Publish'], Resource: ['arn:aws:sns:us-east-1:123456789012:orders-*'] },
  ]);
  const result = synthesise(
    {
      role: grants,
      accesses: [used('sns:Publish', '*', 3, { wildcard: 'unresolved' })],
      unmapped: [],
      functions: [],
    },
    context(),
  );
  assert.deepEqual(result.documents[0]!.Statement[0]!.Resource, [
    'arn:aws:sns:us-east-1:123456789012:orders-*',
  ]);
  assert.deepEqual(result.unresolved, [{ action: 'sns:Publish', count: 3 }]);
});

test('a condition on the allowing statement is carried onto the generated one', () => {
  const condition = { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } };
  const grants = role([
    { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: ['*'], Condition: condition },
  ]);
  const result = synthesise(
    { role: grants, accesses: [used('dynamodb:GetItem', TABLE)], unmapped: [], functions: [] },
    context(['dynamodb.amazonaws.com']),
  );
  assert.deepEqual(result.documents[0]!.Statement[0]!.Condition, condition);
});

test('a successful call the grant does not allow is reported, never granted', () => {
  const grants = role([{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [TABLE] }]);
  const other = 'arn:aws:dynamodb:us-east-1:123456789012:table/Other';
  const result = synthesise(
    { role: grants, accesses: [used('dynamodb:GetItem', other)], unmapped: [], functions: [] },
    context(['dynamodb.amazonaws.com']),
  );
  assert.deepEqual(result.outsideGrant, [
    { action: 'dynamodb:GetItem', resource: other, count: 1, decision: 'implicit-deny' },
  ]);
  assert.ok(result.documents[0]!.Statement.every((s) => !s.Resource?.includes(other)));
});

const keys = (n: number, prefix: string): AccessUsage[] =>
  Array.from({ length: n }, (_, i) => used('s3:PutObject', `arn:aws:s3:::lake/${prefix}${i}.json`));

test('many keys under one prefix become the prefix, cut before date partitions, when the grant holds it', () => {
  const grants = role([{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }]);
  const result = synthesise(
    { role: grants, accesses: keys(12, 'rides/2026/11/'), unmapped: [], functions: [] },
    context(['s3.amazonaws.com']),
  );
  assert.deepEqual(result.documents[0]!.Statement[0]!.Resource, ['arn:aws:s3:::lake/rides/*']);
  assert.deepEqual(result.generalised, [
    { action: 's3:PutObject', pattern: 'arn:aws:s3:::lake/rides/*', keys: 12 },
  ]);
});

test('when the grant holds only the longer common prefix, that is the pattern', () => {
  const grants = role([
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::lake/rides/2026/11/*'] },
  ]);
  const result = synthesise(
    { role: grants, accesses: keys(12, 'rides/2026/11/'), unmapped: [], functions: [] },
    context(['s3.amazonaws.com']),
  );
  assert.deepEqual(result.documents[0]!.Statement[0]!.Resource, ['arn:aws:s3:::lake/rides/2026/11/*']);
});

test('a prefix folded while reading becomes the stable prefix too', () => {
  const grants = role([{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['*'] }]);
  const result = synthesise(
    {
      role: grants,
      accesses: [used('s3:PutObject', 'arn:aws:s3:::lake/rides/2026/*', 900)],
      unmapped: [],
      functions: [],
    },
    context(['s3.amazonaws.com']),
  );
  assert.deepEqual(result.documents[0]!.Statement[0]!.Resource, ['arn:aws:s3:::lake/rides/*']);
});

test('keys allowed under a condition become a prefix under that condition', () => {
  const condition = { StringEquals: { 's3:x-amz-server-side-encryption': ['aws:kms'] } };
  const grants = role([
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::lake/*'], Condition: condition },
  ]);
  const result = synthesise(
    { role: grants, accesses: keys(12, 'rides/2026/11/'), unmapped: [], functions: [] },
    context(['s3.amazonaws.com']),
  );
  assert.deepEqual(result.documents[0]!.Statement, [
    {
      Sid: 'S3Observed',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: ['arn:aws:s3:::lake/rides/*'],
      Condition: condition,
    },
  ]);
});

test("many executions of one state machine become the state machine's executions; many tables stay tables", () => {
  const grants = role([
    { Effect: 'Allow', Action: ['states:DescribeExecution', 'dynamodb:GetItem'], Resource: ['*'] },
  ]);
  const executions = Array.from({ length: 12 }, (_, i) =>
    used('states:DescribeExecution', `arn:aws:states:us-east-1:123456789012:execution:daily-report:run-${i}`),
  );
  const tables = Array.from({ length: 12 }, (_, i) =>
    used('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:123456789012:table/t${i}`),
  );
  const result = synthesise(
    { role: grants, accesses: [...executions, ...tables], unmapped: [], functions: [] },
    context(['dynamodb.amazonaws.com']),
  );
  const statements = result.documents[0]!.Statement;
  assert.deepEqual(statements.find((s) => s.Action?.includes('states:DescribeExecution'))?.Resource, [
    'arn:aws:states:us-east-1:123456789012:execution:daily-report:*',
  ]);
  assert.equal(statements.find((s) => s.Action?.includes('dynamodb:GetItem'))?.Resource?.length, 12);
});

test('a few keys stay concrete', () => {
  const grants = role([{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['*'] }]);
  const result = synthesise(
    { role: grants, accesses: keys(3, 'rides/'), unmapped: [], functions: [] },
    context(['s3.amazonaws.com']),
  );
  assert.deepEqual(
    result.documents[0]!.Statement[0]!.Resource,
    [0, 1, 2].map((i) => `arn:aws:s3:::lake/rides/${i}.json`),
  );
});

test('iam:PassRole, never logged, keeps its grant even when pare saw it passed', () => {
  const grants = role([
    { Effect: 'Allow', Action: ['iam:PassRole'], Resource: ['arn:aws:iam::123456789012:role/app-*'] },
  ]);
  const context2: SynthContext = {
    ...context(),
    observability: (a) =>
      a === 'iam:PassRole'
        ? { kind: 'not-logged', why: 'a permission, not an event' }
        : { kind: 'management' },
  };
  const result = synthesise(
    {
      role: grants,
      accesses: [used('iam:PassRole', 'arn:aws:iam::123456789012:role/app-one')],
      unmapped: [],
      functions: [],
    },
    context2,
  );
  const resources = result.documents[0]!.Statement.flatMap((s) => s.Resource ?? []);
  assert.ok(resources.includes('arn:aws:iam::123456789012:role/app-*'));
  assert.equal(result.verdicts[0]?.verdict, 'not-observable');
});

test('keys stay concrete when the prefix would meet an explicit Deny, and the Deny is carried', () => {
  const deny: Statement = {
    Effect: 'Deny',
    Action: ['s3:PutObject'],
    Resource: ['arn:aws:s3:::lake/rides/2026/11/secret*'],
  };
  const grants = role([{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }, deny]);
  const result = synthesise(
    { role: grants, accesses: keys(12, 'rides/2026/11/'), unmapped: [], functions: [] },
    context(['s3.amazonaws.com']),
  );
  assert.equal(result.generalised.length, 0);
  assert.equal(result.documents[0]!.Statement[0]!.Resource?.length, 12);
  assert.deepEqual(result.copiedDenies, [{ ...deny, Sid: 'GrantDeny1' }]);
});

test('a service with calls pare could not map keeps its granted actions', () => {
  const grants = role([{ Effect: 'Allow', Action: ['glue:GetTable', 'glue:GetDatabase'], Resource: ['*'] }]);
  const result = synthesise(
    {
      role: grants,
      accesses: [],
      unmapped: [{ eventSource: 'glue.amazonaws.com', eventName: 'SomethingNew', count: 2, why: 'unknown' }],
      functions: [],
    },
    context(),
  );
  assert.deepEqual(
    result.verdicts.map((v) => v.verdict),
    ['unmapped-service', 'unmapped-service'],
  );
  assert.deepEqual(result.documents[0]!.Statement[0]!.Action, ['glue:GetDatabase', 'glue:GetTable']);
});

test('a policy larger than the inline quota is split into managed-policy-sized documents', () => {
  const grants = role([{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: ['*'] }]);
  const accesses = Array.from({ length: 300 }, (_, i) =>
    used('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:123456789012:table/table-with-a-long-name-${i}`),
  );
  const result = synthesise(
    { role: grants, accesses, unmapped: [], functions: [] },
    context(['dynamodb.amazonaws.com']),
  );
  assert.ok(result.documents.length > 1);
  for (const doc of result.documents) assert.ok(JSON.stringify(doc).length <= 6144);
  const resources = result.documents.flatMap((d) => d.Statement.flatMap((s) => s.Resource ?? []));
  assert.equal(new Set(resources).size, 300);
});
