import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyError, isDataEvent, observability } from '../../src/mapping/index.js';
import { bundled, event } from './helpers.js';

test('actions CloudTrail never logs are not-logged, with the reason', async () => {
  const { index } = await bundled();
  for (const action of ['logs:PutLogEvents', 'xray:PutTraceSegments', 'XRAY:puttelemetryrecords']) {
    const o = observability(action, index);
    assert.equal(o.kind, 'not-logged', action);
    assert.ok(o.kind === 'not-logged' && o.why.includes('https://'));
  }
});

test('data-plane actions name their eventSource and data event resource type', async () => {
  const { index } = await bundled();
  const cases: [string, string, string][] = [
    ['s3:GetObject', 's3.amazonaws.com', 'AWS::S3::Object'],
    ['s3:ListBucket', 's3.amazonaws.com', 'AWS::S3::Object'],
    ['dynamodb:Query', 'dynamodb.amazonaws.com', 'AWS::DynamoDB::Table'],
    ['dynamodb:GetRecords', 'dynamodb.amazonaws.com', 'AWS::DynamoDB::Stream'],
    ['lambda:InvokeFunction', 'lambda.amazonaws.com', 'AWS::Lambda::Function'],
    ['sns:Publish', 'sns.amazonaws.com', 'AWS::SNS::Topic'],
    ['sqs:ReceiveMessage', 'sqs.amazonaws.com', 'AWS::SQS::Queue'],
    ['kinesis:PutRecords', 'kinesis.amazonaws.com', 'AWS::Kinesis::Stream'],
    ['events:PutEvents', 'events.amazonaws.com', 'AWS::Events::EventBus'],
  ];
  for (const [action, eventSource, resourceType] of cases) {
    assert.deepEqual(observability(action, index), { kind: 'data', eventSource, resourceType }, action);
  }
});

test('control-plane actions are management events', async () => {
  const { index } = await bundled();
  for (const action of [
    's3:GetBucketLocation',
    'dynamodb:DescribeTable',
    'kms:Decrypt',
    'secretsmanager:GetSecretValue',
    'ssm:GetParameter',
    'logs:CreateLogStream',
  ]) {
    assert.deepEqual(observability(action, index), { kind: 'management' }, action);
  }
});

test('isDataEvent: eventCategory when present, else the eventName list', async () => {
  const { index } = await bundled();
  assert.equal(
    isDataEvent(
      event({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventCategory: 'Data' }),
      index,
    ),
    true,
  );
  assert.equal(
    isDataEvent(
      event({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventCategory: 'Management' }),
      index,
    ),
    false,
  );
  assert.equal(isDataEvent(event({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' }), index), true);
  assert.equal(
    isDataEvent(event({ eventSource: 's3.amazonaws.com', eventName: 'GetBucketAcl' }), index),
    false,
  );
  assert.equal(isDataEvent(event({ eventSource: 'lambda.amazonaws.com', eventName: 'Invoke' }), index), true);
  assert.equal(
    isDataEvent(event({ eventSource: 'lambda.amazonaws.com', eventName: 'GetFunction' }), index),
    false,
  );
});

test('classifyError: denials, authentication failures, and everything else is use', async () => {
  const { index } = await bundled();
  for (const code of [
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'Client.UnauthorizedOperation',
    'AuthorizationError',
  ]) {
    assert.equal(classifyError(code, index), 'denied', code);
  }
  for (const code of [
    'InvalidClientTokenId',
    'ExpiredToken',
    'SignatureDoesNotMatch',
    'expiredtokenexception',
  ]) {
    assert.equal(classifyError(code, index), 'auth-failure', code);
  }
  for (const code of [
    undefined,
    '',
    'ResourceNotFoundException',
    'ConditionalCheckFailedException',
    'NoSuchKey',
    'ThrottlingException',
  ]) {
    assert.equal(classifyError(code, index), 'use', String(code));
  }
});
