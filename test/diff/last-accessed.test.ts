import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runAnalyze, type AnalyzeRun } from '../../src/app/analyze.js';
import type { Finding } from '../../src/model/finding.js';
import { DEFAULT_WINDOW } from '../../src/usage/window.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * The bundled example (window 2026-08-31 to 2026-11-28) with IAM's last-accessed data for a few roles:
 * dates before the window reach the findings; use inside it that the logs lack keeps the grant.
 */
const EXAMPLE = join(ROOT, 'examples/wild-rydes');
const arn = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;
const CI = 'wild-rydes-ci-deploy';
const DATA_LAKE = 'wild-rydes-data-lake-dev-us-east-1-lambdaRole';
const ORDERS = 'wild-rydes-order-processor';
const ARCHIVER = 'wild-rydes-receipts-archiver';

const LAST_ACCESSED = [
  {
    Arn: arn(CI),
    JobCompletionDate: '2026-12-01T00:00:00+00:00',
    ServicesLastAccessed: [{ ServiceNamespace: 'lambda', LastAuthenticated: '2026-03-02T09:15:00+00:00' }],
  },
  {
    Arn: arn(DATA_LAKE),
    ServicesLastAccessed: [
      { ServiceNamespace: 's3-object-lambda', LastAuthenticated: '2026-10-15T12:00:00+00:00' },
      { ServiceNamespace: 's3', LastAuthenticated: '2026-11-20T12:00:00+00:00' },
    ],
  },
  {
    Arn: arn(ORDERS),
    ServicesLastAccessed: [
      {
        ServiceNamespace: 'secretsmanager',
        LastAuthenticated: '2026-11-02T00:00:00+00:00',
        TrackedActionsLastAccessed: [
          { ActionName: 'DescribeSecret', LastAccessedTime: '2026-10-20T07:00:00+00:00' },
          { ActionName: 'GetSecretValue', LastAccessedTime: '2026-11-02T00:00:00+00:00' },
        ],
      },
      {
        ServiceNamespace: 'ssm',
        LastAuthenticated: '2026-11-01T00:00:00+00:00',
        TrackedActionsLastAccessed: [
          { ActionName: 'GetParameters', LastAccessedTime: '2026-01-05T00:00:00+00:00' },
          { ActionName: 'GetParameter', LastAccessedTime: '2026-11-01T00:00:00+00:00' },
        ],
      },
    ],
  },
  {
    Arn: arn(ARCHIVER),
    ServicesLastAccessed: [
      {
        ServiceNamespace: 's3',
        LastAuthenticated: '2026-11-01T00:00:00+00:00',
        TrackedActionsLastAccessed: [{ ActionName: 'PutBucketPolicy' }],
      },
    ],
  },
];

let run: AnalyzeRun;
let out: string;
before(async () => {
  const dir = tempDir();
  const file = join(dir, 'last-accessed.json');
  writeFileSync(file, JSON.stringify(LAST_ACCESSED));
  out = join(dir, 'out');
  run = await runAnalyze({
    logs: [join(EXAMPLE, 'logs')],
    iam: [join(EXAMPLE, 'iam.json')],
    lambda: [join(EXAMPLE, 'lambda.json'), join(EXAMPLE, 'lambda')],
    lastAccessed: file,
    window: DEFAULT_WINDOW,
    selection: { roles: [], functions: [] },
    perFunction: false,
    skipBadFiles: false,
    out,
  });
});

const findingsOf = (role: string, rule: string): Finding[] =>
  run.analysis.findings.filter((f) => f.role === role && f.rule === rule);
const roleOf = (name: string) => run.analysis.roles.find((r) => r.role.name === name);

