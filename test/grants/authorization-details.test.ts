import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import {
  mergeRoleGrants,
  parseAuthorizationDetails,
  parseAuthorizationSnapshots,
} from '../../src/grants/authorization-details.js';
import { loadFixture } from './helpers.js';

type Json = Record<string, unknown> & {
  RoleDetailList: Record<string, unknown>[];
  Policies: Record<string, unknown>[];
};
const snapshot = (): Json => loadFixture('authorization-details.json') as Json;
const FILE = 'iam.json';

function inputError(run: () => unknown, check: (error: InputError) => void): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    check(error);
    return true;
  });
}

test('a full snapshot: inline, customer managed (default version), AWS managed, boundary, trust', () => {
  const roles = parseAuthorizationDetails(snapshot(), FILE);
  assert.deepEqual(
    roles.map((r) => r.arn),
    [
      'arn:aws:iam::123456789012:role/reports-role',
      'arn:aws:iam::123456789012:role/service-role/orders-api-role',
    ],
  );
  const orders = roles[1];
  assert.ok(orders);
  assert.equal(orders.name, 'orders-api-role');
  assert.equal(orders.path, '/service-role/');
  assert.equal(orders.accountId, '123456789012');
  assert.deepEqual(orders.tags, { app: 'shop', team: 'orders' });
  assert.deepEqual(Object.keys(orders.tags), ['app', 'team']);
  assert.deepEqual(orders.lastUsed, { date: '2024-06-30T21:14:03.000Z', region: 'eu-west-1' });
  assert.deepEqual(
    orders.policies.map((p) => [p.kind, p.name, p.arn]),
    [
      ['inline', 'orders-table-access', undefined],
      [
        'aws-managed',
        'AWSLambdaBasicExecutionRole',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      ],
      ['managed', 'orders-queue', 'arn:aws:iam::123456789012:policy/orders-queue'],
    ],
  );
  assert.equal('arn' in (orders.policies[0] ?? {}), false);
  // v2 is the default version, listed between v3 and v1.
  assert.deepEqual(orders.policies[2]?.document.Statement, [
    {
      Sid: 'SendOrders',
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'],
      Resource: ['arn:aws:sqs:eu-west-1:123456789012:orders'],
    },
  ]);
  assert.equal(orders.permissionsBoundary?.name, 'workload-boundary');
  assert.equal(orders.permissionsBoundary?.kind, 'managed');
  assert.deepEqual(orders.permissionsBoundary?.document.Statement[0]?.NotAction, [
    'iam:*',
    'organizations:*',
    'account:*',
  ]);
  // The trust policy arrives URL-encoded, as IAM's API returns it.
  assert.deepEqual(orders.assumeRolePolicy, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'] }],
  });

  const reports = roles[0];
  assert.ok(reports);
  assert.equal(reports.lastUsed, undefined);
  assert.equal(reports.permissionsBoundary, undefined);
  assert.deepEqual(reports.tags, {});
  assert.deepEqual(reports.policies[1]?.document.Statement[0]?.Action, ['s3:*', 's3-object-lambda:*']);
  assert.equal(reports.policies[1]?.kind, 'aws-managed');
});

test('URL-encoding every document changes nothing', () => {
  const encoded = snapshot();
  const encode = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc));
  for (const role of encoded.RoleDetailList) {
    if (typeof role['AssumeRolePolicyDocument'] !== 'string')
      role['AssumeRolePolicyDocument'] = encode(role['AssumeRolePolicyDocument']);
    for (const inline of role['RolePolicyList'] as Record<string, unknown>[])
      inline['PolicyDocument'] = encode(inline['PolicyDocument']);
  }
  for (const policy of encoded.Policies) {
    for (const version of policy['PolicyVersionList'] as Record<string, unknown>[])
      version['Document'] = encode(version['Document']);
  }
  assert.deepEqual(parseAuthorizationDetails(encoded, FILE), parseAuthorizationDetails(snapshot(), FILE));
});

test('a missing attached policy names the role and the policy, and says to drop --filter', () => {
  const filtered = snapshot();
  filtered.Policies = filtered.Policies.filter((p) => !String(p['Arn']).startsWith('arn:aws:iam::aws:'));
  inputError(
    () => parseAuthorizationDetails(filtered, FILE),
    (error) => {
      assert.equal(error.file, FILE);
      assert.match(error.problem, /role orders-api-role/);
      assert.match(error.problem, /arn:aws:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole/);
      assert.match(error.problem, /without --filter/);
      assert.equal(error.pointer, '/RoleDetailList/0/AttachedManagedPolicies/0');
    },
  );
  const noBoundary = snapshot();
  noBoundary.Policies = noBoundary.Policies.filter((p) => p['PolicyName'] !== 'workload-boundary');
  inputError(
    () => parseAuthorizationDetails(noBoundary, FILE),
    (error) =>
      assert.match(
        error.problem,
        /permissions boundary arn:aws:iam::123456789012:policy\/boundaries\/workload-boundary/,
      ),
  );
});

