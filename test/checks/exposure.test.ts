import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EMPTY_INVENTORY,
  type PostureInventory,
  type ResourcePolicyStatement,
} from '../../src/model/inventory.js';
import { audit, fn, fnArn, functionPolicy, rules } from './helpers.js';

const invoke = (
  principal: ResourcePolicyStatement['Principal'],
  condition?: ResourcePolicyStatement['Condition'],
  sid = 's',
): ResourcePolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: ['lambda:InvokeFunction'],
  Resource: [fnArn('f')],
  ...(principal ? { Principal: principal } : {}),
  ...(condition ? { Condition: condition } : {}),
});
const ANYONE = { AWS: ['*'] };
const urlStatements: ResourcePolicyStatement[] = [
  {
    Sid: 'url',
    Effect: 'Allow',
    Principal: ANYONE,
    Action: ['lambda:InvokeFunctionUrl'],
    Resource: [fnArn('f')],
    Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': ['NONE'] } },
  },
  {
    Sid: 'via-url',
    Effect: 'Allow',
    Principal: ANYONE,
    Action: ['lambda:InvokeFunction'],
    Resource: [fnArn('f')],
    Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': ['true'] } },
  },
];
const url = (authType: string): PostureInventory['functionUrls'] => [
  { functionArn: fnArn('f'), functionUrl: 'https://abc.lambda-url.eu-west-1.on.aws/', authType },
];

