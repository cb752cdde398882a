import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
} from '@aws-sdk/client-lambda';
import { runAudit, type AuditOptions } from '../../src/app/audit.js';
import { UsageError } from '../../src/errors.js';
import { awsError, mockIamAndLambda, ROLE } from './helpers.js';

const { iam, lambda } = mockIamAndLambda();

function options(extra: Partial<AuditOptions>): AuditOptions {
  return {
    iam: [],
    lambda: [],
    resourcePolicies: [],
    code: [],
    selection: { roles: [], functions: [] },
    asOf: '2026-12-01',
    live: true,
    aws: { region: 'us-east-1' },
    ...extra,
  };
}

describe('audit --live', () => {
  it('runs the posture checks on the account read live, in the regions asked', async () => {
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
                  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
                }),
              ),
            },
          ],
        },
      ],
    });
    lambda.on(ListFunctionsCommand).resolves({
      Functions: [
        {
          FunctionName: 'app-fn',
          FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:app-fn',
          Role: ROLE,
          Environment: { Variables: { DB_PASSWORD: 'hunter2-hunter2' } },
        },
      ],
    });
    lambda.on(ListEventSourceMappingsCommand).resolves({});
    lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', 404));
    lambda.on(ListFunctionUrlConfigsCommand).resolves({});

    const run = await runAudit(options({ regions: ['eu-west-1'] }));
    assert.deepEqual(run.roles, ['app-role']);
    assert.deepEqual(run.functions, ['app-fn']);
    const rules = new Set(run.findings.map((f) => f.rule));
    assert.ok(rules.has('admin-access'));
    assert.ok(rules.has('env-secret'));
    assert.ok(!JSON.stringify(run.findings).includes('hunter2'));
    const regions = await Promise.all(lambda.calls().map((c) => c.thisValue.config.region()));
    assert.ok(regions.every((r) => r === 'eu-west-1'));
  });

  it('takes --live or files, not both, and --regions only with --live', async () => {
    await assert.rejects(
      runAudit(options({ iam: ['iam.json'] })),
      (e) => e instanceof UsageError && /leave out --iam/.test(e.message),
    );
    await assert.rejects(
      runAudit(options({ live: false, iam: ['iam.json'], regions: ['us-east-1'] })),
      (e) => e instanceof UsageError && /--regions is for --live/.test(e.message),
    );
  });
});
