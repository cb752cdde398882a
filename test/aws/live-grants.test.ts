import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
} from '@aws-sdk/client-lambda';
import { awsClients } from '../../src/aws/clients.js';
import { readLiveGrants, VALUE_NOT_COLLECTED } from '../../src/aws/live-grants.js';
import { runCollect } from '../../src/app/collect.js';
import { readGrantFiles, expandJsonFiles } from '../../src/app/inventory.js';
import { AwsAccessError } from '../../src/errors.js';
import { secretClassifier } from '../../src/checks/index.js';
import { loadPostureData } from '../../src/data/posture.js';
import { tempDir } from '../helpers/cli.js';
import { awsError, fakeRetry, FN, mockIamAndLambda, ROLE } from './helpers.js';

const { iam, lambda } = mockIamAndLambda();

const SECRET = 'AKIAIOSFODNN7EXAMPLE-secret-value';
const enc = (doc: object): string => encodeURIComponent(JSON.stringify(doc));
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const inline = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
};
const classify = (name: string): { kind: string; by: 'name' } | undefined =>
  name === 'DB_PASSWORD' ? { kind: 'password', by: 'name' } : undefined;

function account(): void {
  iam
    .on(GetAccountAuthorizationDetailsCommand)
    .resolvesOnce({
      IsTruncated: true,
      Marker: 'm1',
      RoleDetailList: [
        {
          RoleName: 'app-role',
          Arn: ROLE,
          Path: '/',
          RoleId: 'AROA1',
          CreateDate: new Date('2026-01-01T00:00:00Z'),
          AssumeRolePolicyDocument: enc(trust),
          RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: enc(inline) }],
          AttachedManagedPolicies: [],
        },
      ],
    })
    .resolvesOnce({ IsTruncated: false, Policies: [] });
  lambda
    .on(ListFunctionsCommand)
    .resolvesOnce({
      NextMarker: 'f1',
      Functions: [
        {
          FunctionName: 'app-fn',
          FunctionArn: FN,
          Role: ROLE,
          Runtime: 'nodejs20.x',
          Environment: { Variables: { DB_PASSWORD: SECRET, STAGE: 'prod' } },
        },
      ],
    })
    .resolvesOnce({ Functions: [] });
  lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
  lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', 404));
  lambda.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
}

const clients = () => awsClients({ region: 'us-east-1' });

describe('live grants', () => {
  it('pages IAM and ListFunctions, decodes documents, no policy is not an error', async () => {
    account();
    const grants = await readLiveGrants(clients(), { regions: ['us-east-1'], classify, retry: fakeRetry() });
    assert.equal(iam.commandCalls(GetAccountAuthorizationDetailsCommand).length, 2);
    assert.equal(iam.commandCalls(GetAccountAuthorizationDetailsCommand)[1]?.args[0].input.Marker, 'm1');
    assert.equal(lambda.commandCalls(ListFunctionsCommand).length, 2);
    assert.deepEqual(
      grants.roles.map((r) => r.arn),
      [ROLE],
    );
    assert.ok(JSON.stringify(grants.roles[0]?.policies).includes('dynamodb:GetItem'));
    assert.deepEqual(
      grants.functions.map((f) => f.name),
      ['app-fn'],
    );
    assert.deepEqual(grants.functions[0]?.environmentSecrets, [
      { name: 'DB_PASSWORD', kind: 'password', by: 'name' },
    ]);
    assert.deepEqual(grants.inventory.resourcePolicies, []);
  });

  it('retries throttling, then succeeds', async () => {
    account();
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .rejectsOnce(awsError('Throttling', 400))
      .resolves({ IsTruncated: false, RoleDetailList: [], Policies: [] });
    const retry = fakeRetry();
    const grants = await readLiveGrants(clients(), { regions: ['us-east-1'], classify, retry });
    assert.deepEqual(retry.waits, [100]);
    assert.deepEqual(grants.roles, []);
  });

  it('AccessDenied names the action', async () => {
    account();
    lambda.on(ListFunctionsCommand).rejects(awsError('AccessDeniedException', 403));
    await assert.rejects(
      readLiveGrants(clients(), { regions: ['us-east-1'], classify, retry: fakeRetry() }),
      (e: unknown) => e instanceof AwsAccessError && e.message.includes('lambda:ListFunctions'),
    );
  });

  it('an empty account gives no roles and no functions', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false });
    lambda.on(ListFunctionsCommand).resolves({});
    lambda.on(ListEventSourceMappingsCommand).resolves({});
    const grants = await readLiveGrants(clients(), { regions: ['us-east-1'], classify, retry: fakeRetry() });
    assert.deepEqual([grants.roles, grants.functions], [[], []]);
  });

  it('collect then offline reading gives the same grants, and no value is written', async () => {
    account();
    // collect classifies with pare's real classifier; the live read here must use the same one.
    const real = secretClassifier((await loadPostureData()).secrets);
    const live = await readLiveGrants(clients(), {
      regions: ['us-east-1'],
      classify: real,
      retry: fakeRetry(),
    });
    iam.reset();
    lambda.reset();
    account();
    const out = join(tempDir(), 'collected');
    await runCollect({ out, aws: { region: 'us-east-1' }, retry: fakeRetry(), lastAccessed: false });
    const offline = await readGrantFiles(
      { iam: [join(out, 'iam.json')], lambda: [join(out, 'lambda')] },
      classify,
    );
    assert.deepEqual(offline.roles, live.roles);
    assert.deepEqual(offline.functions, live.functions);
    for (const file of await expandJsonFiles([out])) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes(SECRET) && !text.includes('"prod"'), file);
    }
    assert.ok(readFileSync(join(out, 'lambda/list-functions.json'), 'utf8').includes(VALUE_NOT_COLLECTED));
  });
});
