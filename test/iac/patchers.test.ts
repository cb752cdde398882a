import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PATCHERS } from '../../src/app/patch.js';
import type { RoleTarget } from '../../src/iac/model.js';
import { planPatches } from '../../src/iac/patch.js';
import { THUMBNAIL_ROLE } from './helpers.js';

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler   # the entry point
      Environment:
        Variables:
          NAME: !Sub '\${AWS::StackName}-worker'
          PARTS: !Join [ '-', [ !Ref Stage, !Select [0, !Split [',', 'a,b']] ] ]
          MODE: !If [IsProd, fast, slow]
          TABLE: !GetAtt Jobs.Arn
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Jobs
  Jobs:
    Type: AWS::DynamoDB::Table
`;

function target(
  name: string,
  statements: RoleTarget['policy']['Statement'],
  extra: Partial<RoleTarget> = {},
): RoleTarget {
  return {
    name,
    arn: `arn:aws:iam::123456789012:role/${name}`,
    tags: {},
    functions: [],
    policy: { Version: '2012-10-17', Statement: statements },
    perFunction: {},
    evidence: { callsBySid: {}, callsByFunction: {}, unused: {} },
    ...extra,
  };
}

test('SAM: short-form intrinsics and comments come back unchanged; only Policies changes', () => {
  const role = target('jobs-WorkerRole-ABCDEFGH1234', [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem'],
      Resource: ['arn:aws:dynamodb:us-east-1:123456789012:table/jobs-Jobs-ZYXWVUT987'],
    },
  ]);
  const plan = planPatches([{ path: 'template.yaml', text: SAM }], [role], [], PATCHERS);
  const after = plan.changes[0]?.after ?? assert.fail('no change');
  assert.equal(plan.resolutions[0]?.by, 'sam-implicit-role');
  const [head, tail] = SAM.split('      Policies:\n');
  assert.ok(after.startsWith(`${head}      Policies:\n`), 'everything above Policies is byte-identical');
  assert.ok(after.endsWith(tail?.slice(tail.indexOf('  Jobs:')) ?? ''));
  assert.match(
    after,
    /Policies:\n {8}- Statement:\n {12}- Effect: Allow\n {14}Action:\n {16}- dynamodb:GetItem\n {14}Resource: !GetAtt Jobs\.Arn\n/,
  );
});

test('--map names the resource when the naming rules cannot; an unknown role is listed unresolved', () => {
  const role = { ...THUMBNAIL_ROLE, name: 'hand-named-role', tags: {} };
  const files = [
    {
      path: 'media/template.yaml',
      text: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ThumbnailRole:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: []\n',
    },
  ];
  assert.deepEqual(planPatches(files, [role], [], PATCHERS).unresolved, ['hand-named-role']);
  const plan = planPatches(
    files,
    [role],
    [{ role: 'hand-named-role', path: 'media/template.yaml', logicalId: 'ThumbnailRole' }],
    PATCHERS,
  );
  assert.deepEqual(plan.unresolved, []);
  assert.equal(plan.resolutions[0]?.by, 'override');
  assert.match(
    plan.changes[0]?.after ?? '',
    /Policies:\n {8}- PolicyName: least-privilege\n {10}PolicyDocument:\n {12}Version: "2012-10-17"\n/,
  );
});

test('Serverless v3: provider.iam.role.statements and managedPolicies', () => {
  const text = `service: orders
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess
      statements:
        - Effect: Allow
          Action: 'dynamodb:*'
          Resource: '*'
functions:
  place:
    handler: place.handler
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: orders-table
`;
  const role = target('orders-prod-eu-west-1-lambdaRole', [
    {
      Effect: 'Allow',
      Action: ['dynamodb:PutItem'],
      Resource: ['arn:aws:dynamodb:eu-west-1:123456789012:table/orders-table'],
    },
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream'],
      Resource: ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-prod-place:*'],
    },
  ]);
  const plan = planPatches([{ path: 'orders/serverless.yml', text }], [role], [], PATCHERS);
  assert.equal(
    plan.changes[0]?.after,
    text
      .replace('      managedPolicies:\n        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess\n', '')
      .replace(
        "        - Effect: Allow\n          Action: 'dynamodb:*'\n          Resource: '*'\n",
        '        - Effect: Allow\n          Action:\n            - dynamodb:PutItem\n          Resource:\n            Fn::GetAtt:\n              - OrdersTable\n              - Arn\n',
      ),
  );
});