describe('public-resource-policy: the function', () => {
  it('fires on * or NotPrincipal without a restricting condition, or one that lets keyless callers in', async () => {
    for (const statement of [
      invoke(ANYONE),
      { ...invoke(undefined), NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'] } },
      invoke(ANYONE, { StringEqualsIfExists: { 'aws:SourceAccount': ['111122223333'] } }),
      invoke(ANYONE, { StringNotEquals: { 'aws:SourceAccount': ['999999999999'] } }),
      invoke(ANYONE, { ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::*'] } }),
      invoke(ANYONE, { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } }),
    ]) {
      const [finding] = await audit({ functions: [fn('f')], inventory: functionPolicy('f', [statement]) });
      assert.equal(finding?.rule, 'public-resource-policy', JSON.stringify(statement));
      assert.equal(finding?.severity, 'high');
      assert.equal(finding?.function, 'f');
    }
  });
  it('does not fire on service principals, accounts, or * pinned by a fixed source', async () => {
    const statements = [
      invoke(
        { Service: ['s3.amazonaws.com'] },
        { ArnLike: { 'AWS:SourceArn': ['arn:aws:s3:::uploads'] } },
        'a',
      ),
      invoke({ AWS: ['arn:aws:iam::444455556666:root'] }, undefined, 'b'),
      invoke(
        ANYONE,
        { ArnLike: { 'AWS:SourceArn': ['arn:aws:events:eu-west-1:111122223333:rule/nightly'] } },
        'c',
      ),
      invoke(ANYONE, { StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'] } }, 'd'),
      { ...invoke(ANYONE, undefined, 'e'), Effect: 'Deny' as const },
    ];
    assert.deepEqual(await rules({ functions: [fn('f')], inventory: functionPolicy('f', statements) }), [
      'many-trigger-types',
    ]);
  });
  it('fires on a function URL with AuthType NONE whose policy lets anyone in, or whose policy is unknown', async () => {
    const known = await audit({
      functions: [fn('f')],
      inventory: { ...functionPolicy('f', urlStatements), functionUrls: url('NONE') },
    });
    assert.deepEqual(
      known.map((f) => f.rule),
      ['public-resource-policy'],
    );
    assert.deepEqual(known[0]?.resources, [fnArn('f'), 'https://abc.lambda-url.eu-west-1.on.aws/']);
    const unknown = await audit({ functions: [fn('f')], inventory: { functionUrls: url('NONE') } });
    assert.match(unknown[0]?.message ?? '', /not given/);
  });
  it('does not fire on AWS_IAM URLs, or a NONE URL no statement opens', async () => {
    assert.deepEqual(await rules({ functions: [fn('f')], inventory: { functionUrls: url('AWS_IAM') } }), []);
    const closed = functionPolicy('f', [
      invoke(
        { Service: ['sns.amazonaws.com'] },
        { ArnLike: { 'aws:SourceArn': ['arn:aws:sns:eu-west-1:111122223333:t'] } },
      ),
    ]);
    assert.deepEqual(
      await rules({ functions: [fn('f')], inventory: { ...closed, functionUrls: url('NONE') } }),
      ['many-trigger-types'],
    );
  });
});

describe('public-resource-policy: buckets, queues and topics', () => {
  const topic = 'arn:aws:sns:eu-west-1:111122223333:rides';
  const policy = (statements: ResourcePolicyStatement[]): Partial<PostureInventory> => ({
    resourcePolicies: [
      { resourceType: 'sns-topic', resourceArn: topic, statements, file: 'topic.json' },
      ...functionPolicy('f', [
        invoke({ Service: ['sns.amazonaws.com'] }, { ArnLike: { 'aws:SourceArn': [topic] } }),
      ]).resourcePolicies,
    ],
  });
  it('fires on an open statement and names the functions it triggers', async () => {
    const found = (
      await audit({
        functions: [fn('f')],
        inventory: policy([
          { Effect: 'Allow', Principal: ANYONE, Action: ['SNS:Publish'], Resource: [topic] },
        ]),
      })
    ).filter((f) => f.rule === 'public-resource-policy');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.resources, [topic]);
    assert.equal(found[0]?.function, undefined);
    assert.deepEqual(found[0]?.evidence?.['eventSourceOf'], ['f']);
  });
  it('does not fire on the default topic policy (AWS:SourceOwner)', async () => {
    const statement: ResourcePolicyStatement = {
      Effect: 'Allow',
      Principal: ANYONE,
      Action: ['SNS:Publish'],
      Resource: [topic],
      Condition: { StringEquals: { 'AWS:SourceOwner': ['111122223333'] } },
    };
    assert.deepEqual(await rules({ functions: [fn('f')], inventory: policy([statement]) }), []);
  });
});

describe('public-event-source-bucket', () => {
  const trigger = functionPolicy('f', [
    invoke(
      { Service: ['s3.amazonaws.com'] },
      {
        ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::uploads'] },
        StringEquals: { 'aws:SourceAccount': ['111122223333'] },
      },
    ),
  ]);
  const acl = (uri: string, permission = 'READ'): PostureInventory['bucketAcls'] => [
    { bucket: 'uploads', file: 'uploads.acl.json', grants: [{ grantee: uri, permission }] },
  ];
  it('fires on a public ACL grant or an open bucket policy of the function’s S3 trigger', async () => {
    const byAcl = await audit({
      functions: [fn('f')],
      inventory: {
        ...trigger,
        bucketAcls: acl('http://acs.amazonaws.com/groups/global/AuthenticatedUsers', 'WRITE'),
      },
    });
    assert.deepEqual(
      byAcl.map((f) => [f.rule, f.function, f.resources]),
      [['public-event-source-bucket', 'f', ['arn:aws:s3:::uploads']]],
    );
    const open: Partial<PostureInventory> = {
      resourcePolicies: [
        ...trigger.resourcePolicies,
        {
          resourceType: 's3-bucket',
          resourceArn: 'arn:aws:s3:::uploads',
          file: 'b.json',
          statements: [
            {
              Effect: 'Allow',
              Principal: ANYONE,
              Action: ['s3:PutObject'],
              Resource: ['arn:aws:s3:::uploads/*'],
            },
          ],
        },
      ],
    };
    assert.deepEqual(await rules({ functions: [fn('f')], inventory: open }), [
      'public-event-source-bucket',
      'public-resource-policy',
    ]);
  });
  it('does not fire on the owner’s grants, other buckets, or buckets that trigger nothing', async () => {
    const ownerOnly = acl('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', 'FULL_CONTROL');
    assert.deepEqual(
      await rules({ functions: [fn('f')], inventory: { ...trigger, bucketAcls: ownerOnly } }),
      [],
    );
    const elsewhere = [
      {
        bucket: 'other',
        file: 'o.json',
        grants: [{ grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }],
      },
    ];
    assert.deepEqual(
      await rules({ functions: [fn('f')], inventory: { ...trigger, bucketAcls: elsewhere } }),
      [],
    );
    assert.deepEqual(
      await rules({
        functions: [fn('f')],
        inventory: { ...EMPTY_INVENTORY, bucketAcls: acl('http://acs.amazonaws.com/groups/global/AllUsers') },
      }),
      [],
    );
  });
});

describe('many-trigger-types', () => {
  it('fires on more than one kind: event source mappings, policy principals, a URL', async () => {
    const inventory: Partial<PostureInventory> = {
      ...functionPolicy('f', [
        invoke(
          { Service: ['apigateway.amazonaws.com'] },
          { ArnLike: { 'aws:SourceArn': ['arn:aws:execute-api:eu-west-1:111122223333:api/*'] } },
        ),
      ]),
      eventSourceMappings: [
        {
          uuid: 'u-1',
          functionArn: fnArn('f'),
          eventSourceArn: 'arn:aws:sqs:eu-west-1:111122223333:q',
          kind: 'sqs',
        },
      ],
    };
    const [finding] = await audit({ functions: [fn('f')], inventory });
    assert.equal(finding?.rule, 'many-trigger-types');
    assert.equal(finding?.severity, 'low');
    assert.match(
      finding?.message ?? '',
      /2 kinds of event source \(apigateway: policy statement s; sqs: event source mapping u-1\)/,
    );
  });
  it('does not fire on several triggers of one kind, or on permissions that do not invoke', async () => {
    const inventory: Partial<PostureInventory> = {
      ...functionPolicy('f', [
        invoke(
          { Service: ['sqs.amazonaws.com'] },
          { ArnLike: { 'aws:SourceArn': ['arn:aws:sqs:eu-west-1:111122223333:q'] } },
        ),
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::444455556666:root'] },
          Action: ['lambda:GetFunction'],
          Resource: [fnArn('f')],
        },
      ]),
      eventSourceMappings: [
        {
          uuid: 'u-1',
          functionArn: fnArn('f'),
          eventSourceArn: 'arn:aws:sqs:eu-west-1:111122223333:q',
          kind: 'sqs',
        },
        {
          uuid: 'u-2',
          functionArn: fnArn('f'),
          eventSourceArn: 'arn:aws:sqs:eu-west-1:111122223333:r',
          kind: 'sqs',
        },
      ],
    };
    assert.deepEqual(await rules({ functions: [fn('f')], inventory }), []);
  });
});