test('--filter-ed pieces read together equal the full snapshot', () => {
  const full = snapshot();
  const rolesOnly = { RoleDetailList: full.RoleDetailList };
  const local = { Policies: full.Policies.filter((p) => !String(p['Arn']).startsWith('arn:aws:iam::aws:')) };
  const awsManaged = {
    Policies: full.Policies.filter((p) => String(p['Arn']).startsWith('arn:aws:iam::aws:')),
  };
  const pieces = parseAuthorizationSnapshots([
    { json: rolesOnly, file: 'roles.json' },
    { json: local, file: 'local.json' },
    { json: awsManaged, file: 'aws.json' },
  ]);
  assert.deepEqual(pieces, parseAuthorizationDetails(snapshot(), FILE));
  assert.deepEqual(parseAuthorizationDetails(local, 'local.json'), []);
});

test('the same role in two snapshots is merged; different policies are a conflict', () => {
  const older = snapshot();
  const orders = older.RoleDetailList[0] as Record<string, unknown>;
  orders['RoleLastUsed'] = { LastUsedDate: '2024-01-01T00:00:00Z', Region: 'us-east-1' };
  orders['Tags'] = [
    { Key: 'team', Value: 'old-team' },
    { Key: 'legacy', Value: 'yes' },
  ];
  const merged = parseAuthorizationSnapshots([
    { json: snapshot(), file: 'new.json' },
    { json: older, file: 'old.json' },
  ]);
  assert.equal(merged.length, 2);
  assert.deepEqual(merged[1]?.lastUsed, { date: '2024-06-30T21:14:03.000Z', region: 'eu-west-1' });
  assert.deepEqual(merged[1]?.tags, { app: 'shop', legacy: 'yes', team: 'old-team' });

  const changed = snapshot();
  (changed.RoleDetailList[1] as Record<string, unknown>)['RolePolicyList'] = [];
  inputError(
    () =>
      parseAuthorizationSnapshots([
        { json: snapshot(), file: 'a.json' },
        { json: changed, file: 'b.json' },
      ]),
    (error) => {
      assert.equal(error.file, 'b.json');
      assert.match(
        error.problem,
        /role arn:aws:iam::123456789012:role\/reports-role is also in a\.json with different policies/,
      );
    },
  );
  assert.deepEqual(mergeRoleGrants([]), []);
  // Already-parsed lists merge the same way; unnamed sources are numbered in messages.
  assert.deepEqual(
    mergeRoleGrants([
      parseAuthorizationDetails(snapshot(), 'new.json'),
      parseAuthorizationDetails(older, 'old.json'),
    ]),
    merged,
  );
  inputError(
    () =>
      mergeRoleGrants([
        parseAuthorizationDetails(snapshot(), 'a.json'),
        parseAuthorizationDetails(changed, 'b.json'),
      ]),
    (error) => assert.match(error.message, /^IAM snapshot #2: role .* is also in IAM snapshot #1/),
  );
});

test('files that are not a snapshot, and broken roles, are input errors', () => {
  const notSnapshot = /not the output of aws iam get-account-authorization-details \(no RoleDetailList\)/;
  for (const json of [{ Functions: [] }, [], 'text', null, { RoleDetailList: {} }]) {
    inputError(
      () => parseAuthorizationDetails(json, FILE),
      (error) => assert.match(error.problem, notSnapshot),
    );
  }
  const badArn = snapshot();
  (badArn.RoleDetailList[0] as Record<string, unknown>)['Arn'] = 'arn:aws:iam::123456789012:user/x';
  inputError(
    () => parseAuthorizationDetails(badArn, FILE),
    (error) => {
      assert.match(error.problem, /not an IAM role ARN/);
      assert.equal(error.pointer, '/RoleDetailList/0/Arn');
    },
  );
  const badStatement = snapshot();
  const inline = (
    badStatement.RoleDetailList[0]?.['RolePolicyList'] as Record<string, Record<string, unknown[]>>[]
  )[0];
  (inline?.['PolicyDocument']?.['Statement']?.[1] as Record<string, unknown>)['NotAction'] = 'dynamodb:Scan';
  inputError(
    () => parseAuthorizationDetails(badStatement, FILE),
    (error) => {
      assert.match(error.problem, /both Action and NotAction/);
      assert.equal(error.pointer, '/RoleDetailList/0/RolePolicyList/0/PolicyDocument/Statement/1');
    },
  );
  const noDefault = snapshot();
  for (const version of noDefault.Policies[0]?.['PolicyVersionList'] as Record<string, unknown>[])
    version['IsDefaultVersion'] = false;
  noDefault.Policies[0]!['DefaultVersionId'] = 'v9';
  inputError(
    () => parseAuthorizationDetails(noDefault, FILE),
    (error) => {
      assert.match(
        error.problem,
        /policy arn:aws:iam::123456789012:policy\/orders-queue has no default version/,
      );
      assert.equal(error.pointer, '/Policies/0');
    },
  );
  // A managed policy attached to many roles is the same normalised document for each.
  const shared = snapshot();
  const reportsRole = shared.RoleDetailList[1] as Record<string, unknown>;
  reportsRole['AttachedManagedPolicies'] = [
    { PolicyName: 'orders-queue', PolicyArn: 'arn:aws:iam::123456789012:policy/orders-queue' },
  ];
  const [reports, orders] = parseAuthorizationDetails(shared, FILE);
  assert.equal(reports?.policies[1]?.document, orders?.policies[2]?.document);
});
