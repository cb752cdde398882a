import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { readGrantFiles } from '../../src/app/inventory.js';
import { InputError } from '../../src/errors.js';
import { parseLambdaInventoryFile, parseResourcePolicyFile } from '../../src/grants/index.js';
import { ROOT } from '../helpers/cli.js';

const FN = 'arn:aws:lambda:eu-west-1:111122223333:function:orders';
const isInputError =
  (file: string, problem: RegExp) =>
  (e: unknown): boolean =>
    e instanceof InputError && e.file === file && problem.test(e.problem) && !e.message.includes('\n');

describe('--lambda files, told apart by content', () => {
  it('reads list-event-source-mappings and get-event-source-mapping (qualifiers dropped)', () => {
    const part = parseLambdaInventoryFile(
      {
        EventSourceMappings: [
          {
            UUID: 'u1',
            FunctionArn: `${FN}:live`,
            EventSourceArn: 'arn:aws:sqs:eu-west-1:111122223333:q',
            State: 'Enabled',
          },
          {
            UUID: 'u2',
            FunctionArn: FN,
            SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b:9092'] } },
          },
          { UUID: 'u3', FunctionArn: FN, EventSourceArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:docs' },
        ],
      },
      'esm.json',
    );
    assert.deepEqual(part.eventSourceMappings, [
      {
        uuid: 'u1',
        functionArn: FN,
        eventSourceArn: 'arn:aws:sqs:eu-west-1:111122223333:q',
        kind: 'sqs',
        state: 'Enabled',
      },
      { uuid: 'u2', functionArn: FN, kind: 'kafka' },
      {
        uuid: 'u3',
        functionArn: FN,
        eventSourceArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:docs',
        kind: 'docdb',
      },
    ]);
    const single = parseLambdaInventoryFile(
      { UUID: 'u4', FunctionArn: FN, EventSourceArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/s' },
      'one.json',
    );
    assert.equal(single.eventSourceMappings[0]?.kind, 'kinesis');
  });
  it('reads get-policy, with Principal "*" read as {"AWS": ["*"]}', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [
        { Sid: 'a', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: FN },
        {
          Sid: 'b',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: `${FN}:live`,
          Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' } },
        },
      ],
    });
    const [read] = parseLambdaInventoryFile(
      { Policy: policy, RevisionId: 'r' },
      'policy.json',
    ).functionPolicies;
    assert.equal(read?.resourceArn, FN);
    assert.deepEqual(
      read?.statements.map((s) => s.Principal),
      [{ AWS: ['*'] }, { Service: ['s3.amazonaws.com'] }],
    );
    assert.deepEqual(read?.statements[1]?.Condition, { ArnLike: { 'AWS:SourceArn': ['arn:aws:s3:::b'] } });
  });
  it('reads list-function-url-configs and get-function-url-config', () => {
    const config = {
      FunctionUrl: 'https://x.lambda-url.eu-west-1.on.aws/',
      FunctionArn: FN,
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
    };
    const expected = [{ functionArn: FN, functionUrl: config.FunctionUrl, authType: 'NONE' }];
    assert.deepEqual(
      parseLambdaInventoryFile({ FunctionUrlConfigs: [config] }, 'u.json').functionUrls,
      expected,
    );
    assert.deepEqual(parseLambdaInventoryFile(config, 'u.json').functionUrls, expected);
  });
  it('refuses other files and other resources’ policies in one line', () => {
    assert.throws(
      () => parseLambdaInventoryFile({ RoleDetailList: [] }, 'iam.json'),
      isInputError(
        'iam.json',
        /^not a Lambda inventory file: expected the output of aws lambda list-functions/,
      ),
    );
    const bucketPolicy = {
      Policy: JSON.stringify({
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        ],
      }),
    };
    assert.throws(
      () => parseLambdaInventoryFile(bucketPolicy, 'b.json'),
      isInputError('b.json', /--resource-policies/),
    );
    assert.throws(
      () => parseLambdaInventoryFile({ Policy: '{not json' }, 'p.json'),
      isInputError('p.json', /not valid JSON/),
    );
  });
});

describe('--resource-policies files', () => {
  const statement = (Resource: string): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource }],
    });
  it('names a bucket policy’s bucket from its Resource, a queue or topic from its ARN attribute', () => {
    assert.deepEqual(
      parseResourcePolicyFile({ Policy: statement('arn:aws:s3:::lake/*') }, 'x.json').policies.map((p) => [
        p.resourceType,
        p.resourceArn,
      ]),
      [['s3-bucket', 'arn:aws:s3:::lake']],
    );
    const queue = 'arn:aws:sqs:eu-west-1:111122223333:q';
    assert.deepEqual(
      parseResourcePolicyFile(
        { Attributes: { Policy: statement(queue), QueueArn: queue } },
        'q.json',
      ).policies.map((p) => [p.resourceType, p.resourceArn]),
      [['sqs-queue', queue]],
    );
    const topic = 'arn:aws:sns:eu-west-1:111122223333:t';
    assert.deepEqual(
      parseResourcePolicyFile(
        { Attributes: { Policy: statement('*'), TopicArn: topic } },
        't.json',
      ).policies.map((p) => [p.resourceType, p.resourceArn]),
      [['sns-topic', topic]],
    );
    assert.deepEqual(parseResourcePolicyFile({ Attributes: { QueueArn: queue } }, 'q.json'), {
      policies: [],
      bucketAcls: [],
    });
  });
  it('names an ACL’s bucket from "Bucket" or the file name', () => {
    const acl = {
      Owner: { ID: 'o' },
      Grants: [
        {
          Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
          Permission: 'READ',
        },
      ],
    };
    assert.equal(parseResourcePolicyFile(acl, 'dir/my.bucket.acl.json').bucketAcls[0]?.bucket, 'my.bucket');
    assert.equal(
      parseResourcePolicyFile({ ...acl, Bucket: 'named' }, 'whatever.json').bucketAcls[0]?.bucket,
      'named',
    );
  });
  it('refuses files of no known shape, and policies that name no resource', () => {
    assert.throws(
      () => parseResourcePolicyFile({ Functions: [] }, 'l.json'),
      isInputError('l.json', /^not a resource policy file/),
    );
    assert.throws(
      () => parseResourcePolicyFile({ Attributes: { Policy: statement('*') } }, 'a.json'),
      isInputError('a.json', /cannot tell which/),
    );
    assert.throws(
      () => parseResourcePolicyFile({ Grants: [] }, 'Not A Bucket!.json'),
      isInputError('Not A Bucket!.json', /names no bucket/),
    );
  });
});

describe('reading the example', () => {
  it('takes directories for every *.json under them', async () => {
    const dir = join(ROOT, 'examples/wild-rydes');
    const read = await readGrantFiles({
      iam: [join(dir, 'iam.json')],
      lambda: [join(dir, 'lambda.json'), join(dir, 'lambda')],
      resourcePolicies: [join(dir, 'resource-policies')],
    });
    assert.equal(read.functions.length, 13);
    assert.equal(read.inventory.eventSourceMappings.length, 2);
    assert.equal(read.inventory.functionUrls.length, 1);
    assert.deepEqual([...new Set(read.inventory.resourcePolicies.map((p) => p.resourceType))].sort(), [
      'lambda-function',
      's3-bucket',
      'sns-topic',
      'sqs-queue',
    ]);
    assert.equal(read.inventory.bucketAcls.length, 1);
  });
});
