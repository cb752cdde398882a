import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFromData, type CatalogAction } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { parseAuthorizationDetails } from '../../src/grants/authorization-details.js';
import { grantedActions } from '../../src/grants/granted-actions.js';
import type { RoleGrants } from '../../src/model/grants.js';
import { loadFixture, roleWith } from './helpers.js';

const roles = parseAuthorizationDetails(loadFixture('authorization-details.json'), 'iam.json');
const reports = roles[0] as RoleGrants;
const orders = roles[1] as RoleGrants;

const action = (service: string, name: string, resourceTypes: string[] = ['thing']): CatalogAction => ({
  service,
  name,
  accessLevel: 'Read',
  resourceTypes: resourceTypes.map((r) => ({ name: r, required: true })),
});
const small = catalogFromData({
  version: 'test',
  services: {
    s3: {
      actions: [
        action('s3', 'GetObject', ['object']),
        action('s3', 'PutObject', ['object']),
        action('s3', 'DeleteBucket', ['bucket']),
        action('s3', 'ListAllMyBuckets', []),
      ],
      arnFormats: {},
    },
    iam: { actions: [action('iam', 'PassRole', ['role']), action('iam', 'ListRoles', [])], arnFormats: {} },
    sqs: { actions: [action('sqs', 'SendMessage', ['queue'])], arnFormats: {} },
  },
});

test('the fixture roles, expanded through the real IAM catalog', async () => {
  const catalog = await loadCatalog();
  const granted = grantedActions(orders, catalog);
  assert.deepEqual(
    [...granted.keys()],
    [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'kms:Decrypt',
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ],
  );
  assert.deepEqual(
    granted.get('kms:Decrypt')?.map((m) => m.statement.Sid),
    ['DecryptViaDynamo'],
  );

  const s3 = grantedActions(reports, catalog);
  const expected = catalog.expand('s3:*').length + catalog.expand('s3-object-lambda:*').length + 1;
  assert.equal(s3.size, expected);
  assert.ok(s3.has('s3:DeleteObject'), 'a NotResource Deny leaves other resources granted');
  assert.ok(s3.has('s3:ListAllMyBuckets'));
  assert.ok(s3.has('secretsmanager:GetSecretValue'));
  assert.equal(s3.get('s3:GetObject')?.[0]?.policy.name, 'AmazonS3FullAccess');
  assert.deepEqual([...s3.keys()], [...s3.keys()].sort());
});

test('* and NotAction expand through the catalog, in its spelling', () => {
  const granted = grantedActions(roleWith([{ Effect: 'Allow', NotAction: ['IAM:*'], Resource: '*' }]), small);
  assert.deepEqual(
    [...granted.keys()],
    ['s3:DeleteBucket', 's3:GetObject', 's3:ListAllMyBuckets', 's3:PutObject', 'sqs:SendMessage'],
  );
  const all = grantedActions(roleWith([{ Effect: 'Allow', Action: ['*'], Resource: '*' }]), small);
  assert.equal(all.size, 7);
  const gets = grantedActions(
    roleWith([{ Effect: 'Allow', Action: ['S3:get*', 's3:GetObject'], Resource: '*' }]),
    small,
  );
  assert.deepEqual([...gets.keys()], ['s3:GetObject']);
  assert.equal(gets.get('s3:GetObject')?.length, 1);
});

test('an action with no resource-level permission is granted only through a Resource that takes in *', () => {
  const scoped = grantedActions(
    roleWith([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }]),
    small,
  );
  assert.deepEqual([...scoped.keys()], ['s3:DeleteBucket', 's3:GetObject', 's3:PutObject']);
  const excluded = grantedActions(
    roleWith([{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }]),
    small,
  );
  assert.ok(excluded.has('s3:ListAllMyBuckets'));
  const nothing = grantedActions(roleWith([{ Effect: 'Allow', Action: 's3:*', NotResource: '*' }]), small);
  assert.equal(nothing.size, 0);
});

test('unconditional Denies on every resource subtract; partial or conditional ones do not', () => {
  const role = roleWith([
    { Effect: 'Allow', Action: ['s3:*', 'iam:*', 'sqs:*'], Resource: '*' },
    { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
    {
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
    // Denies everything except one bucket: for an action authorised against `*`, that is everything.
    { Effect: 'Deny', Action: ['s3:ListAllMyBuckets', 'sqs:SendMessage'], NotResource: 'arn:aws:s3:::b' },
  ]);
  assert.deepEqual(
    [...grantedActions(role, small).keys()],
    ['iam:ListRoles', 'iam:PassRole', 's3:GetObject', 's3:PutObject', 'sqs:SendMessage'],
  );
});

test('a permissions boundary restricts the granted actions to its own', () => {
  const role = roleWith(
    [{ Effect: 'Allow', Action: ['s3:*', 'iam:*'], Resource: '*' }],
    [
      { Effect: 'Allow', Action: ['s3:Get*', 's3:Put*', 'iam:List*'], Resource: '*' },
      { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
    ],
  );
  assert.deepEqual([...grantedActions(role, small).keys()], ['iam:ListRoles', 's3:GetObject']);
});
