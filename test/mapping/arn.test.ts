import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildArn, compileFormat, partitionOf } from '../../src/mapping/arn.js';

test('a catalog ARN format recognises ARNs of its type only', () => {
  const object = compileFormat('s3', 'object', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.deepEqual(object.names, ['BucketName', 'ObjectName']);
  assert.ok(object.regex.test('arn:aws:s3:::b/k:with:colons'));
  assert.ok(!object.regex.test('arn:aws:s3:::b'));
  const bucket = compileFormat('s3', 'bucket', 'arn:${Partition}:s3:::${BucketName}');
  assert.ok(bucket.regex.test('arn:aws-cn:s3:::b'));
  const stream = compileFormat(
    'logs',
    'log-stream',
    'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
  );
  assert.ok(
    stream.regex.test('arn:aws:logs:us-east-1:1:log-group:/aws/lambda/x:log-stream:2024/01/01/[$LATEST]a'),
  );
  assert.ok(!stream.regex.test('arn:aws:logs:us-east-1:1:log-group:/aws/lambda/x'));
});

test('buildArn fills every placeholder or gives up', () => {
  const queue = compileFormat('sqs', 'queue', 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}');
  const values: Record<string, string> = {
    Partition: 'aws',
    Region: 'eu-west-1',
    Account: '1',
    QueueName: 'q',
  };
  assert.equal(
    buildArn(queue, (p) => values[p]),
    'arn:aws:sqs:eu-west-1:1:q',
  );
  assert.equal(
    buildArn(queue, (p) => (p === 'Account' ? undefined : values[p])),
    undefined,
  );
});

test('partition from the region prefix, aws otherwise', () => {
  const prefixes = [
    { regionPrefix: 'us-isob-', partition: 'aws-iso-b' },
    { regionPrefix: 'us-iso-', partition: 'aws-iso' },
    { regionPrefix: 'cn-', partition: 'aws-cn' },
    { regionPrefix: 'us-gov-', partition: 'aws-us-gov' },
  ];
  assert.equal(partitionOf('cn-northwest-1', prefixes), 'aws-cn');
  assert.equal(partitionOf('us-gov-east-1', prefixes), 'aws-us-gov');
  assert.equal(partitionOf('us-isob-east-1', prefixes), 'aws-iso-b');
  assert.equal(partitionOf('eu-west-1', prefixes), 'aws');
  assert.equal(partitionOf('', prefixes), 'aws');
});