describe('IAM last-accessed data in analyze', () => {
  it('an unused service says when IAM last saw it, before the window', () => {
    const [finding] = findingsOf(CI, 'unused-service');
    assert.match(finding?.message ?? '', /IAM last saw lambda on 2026-03-02, before the window\.$/);
    assert.deepEqual(finding?.evidence?.['iamLastAccessed'], { lambda: '2026-03-02T09:15:00.000Z' });
  });

  it('a service IAM saw used inside the window, with no call in the logs, is kept and reported', () => {
    assert.equal(findingsOf(DATA_LAKE, 'unused-service').length, 0);
    const r = roleOf(DATA_LAKE);
    const kept = r?.synth.verdicts.filter((v) => v.action.startsWith('s3-object-lambda:')) ?? [];
    assert.ok(kept.length > 0 && kept.every((v) => v.verdict === 'iam-used'));
    const statements = r?.synth.documents.flatMap((d) => d.Statement) ?? [];
    const keptStatement = statements.find((s) => s.Sid === 'S3ObjectLambdaKeptUsedPerIam');
    assert.ok(keptStatement, 'a labelled kept statement');
    assert.deepEqual(
      keptStatement.Action,
      kept.map((v) => v.action),
    );

    const [gap] = findingsOf(DATA_LAKE, 'activity-gap');
    assert.equal(gap?.severity, 'medium');
    assert.match(
      gap?.message ?? '',
      /used s3-object-lambda on 2026-10-15, inside the window, but pare saw no call/,
    );
    assert.deepEqual(gap?.evidence, {
      service: 's3-object-lambda',
      iamLastAccessed: { 's3-object-lambda': '2026-10-15T12:00:00.000Z' },
    });
    // s3 was used by calls pare saw: IAM's later date is no gap.
    assert.ok(!r?.synth.verdicts.some((v) => v.action.startsWith('s3:') && v.verdict === 'iam-used'));
  });

  it('works at action level where IAM tracks actions', () => {
    const r = roleOf(ORDERS);
    const describe = r?.synth.verdicts.find((v) => v.action === 'secretsmanager:DescribeSecret');
    assert.equal(describe?.verdict, 'iam-used');
    assert.deepEqual(describe?.iamLastAccessed, { at: '2026-10-20T07:00:00.000Z', of: 'action' });
    assert.match(
      findingsOf(ORDERS, 'activity-gap')[0]?.message ?? '',
      /used secretsmanager:DescribeSecret on 2026-10-20, inside the window/,
    );
    assert.equal(
      findingsOf(ORDERS, 'unused-action').filter((f) => f.actions?.includes('secretsmanager:DescribeSecret'))
        .length,
      0,
    );
    const ssm = findingsOf(ORDERS, 'unused-action').find((f) => f.actions?.includes('ssm:GetParameters'));
    assert.match(ssm?.message ?? '', /IAM last saw ssm:GetParameters on 2026-01-05, before the window\.$/);
  });

  it('a tracked action IAM never saw says so', () => {
    const s3 = findingsOf(ARCHIVER, 'unused-action').find((f) => f.actions?.includes('s3:PutBucketPolicy'));
    assert.match(s3?.message ?? '', /s3:PutBucketPolicy: never used in IAM's 400-day tracking period\./);
  });

  it('the evidence file carries the dates, and the manifest the input', () => {
    const evidence = JSON.parse(readFileSync(join(out, `evidence/${ORDERS}.json`), 'utf8')) as {
      verdicts: {
        usedOrKept: { action: string; iamLastAccessed?: unknown }[];
        unusedIamLastAccessed?: object;
      };
    };
    assert.deepEqual(
      evidence.verdicts.usedOrKept.find((v) => v.action === 'secretsmanager:DescribeSecret')?.iamLastAccessed,
      { at: '2026-10-20T07:00:00.000Z', of: 'action' },
    );
    assert.deepEqual(evidence.verdicts.unusedIamLastAccessed, {
      'ssm:GetParameters': '2026-01-05T00:00:00.000Z',
    });
    const manifest = JSON.parse(readFileSync(join(out, 'pare.json'), 'utf8')) as {
      inputs: { lastAccessed?: string };
    };
    assert.match(manifest.inputs.lastAccessed ?? '', /last-accessed\.json$/);
  });

  it('roles without a report are analysed as before', () => {
    const r = roleOf('wild-rydes-canary-deployer');
    assert.ok(r?.synth.verdicts.every((v) => v.iamLastAccessed === undefined));
  });
});
