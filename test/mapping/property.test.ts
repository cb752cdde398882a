import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mapEvent } from '../../src/mapping/index.js';
import type { EventResource } from '../../src/model/event.js';
import { bundled, event } from './helpers.js';

/** Pairs with the richest rules, plus general-rule and unknown ones. */
const PAIRS: [string, string][] = [
  ['s3.amazonaws.com', 'GetObject'],
  ['s3.amazonaws.com', 'CopyObject'],
  ['s3.amazonaws.com', 'DeleteObjects'],
  ['dynamodb.amazonaws.com', 'Query'],
  ['dynamodb.amazonaws.com', 'TransactWriteItems'],
  ['dynamodb.amazonaws.com', 'BatchWriteItem'],
  ['dynamodb.amazonaws.com', 'ExecuteStatement'],
  ['sqs.amazonaws.com', 'SendMessageBatch'],
  ['sns.amazonaws.com', 'Publish'],
  ['lambda.amazonaws.com', 'Invoke'],
  ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2'],
  ['kms.amazonaws.com', 'ReEncrypt'],
  ['secretsmanager.amazonaws.com', 'BatchGetSecretValue'],
  ['ssm.amazonaws.com', 'GetParameters'],
  ['events.amazonaws.com', 'PutEvents'],
  ['ec2.amazonaws.com', 'RunInstances'],
  ['nosuch.amazonaws.com', 'Thing'],
];

const KEYS = [
  'bucketName',
  'key',
  'versionId',
  'x-amz-copy-source',
  'tableName',
  'indexName',
  'requestItems',
  'operation',
  'statement',
  'queueUrl',
  'topicArn',
  'phoneNumber',
  'functionName',
  'qualifier',
  'keyId',
  'sourceKeyId',
  'secretId',
  'secretIdList',
  'names',
  'entries',
  'eventBusName',
  'delete',
  'Object',
  'Key',
];

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.constantFrom('arn:aws:s3:::b/k', 'alias/x', '...', '-', 'Put', 'SELECT * FROM T', 'a:b'),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }),
  ),
})).node;

const resources: fc.Arbitrary<EventResource[]> = fc.array(
  fc.record({
    arn: fc.oneof(
      fc.string(),
      fc.constantFrom(
        'arn:aws:s3:::b/k',
        'arn:aws:dynamodb:us-east-1:1:table/T',
        'arn:aws:kms:us-east-1:1:key/k',
      ),
    ),
  }),
  { maxLength: 3 },
);

test('mapEvent never throws, is deterministic, and emits only catalog actions with honest wildcards', async () => {
  const { index, catalog } = await bundled();
  fc.assert(
    fc.property(
      fc.constantFrom(...PAIRS),
      fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }),
      resources,
      fc.constantFrom('us-east-1', 'cn-north-1', ''),
      ([eventSource, eventName], requestParameters, res, awsRegion) => {
        const e = event({ eventSource, eventName, requestParameters, resources: res, awsRegion });
        const first = mapEvent(e, index);
        assert.deepEqual(mapEvent(structuredClone(e), index), first);
        if (first.status !== 'mapped') return;
        for (const a of first.accesses) {
          assert.equal(catalog.canonical(a.action), a.action);
          assert.equal(a.resource === '*', a.wildcard !== undefined);
          if (a.resource !== '*') assert.ok(a.resource.startsWith('arn:'), a.resource);
        }
      },
    ),
    { numRuns: 400, seed: 20240501 },
  );
});
