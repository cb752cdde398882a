/** A second pare run on an account already split per function patches each function's own statements. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { PATCHERS, patchContext, readAnalyzeOutput } from '../../src/app/patch.js';
import type { RoleTarget } from '../../src/iac/model.js';
import { planPatches } from '../../src/iac/patch.js';
import { exampleFiles, FIXTURES } from './helpers.js';

const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/wild-rydes-ride-record-dev-RideRecordTable-1O6M5XW4Y9Q8Z`;

function functionRole(name: string, fn: string, statements: RoleTarget['policy']['Statement']): RoleTarget {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    tags: {},
    functions: [fn],
    policy: { Version: '2012-10-17', Statement: statements },
    perFunction: {},
    evidence: { callsBySid: {}, callsByFunction: {}, unused: {} },
  };
}

async function splitRideRecord(): Promise<string> {
  const roles = await readAnalyzeOutput(join(FIXTURES, 'analyze-out'));
  const files = (await exampleFiles()).filter((f) => f.path.startsWith('wild-rydes-ride-record/'));
  const plan = planPatches(files, roles, [], PATCHERS, await patchContext(roles.findings));
  return plan.changes[0]?.after ?? assert.fail('no first patch');
}

test("the plugin's role names resolve to functions.<key>; only that function's statements change", async () => {
  const split = await splitRideRecord();
  const path = 'wild-rydes-ride-record/serverless.yml';
  // PutRideRecordSns stopped sending to its dead-letter queue; GetRideRecord is as it was.
  const sns = functionRole(
    'wild-rydes-ride-record-dev-PutRideRecordSns-us-east-1-lambdaRole',
    'wild-rydes-ride-record-dev-PutRideRecordSns',
    [{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [TABLE] }],
  );
  const get = functionRole(
    'wild-rydes-ride-record-dev-GetRideRecord-us-east-1-lambdaRole',
    'wild-rydes-ride-record-dev-GetRideRecord',
    [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [TABLE] }],
  );
  const plan = planPatches([{ path, text: split }], [sns, get], [], PATCHERS);
  assert.deepEqual(
    plan.resolutions.map((r) => `${r.logicalId} ${r.by}`),
    ['functions.PutRideRecordSns per-function-naming', 'functions.GetRideRecord per-function-naming'],
  );
  const after = plan.changes[0]?.after ?? assert.fail('no change');
  const functions = (parse(after) as { functions: Record<string, { iamRoleStatements: unknown[] }> })
    .functions;
  assert.equal(functions['PutRideRecordSns']?.iamRoleStatements.length, 1);
  assert.doesNotMatch(after, /sqs:SendMessage/);
  const before = (parse(split) as { functions: typeof functions }).functions;
  for (const key of ['GetRideRecord', 'PutRideRecordHttp', 'UpdateRideRecord', 'DeleteRideRecord'])
    assert.deepEqual(functions[key], before[key], key);
});

test('past 64 characters the plugin drops -lambdaRole; iamRoleStatementsName names the role outright', () => {
  const service = 'a-rather-long-service-name-for-rides';
  const text = `service: ${service}
plugins:
  - serverless-iam-roles-per-function
provider:
  name: aws
functions:
  recordTheRide:
    handler: h.record
    iamRoleStatements:
      - Effect: Allow
        Action: 'dynamodb:*'
        Resource: '*'
  named:
    handler: h.named
    iamRoleStatementsName: \${self:service}-named-\${sls:stage}
    iamRoleStatements: []
`;
  const put = [{ Effect: 'Allow' as const, Action: ['dynamodb:PutItem'], Resource: [TABLE] }];
  const long = `${service}-dev-recordTheRide-us-east-1`;
  assert.ok(`${long}-lambdaRole`.length > 64 && long.length <= 64);
  const roles = [
    functionRole(long, `${service}-dev-recordTheRide`, put),
    functionRole(`${long}-lambdaRole`, 'x', put),
    functionRole(`${service}-named-dev`, `${service}-dev-named`, put),
  ];
  const plan = planPatches([{ path: 'serverless.yml', text }], roles, [], PATCHERS);
  assert.deepEqual(
    plan.resolutions.map((r) => `${r.role} ${r.logicalId} ${r.by}`),
    [`${long} functions.recordTheRide per-function-naming`, `${service}-named-dev functions.named role-name`],
  );
  // The name with -lambdaRole is longer than IAM allows: no such role, whatever its name claims.
  assert.deepEqual(plan.unresolved, [`${long}-lambdaRole`]);
});
