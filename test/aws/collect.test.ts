import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountAuthorizationDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
} from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
} from '@aws-sdk/client-lambda';
import { runAnalyze, type AnalyzeOptions } from '../../src/app/analyze.js';
import { runCollect } from '../../src/app/collect.js';
import { UsageError } from '../../src/errors.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { awsError, FN, mockIamAndLambda, ROLE } from './helpers.js';

const { iam, lambda } = mockIamAndLambda();

function account(): void {
  iam.on(GetAccountAuthorizationDetailsCommand).resolves({
    IsTruncated: false,
    RoleDetailList: [
      {
        RoleName: 'app-role',
        Arn: ROLE,
        RolePolicyList: [
          {
            PolicyName: 'inline',
            PolicyDocument: encodeURIComponent(
              JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
              }),
            ),
          },
        ],
      },
    ],
  });
  iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-1' });
  iam.on(GetServiceLastAccessedDetailsCommand).resolves({
    JobStatus: 'COMPLETED',
    JobCreationDate: new Date('2026-12-01T00:00:00Z'),
    JobCompletionDate: new Date('2026-12-01T00:00:05Z'),
    ServicesLastAccessed: [
      {
        ServiceName: 'Amazon S3',
        ServiceNamespace: 's3',
        LastAuthenticated: new Date('2026-03-02T10:00:00Z'),
        TrackedActionsLastAccessed: [
          { ActionName: 'CreateBucket', LastAccessedTime: new Date('2026-03-02T10:00:00Z') },
        ],
      },
    ],
  });
  lambda
    .on(ListFunctionsCommand)
    .resolves({ Functions: [{ FunctionName: 'app-fn', FunctionArn: FN, Role: ROLE }] });
  lambda.on(ListEventSourceMappingsCommand).resolves({});
  lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', 404));
  lambda.on(ListFunctionUrlConfigsCommand).resolves({});
}

function options(extra: Partial<AnalyzeOptions>): AnalyzeOptions {
  return {
    logs: [join(ROOT, 'test/fixtures/cli/logs')],
    iam: [],
    lambda: [],
    window: { since: { at: '2026-10-01T00:00:00.000Z' }, until: { at: '2026-11-01T23:59:59.999Z' } },
    selection: { roles: [], functions: [] },
    perFunction: false,
    skipBadFiles: false,
    out: join(tempDir(), 'out'),
    aws: { region: 'us-east-1' },
    warn: () => {},
    ...extra,
  };
}

describe('analyze --live and collect', () => {
  it('analyze on the collected folder gives the same analysis as --live', async () => {
    account();
    const live = await runAnalyze(options({ live: true }));
    const dir = join(tempDir(), 'collected');
    await runCollect({ out: dir, aws: { region: 'us-east-1' } });
    const offline = await runAnalyze(
      options({
        iam: [join(dir, 'iam.json')],
        lambda: [join(dir, 'lambda')],
        lastAccessed: join(dir, 'last-accessed.json'),
      }),
    );
    assert.deepEqual(
      live.analysis.roles.map((r) => r.role.arn),
      [ROLE],
    );
    assert.deepEqual(
      offline.analysis.roles.map((r) => [r.role, r.synth.documents]),
      live.analysis.roles.map((r) => [r.role, r.synth.documents]),
    );
    assert.deepEqual(offline.analysis.findings, live.analysis.findings);
    // IAM's date reached the findings, through the file as through the API.
    assert.ok(
      live.analysis.findings.some((f) =>
        f.message.includes('IAM last saw s3:CreateBucket on 2026-03-02, before the window'),
      ),
    );
  });

  it('--live --no-last-accessed does not ask IAM for last-accessed data', async () => {
    account();
    const run = await runAnalyze(options({ live: true, lastAccessed: false }));
    assert.equal(iam.commandCalls(GenerateServiceLastAccessedDetailsCommand).length, 0);
    assert.ok(
      run.analysis.roles.every((r) => r.synth.verdicts.every((v) => v.iamLastAccessed === undefined)),
    );
  });

  it('--live with --iam is a usage error', async () => {
    await assert.rejects(runAnalyze(options({ live: true, iam: ['x.json'] })), UsageError);
  });
});
