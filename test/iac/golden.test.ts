import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PATCHERS, patchContext, readAnalyzeOutput } from '../../src/app/patch.js';
import { planPatches, renderPatch } from '../../src/iac/patch.js';
import { assertGolden, exampleFiles, FIXTURES, THUMBNAIL_ROLE } from './helpers.js';

async function examplePlan(): Promise<{
  roles: Awaited<ReturnType<typeof readAnalyzeOutput>>;
  plan: ReturnType<typeof planPatches>;
}> {
  const roles = await readAnalyzeOutput(join(FIXTURES, 'analyze-out'));
  const plan = planPatches(await exampleFiles(), roles, [], PATCHERS, await patchContext(roles.findings));
  return { roles, plan };
}

test('the bundled example: one patch per changed file, golden', async () => {
  const { roles, plan } = await examplePlan();
  assert.deepEqual(
    plan.resolutions.map((r) => `${r.role} ${r.path}#${r.logicalId} ${r.by}`),
    [
      'wild-rydes-data-lake-dev-us-east-1-lambdaRole wild-rydes-data-lake/serverless.yml#provider serverless-naming',
      'wild-rydes-payments-StripeWebhookFunctionRole-9ZY8XW7VU6TS wild-rydes-payments/template.yaml#StripeWebhookFunction sam-implicit-role',
      'wild-rydes-ride-record-dev-us-east-1-lambdaRole wild-rydes-ride-record/serverless.yml#provider serverless-naming',
    ],
  );
  assert.deepEqual(plan.unresolved, ['wild-rydes-order-processor']);
  for (const change of plan.changes) {
    await assertGolden(
      join(FIXTURES, 'golden', `${change.path.replaceAll('/', '__')}.patch`),
      renderPatch(change, roles),
    );
  }
});

test('the workshop answer: per-function roles, each its own DynamoDB action on GetAtt RideRecordTable', async () => {
  const { plan } = await examplePlan();
  const after = plan.changes.find((c) => c.path === 'wild-rydes-ride-record/serverless.yml')?.after ?? '';
  assert.match(after, /plugins:\n(?: {2}- .*\n)*? {2}- serverless-iam-roles-per-function\n/);
  assert.doesNotMatch(after, /^ {2}iamRoleStatements:/m);
  const own = (fn: string, block: string): void =>
    assert.ok(
      after.includes(`  ${fn}:\n`) && after.split(`  ${fn}:\n`)[1]?.split('\n\n')[0]?.includes(block),
      `${fn} has ${block}`,
    );
  const table = (action: string): string =>
    `    iamRoleStatements:\n      - Effect: Allow\n        Action:\n          - dynamodb:${action}\n        Resource:\n          Fn::GetAtt:\n            - RideRecordTable\n            - Arn\n`;
  own('PutRideRecordHttp', table('PutItem'));
  own('UpdateRideRecord', table('UpdateItem'));
  own('DeleteRideRecord', table('DeleteItem'));
  own('GetRideRecord', table('GetItem'));
  own(
    'PutRideRecordSns',
    `${table('PutItem')}      - Effect: Allow\n        Action:\n          - sqs:SendMessage\n        Resource:\n          Fn::GetAtt:\n            - PutRideRecordSnsDlq\n            - Arn\n`,
  );
  assert.equal((after.match(/sqs:SendMessage/g) ?? []).length, 1, 'only PutRideRecordSns sends to the DLQ');
});

for (const [name, file] of [
  ['CloudFormation YAML', 'cfn-role/template.yaml'],
  ['CloudFormation JSON', 'cfn-json/template.json'],
] as const) {
  test(`${name}: a hand-written role, resolved by its stack tags, golden`, async () => {
    const text = await readFile(join(FIXTURES, file), 'utf8');
    const plan = planPatches([{ path: file, text }], [THUMBNAIL_ROLE], [], PATCHERS);
    assert.equal(plan.changes.length, 1);
    const change = plan.changes[0];
    assert.ok(change);
    assert.equal(plan.resolutions[0]?.by, 'tags');
    // The template's own buckets, not the account's literal ARNs.
    assert.doesNotMatch(change.after, /arn:aws:s3:::wild-rydes-media/);
    assert.doesNotMatch(change.after, /AmazonS3FullAccess|AWSLambdaBasicExecutionRole|kms:\*/);
    await assertGolden(
      join(FIXTURES, 'golden', `${file.replaceAll('/', '__')}.patch`),
      renderPatch(change, [THUMBNAIL_ROLE]),
    );
  });
}

test("the workshop answer for the data lake: the public bucket policy goes, on the analysis' finding", async () => {
  const { roles, plan } = await examplePlan();
  const change =
    plan.changes.find((c) => c.path === 'wild-rydes-data-lake/serverless.yml') ?? assert.fail('no change');
  const after = change.after;
  assert.doesNotMatch(after, /BucketPolicy|Principal/);
  assert.ok(after.endsWith('    WildRydesDataLakeBucket:\n      Type: "AWS::S3::Bucket"\n'));
  const header = renderPatch(change, roles).split('\n--- ')[0] ?? '';
  assert.match(
    header,
    /WildRydesDataLakeBucketPolicy \(AWS::S3::BucketPolicy\): removed.*public-resource-policy/,
  );
});
