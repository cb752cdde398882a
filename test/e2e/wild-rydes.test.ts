import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { RoleAnalysis } from '../../src/analysis/analyse.js';
import { analyzeAccount, type AccountRun } from '../helpers/analyze.js';
import { ROOT } from '../helpers/cli.js';
import {
  assertComplete,
  assertNeverWider,
  assertUsageMatches,
  roleOf,
  type ExpectedAccount,
  type KnownGaps,
} from '../helpers/promise.js';

/**
 * The bundled example against the truth its generator wrote (examples/wild-rydes/expected.json): what
 * pare reads from the logs, and the promise for the policies it writes.
 */
const EXAMPLE = join(ROOT, 'examples/wild-rydes');

const expected = JSON.parse(readFileSync(join(EXAMPLE, 'expected.json'), 'utf8')) as ExpectedAccount;
let account: AccountRun;
before(async () => {
  account = await analyzeAccount(EXAMPLE, { perFunction: true });
});

const role = (name: string): RoleAnalysis => roleOf(account, name);

const GAPS: KnownGaps = {
  unresolved: {
    'iam:GetRole': 'a role name gives no ARN without the role path (refused, so no response names it)',
  },
  notInferred: new Set(),
};

test('usage read from the logs is what the generator wrote, role by role', () => {
  assertUsageMatches(account, expected, GAPS);
});

test('every call the generator made stays allowed by the generated policy', () => {
  assertComplete(account, expected);
});

test('the generated policies grant nothing the roles did not have', () => {
  assertNeverWider(account, expected);
});

const TABLE =
  'arn:aws:dynamodb:us-east-1:123456789012:table/wild-rydes-ride-record-dev-RideRecordTable-1O6M5XW4Y9Q8Z';
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:wild-rydes-ride-record-dev-PutRideRecordSnsDlq-1XK8QZ7T4M2PA';

test('--per-function arrives at the workshop answer for the shared ride-record role', () => {
  const shared = role('wild-rydes-ride-record-dev-us-east-1-lambdaRole');
  const want: Record<string, string[]> = {
    PutRideRecordHttp: ['dynamodb:PutItem'],
    PutRideRecordSns: ['dynamodb:PutItem', 'sqs:SendMessage'],
    UpdateRideRecord: ['dynamodb:UpdateItem'],
    DeleteRideRecord: ['dynamodb:DeleteItem'],
    GetRideRecord: ['dynamodb:GetItem'],
  };
  assert.equal(shared.perFunction.length, 5);
  for (const f of shared.perFunction) {
    const short = f.function.name.replace('wild-rydes-ride-record-dev-', '');
    const statements = f.synth.documents.flatMap((d) => d.Statement);
    const nonLog = statements.filter((s) => !(s.Action ?? []).every((a) => a.startsWith('logs:')));
    assert.deepEqual(nonLog.flatMap((s) => s.Action ?? []).sort(), want[short], short);
    for (const s of nonLog) {
      assert.deepEqual(
        s.Resource,
        s.Action?.includes('sqs:SendMessage') ? [DLQ] : [TABLE],
        `${short} resources`,
      );
    }
    for (const s of statements.filter((x) => (x.Action ?? []).every((a) => a.startsWith('logs:')))) {
      for (const resource of s.Resource ?? []) {
        assert.ok(
          resource.includes(`/aws/lambda/${f.function.name}:`),
          `${short}: logs only on its own log group (${resource})`,
        );
      }
    }
  }
});

test('the shared role: unused DynamoDB item actions on * go, the table ARN stays, the DLQ is kept', () => {
  const shared = role('wild-rydes-ride-record-dev-us-east-1-lambdaRole');
  const statements = shared.synth.documents.flatMap((d) => d.Statement);
  const dynamo = statements.find((s) => s.Sid === 'DynamodbObserved');
  assert.deepEqual(dynamo?.Action, [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ]);
  assert.deepEqual(dynamo?.Resource, [TABLE]);
  assert.ok(statements.some((s) => s.Action?.includes('sqs:SendMessage') && s.Resource?.includes(DLQ)));
  const findings = account.run.analysis.findings
    .filter((f) => f.role === shared.role.name)
    .map((f) => f.rule);
  assert.ok(findings.includes('wildcard-resource-where-concrete-used'));
});

test('AmazonS3FullAccess on the data lake becomes PutObject on its prefix', () => {
  const lake = role('wild-rydes-data-lake-dev-us-east-1-lambdaRole');
  const s3 = lake.synth.documents
    .flatMap((d) => d.Statement)
    .filter((s) => s.Action?.some((a) => a.startsWith('s3:')));
  assert.ok(s3.length > 0);
  for (const s of s3) assert.ok(!(s.Resource ?? []).includes('*'), `no s3 action on * (${s.Sid})`);
  assert.ok(
    lake.synth.generalised.some((g) => g.action === 's3:PutObject' && g.pattern.endsWith('/rides/*')),
  );
});

test('the console-created function unused in the window is reported, its role kept to what CloudTrail cannot show', () => {
  const legacy = role('legacy-fn-role-abc123');
  assert.equal(legacy.usage, undefined);
  assert.ok(
    account.run.analysis.findings.some(
      (f) => f.role === legacy.role.name && f.rule === 'role-unused-in-window',
    ),
  );
});
