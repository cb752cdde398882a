import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthorizationDetails } from '../../src/grants/authorization-details.js';
import {
  allowStatementsFor,
  coversPattern,
  deniesFor,
  evaluate,
  type Decision,
  type MatchedStatement,
} from '../../src/grants/evaluate.js';
import type { RoleGrants } from '../../src/model/grants.js';
import { loadFixture, roleWith } from './helpers.js';

const roles = parseAuthorizationDetails(loadFixture('authorization-details.json'), 'iam.json');
const reports = roles[0] as RoleGrants;
const orders = roles[1] as RoleGrants;
const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret';

const sids = (statements: MatchedStatement[]): (string | undefined)[] =>
  statements.map((m) => m.statement.Sid);
function summary(decision: Decision): Record<string, unknown> {
  const out: Record<string, unknown> = { decision: decision.decision };
  if (decision.decision === 'allowed') out['by'] = sids(decision.allowedBy);
  if (decision.decision === 'explicit-deny') out['by'] = sids(decision.deniedBy);
  if (decision.conditionalDenies.length > 0) out['conditional'] = sids(decision.conditionalDenies);
  return out;
}

test('identity Allows decide, naming the statements that allow', () => {
  assert.deepEqual(summary(evaluate(orders, 'dynamodb:GetItem', `${TABLE}/orders`)), {
    decision: 'allowed',
    by: ['OrdersTable'],
  });
  assert.deepEqual(summary(evaluate(orders, 'DynamoDB:query', `${TABLE}/orders/index/by-date`)), {
    decision: 'allowed',
    by: ['OrdersTable'],
  });
  assert.deepEqual(summary(evaluate(orders, 'dynamodb:GetItem', `${TABLE}/customers`)), {
    decision: 'implicit-deny',
  });
  assert.deepEqual(
    summary(evaluate(orders, 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:123456789012:orders')),
    {
      decision: 'allowed',
      by: ['SendOrders'],
    },
  );
  // v1 (sqs:*) and v3 of the customer managed policy are not in force.
  assert.equal(
    evaluate(orders, 'sqs:DeleteQueue', 'arn:aws:sqs:eu-west-1:123456789012:orders').decision,
    'implicit-deny',
  );
  const allowed = evaluate(
    orders,
    'logs:PutLogEvents',
    'arn:aws:logs:eu-west-1:123456789012:log-group:/shop/orders-api:log-stream:x',
  );
  assert.equal(allowed.decision, 'allowed');
  assert.equal(allowed.decision === 'allowed' && allowed.allowedBy[0]?.policy.kind, 'aws-managed');
  assert.deepEqual(allowed.decision === 'allowed' && allowed.allowedBy[0]?.policy, {
    kind: 'aws-managed',
    name: 'AWSLambdaBasicExecutionRole',
    arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  });
});

test('an Allow with a Condition matches and carries its condition', () => {
  const decision = evaluate(orders, 'kms:Decrypt', 'arn:aws:kms:eu-west-1:123456789012:key/abcd');
  assert.equal(decision.decision, 'allowed');
  assert.ok(decision.decision === 'allowed' && decision.allowedBy[0]?.statement.Condition?.['StringEquals']);
});

test('an explicit Deny wins; NotResource and NotAction Denies apply outside their lists', () => {
  assert.deepEqual(summary(evaluate(orders, 'dynamodb:DeleteTable', `${TABLE}/orders`)), {
    decision: 'explicit-deny',
    by: ['NeverDropTables'],
  });
  assert.deepEqual(summary(evaluate(reports, 's3:DeleteObject', 'arn:aws:s3:::reports-bucket/2024/x.csv')), {
    decision: 'explicit-deny',
    by: ['KeepArchive'],
  });
  assert.deepEqual(summary(evaluate(reports, 's3:DeleteObject', 'arn:aws:s3:::reports-scratch/tmp.csv')), {
    decision: 'allowed',
    by: [undefined],
  });
  assert.deepEqual(
    summary(evaluate(reports, 'lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:function:f')),
    {
      decision: 'explicit-deny',
      by: ['NoIdentityChanges'],
    },
  );
});

test('a Deny with a Condition does not decide but is returned to carry', () => {
  assert.deepEqual(summary(evaluate(reports, 's3:PutObject', 'arn:aws:s3:::reports-bucket/x.csv')), {
    decision: 'allowed',
    by: [undefined],
    conditional: ['EncryptedPutsOnly'],
  });
  assert.deepEqual(summary(evaluate(reports, 's3:PutObject', 'arn:aws:s3:::other-bucket/x.csv')), {
    decision: 'allowed',
    by: [undefined],
  });
});

test('? matches one character: the Secrets Manager random suffix', () => {
  assert.equal(
    evaluate(reports, 'secretsmanager:GetSecretValue', `${SECRET}:reports/db-AbC123`).decision,
    'allowed',
  );
  assert.equal(
    evaluate(reports, 'secretsmanager:GetSecretValue', `${SECRET}:reports/db-AbC12`).decision,
    'implicit-deny',
  );
});

test('a resource of * applies only statements whose Resource takes in the literal *', () => {
  assert.equal(evaluate(reports, 's3:ListAllMyBuckets', '*').decision, 'allowed');
  const role = roleWith([
    { Effect: 'Allow', Action: 'dynamodb:*', Resource: `${TABLE}/*` },
    { Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:*' },
    { Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' },
    { Effect: 'Allow', Action: 'sns:ListTopics', NotResource: 'arn:aws:sns:*' },
  ]);
  assert.equal(evaluate(role, 'dynamodb:ListTables', '*').decision, 'implicit-deny');
  assert.equal(evaluate(role, 'sqs:ListQueues', '*').decision, 'allowed');
  assert.equal(evaluate(role, 'sns:ListTopics', '*').decision, 'allowed');
});

test('the permissions boundary caps what identity policies allow', () => {
  const role = roleWith(
    [{ Effect: 'Allow', Action: ['iam:PassRole', 's3:*'], Resource: '*' }],
    [
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 's3:PutBucketPolicy',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ],
  );
  assert.equal(evaluate(role, 'iam:PassRole', 'arn:aws:iam::111122223333:role/x').decision, 'boundary-deny');
  assert.equal(evaluate(role, 's3:GetObject', 'arn:aws:s3:::b/k').decision, 'allowed');
  const denied = evaluate(role, 's3:DeleteBucket', 'arn:aws:s3:::b');
  assert.equal(denied.decision, 'explicit-deny');
  assert.equal(denied.decision === 'explicit-deny' && denied.deniedBy[0]?.policy.name, 'boundary');
  assert.equal(evaluate(role, 's3:PutBucketPolicy', 'arn:aws:s3:::b').conditionalDenies.length, 1);
  assert.equal(evaluate(orders, 'iam:PassRole', '*').decision, 'implicit-deny');
});

test('policy variables: an Allow matches, a Deny only conditionally', () => {
  const role = roleWith([
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/private/*' },
  ]);
  assert.deepEqual(summary(evaluate(role, 's3:GetObject', 'arn:aws:s3:::home/alice/private/x')), {
    decision: 'allowed',
    by: [undefined],
    conditional: [undefined],
  });
  assert.equal(coversPattern(role, 's3:GetObject', 'arn:aws:s3:::home/alice/x'), false);
});

test('allowStatementsFor: every Allow for the action, whatever the resource', () => {
  assert.deepEqual(sids(allowStatementsFor(orders, 'dynamodb:getitem')), ['OrdersTable']);
  assert.deepEqual(sids(allowStatementsFor(orders, 'kms:Decrypt')), ['DecryptViaDynamo']);
  assert.deepEqual(allowStatementsFor(orders, 'dynamodb:DeleteTable'), []);
});

test('coversPattern: a generalised ARN inside one unconditional Allow and away from every Deny', () => {
  assert.equal(coversPattern(orders, 'dynamodb:Query', `${TABLE}/orders/index/*`), true);
  assert.equal(coversPattern(orders, 'dynamodb:Query', `${TABLE}/orders`), true);
  assert.equal(coversPattern(orders, 'dynamodb:Query', `${TABLE}/*`), false);
  assert.equal(coversPattern(orders, 'kms:Decrypt', 'arn:aws:kms:eu-west-1:123456789012:key/abcd'), false);
  assert.equal(coversPattern(reports, 's3:GetObject', 'arn:aws:s3:::reports-bucket/*'), true);
  assert.equal(coversPattern(reports, 's3:PutObject', 'arn:aws:s3:::reports-bucket/*'), false);
  assert.equal(coversPattern(reports, 's3:PutObject', 'arn:aws:s3:::other-bucket/*'), true);
  assert.equal(coversPattern(reports, 's3:DeleteObject', 'arn:aws:s3:::reports-scratch/*'), true);
  assert.equal(coversPattern(reports, 's3:DeleteObject', 'arn:aws:s3:::reports-*'), false);
  assert.equal(coversPattern(reports, 'secretsmanager:GetSecretValue', `${SECRET}:reports/db-??????`), true);
  assert.equal(coversPattern(reports, 'secretsmanager:GetSecretValue', `${SECRET}:reports/db-*`), false);
  const bounded = roleWith(
    [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    [
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::allowed-*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
  );
  assert.equal(coversPattern(bounded, 's3:GetObject', 'arn:aws:s3:::allowed-bucket/*'), true);
  assert.equal(coversPattern(bounded, 's3:GetObject', 'arn:aws:s3:::other/*'), false);
});

test('deniesFor: the identity Denies a generated policy must carry', () => {
  assert.deepEqual(sids(deniesFor(reports, ['s3:PutObject'])), ['EncryptedPutsOnly']);
  assert.deepEqual(sids(deniesFor(reports, ['s3:DeleteObject', 'lambda:InvokeFunction'])), [
    'KeepArchive',
    'NoIdentityChanges',
  ]);
  assert.deepEqual(sids(deniesFor(reports, ['s3:GetObject'])), []);
  assert.deepEqual(sids(deniesFor(orders, ['dynamodb:*'])), ['NeverDropTables']);
  // The boundary's Deny stays with the boundary.
  assert.deepEqual(deniesFor(orders, ['s3:DeleteBucket']), []);
});
