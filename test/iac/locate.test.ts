import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateFunction, locateKey, locateResolution } from '../../src/iac/locate.js';
import type { Resolution } from '../../src/iac/model.js';

const YAML = `# a SAM template
Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt HandlerRole.Arn
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Table
  HandlerRole:
    Type: AWS::IAM::Role
`;

const JSON_TEMPLATE = `{
  "Resources": {
    "Other": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "{\\"Resources\\"}" } },
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": { "FunctionName": "orders" }
    }
  }
}
`;

const at = (logicalId: string): Resolution => ({ role: 'r', path: 'x', logicalId, by: 'tags' });

test('YAML: the key of a path, 1-based line and column; short-form tags parse', () => {
  const file = { path: 'app/template.yaml', text: YAML };
  assert.deepEqual(locateKey(file, ['Resources', 'HandlerRole']), { path: file.path, line: 13, column: 3 });
  assert.deepEqual(locateKey(file, ['Resources', 'Handler', 'Properties', 'Policies']), {
    path: file.path,
    line: 10,
    column: 7,
  });
  assert.equal(locateKey(file, ['Resources', 'Missing']), undefined);
  // A SAM function's grants are its Policies; a role is its resource.
  assert.equal(locateResolution(file, at('Handler'))?.line, 10);
  assert.equal(locateResolution(file, at('HandlerRole'))?.line, 13);
});

test('JSON: a scanner that skips strings, escapes and nested values', () => {
  const file = { path: 't.json', text: JSON_TEMPLATE };
  assert.deepEqual(locateKey(file, ['Resources', 'Fn']), { path: 't.json', line: 4, column: 5 });
  assert.deepEqual(locateKey(file, ['Resources', 'Fn', 'Properties', 'FunctionName']), {
    path: 't.json',
    line: 6,
    column: 23,
  });
  // `Resources` inside a string value is not a key.
  assert.deepEqual(locateKey(file, ['Resources']), { path: 't.json', line: 2, column: 3 });
  assert.equal(locateKey(file, ['Fn']), undefined);
  assert.deepEqual(locateFunction([file], { name: 'orders', tags: {} }), {
    path: 't.json',
    line: 4,
    column: 5,
  });
});

test('serverless.yml: provider statements (v3 or v1) and functions by generated or explicit name', () => {
  const v3 = {
    path: 'svc/serverless.yml',
    text: `service: rides
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
functions:
  GetRide:
    handler: h.get
  PutRide:
    name: put-ride
    handler: h.put
    iamRoleStatements: []
`,
  };
  assert.equal(locateResolution(v3, at('provider'))?.line, 6);
  assert.equal(locateResolution(v3, at('PutRide'))?.line, 14);
  assert.equal(locateFunction([v3], { name: 'rides-prod-GetRide', tags: {} })?.line, 9);
  assert.equal(locateFunction([v3], { name: 'put-ride', tags: {} })?.line, 11);
  assert.equal(locateFunction([v3], { name: 'other-prod-GetRide', tags: {} }), undefined);
  const v1 = {
    path: 'serverless.yml',
    text: 'service: s\nprovider:\n  name: aws\n  iamRoleStatements: []\n',
  };
  assert.deepEqual(locateResolution(v1, at('provider')), { path: 'serverless.yml', line: 4, column: 3 });
});

test('CloudFormation functions by their stack tags; Terraform blocks by address and function_name', () => {
  const file = { path: 'app/template.yaml', text: YAML };
  const tags = { 'aws:cloudformation:stack-name': 'app', 'aws:cloudformation:logical-id': 'Handler' };
  assert.equal(locateFunction([file], { name: 'app-Handler-1A2B3C4D5E6F', tags })?.line, 6);
  assert.equal(
    locateFunction([file], {
      name: 'app-Handler-1A2B3C4D5E6F',
      tags: { ...tags, 'aws:cloudformation:stack-name': 'b' },
    }),
    undefined,
  );
  const tf = {
    path: 'orders/main.tf',
    text: `resource "aws_iam_role" "orders" {
  name = "orders"
}

resource "aws_lambda_function" "orders" {
  function_name = "orders-fn"
  role          = aws_iam_role.orders.arn
}
`,
  };
  assert.deepEqual(locateResolution(tf, at('aws_iam_role.orders')), { path: tf.path, line: 1, column: 1 });
  assert.equal(locateFunction([tf], { name: 'orders-fn', tags: {} })?.line, 5);
  assert.equal(locateFunction([tf], { name: 'orders', tags: {} }), undefined);
});
