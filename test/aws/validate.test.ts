import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  CheckNoNewAccessCommand,
  ValidatePolicyCommand,
} from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { runAnalyze, type AnalyzeOptions } from '../../src/app/analyze.js';
import { AwsAccessError } from '../../src/errors.js';
import type { Finding } from '../../src/model/finding.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { awsError, CLI_FIXTURE as FIX, fixtureOptions } from './helpers.js';

const analyzer = mockClient(AccessAnalyzerClient);
afterEach(() => analyzer.reset());

function options(extra: Partial<AnalyzeOptions>): AnalyzeOptions {
  return fixtureOptions({ logs: [join(FIX, 'logs')], validate: true, ...extra });
}

const SUGGESTION = {
  findingType: 'SUGGESTION' as const,
  issueCode: 'EMPTY_ARRAY_RESOURCE',
  findingDetails: 'Add a value to the empty array.',
  learnMoreLink:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
  locations: [],
};
const SECURITY = {
  findingType: 'SECURITY_WARNING' as const,
  issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  findingDetails: 'Using iam:PassRole with a wildcard in the resource can be overly permissive.',
  learnMoreLink:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
  locations: [
    {
      path: [{ value: 'Statement' }, { index: 0 }],
      span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } },
    },
  ],
};

const byRule = (findings: readonly Finding[], rule: string): Finding[] =>
  findings.filter((f) => f.rule === rule);

describe('--validate', () => {
  it('turns every page of ValidatePolicy findings into pare findings, in every output', async () => {
    analyzer.on(ValidatePolicyCommand).resolves({ findings: [SUGGESTION], nextToken: 't2' });
    analyzer.on(ValidatePolicyCommand, { nextToken: 't2' }).resolves({ findings: [SECURITY] });
    analyzer.on(CheckNoNewAccessCommand).resolves({ result: 'PASS', message: 'No new access.' });
    const opts = options({});
    const warnings: string[] = [];
    const run = await runAnalyze({ ...opts, warn: (m) => warnings.push(m) });

    const calls = analyzer.commandCalls(ValidatePolicyCommand);
    assert.equal(calls.length, 2);
    const written = readFileSync(join(opts.out, 'policies/orders-fn-role.json'), 'utf8');
    assert.equal(calls[0]?.args[0].input.policyDocument, written, 'the document as written is checked');
    assert.equal(calls[0]?.args[0].input.policyType, 'IDENTITY_POLICY');

    const found = byRule(run.analysis.findings, 'policy-validation');
    assert.deepEqual(
      found.map((f) => [f.severity, f.role, f.evidence?.['issueCode']]),
      [
        ['high', 'orders-fn-role', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'],
        ['low', 'orders-fn-role', 'EMPTY_ARRAY_RESOURCE'],
      ],
    );
    assert.match(
      found[0]?.message ?? '',
      /^Access Analyzer SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE in policies\/orders-fn-role.json: .*\(https:\/\/docs/,
    );
    assert.equal(byRule(run.analysis.findings, 'new-access').length, 0);
    assert.deepEqual(warnings, []);

    const json = JSON.parse(readFileSync(join(opts.out, 'findings.json'), 'utf8')) as Finding[];
    assert.equal(byRule(json, 'policy-validation').length, 2);
    const sarif = readFileSync(join(opts.out, 'findings.sarif'), 'utf8');
    assert.ok(sarif.includes('"ruleId": "policy-validation"'));
    assert.ok(sarif.includes('"name": "PolicyValidation"'));
    // Two issues of one policy are two alerts for code scanning.
    const results = (
      JSON.parse(sarif) as { runs: { results: { ruleId: string; partialFingerprints: object }[] }[] }
    ).runs[0]?.results.filter((r) => r.ruleId === 'policy-validation');
    assert.equal(new Set(results?.map((r) => JSON.stringify(r.partialFingerprints))).size, 2);
    assert.deepEqual(
      JSON.parse(readFileSync(join(opts.out, 'pare.json'), 'utf8')).inputs.validate,
      'access-analyzer',
    );
  });

  it('CheckNoNewAccess compares the generated policy with the role’s merged identity policies', async () => {
    analyzer.on(ValidatePolicyCommand).resolves({ findings: [] });
    analyzer.on(CheckNoNewAccessCommand).resolves({ result: 'PASS' });
    await runAnalyze(options({}));
    const [call] = analyzer.commandCalls(CheckNoNewAccessCommand);
    const input = call?.args[0].input;
    assert.equal(input?.policyType, 'IDENTITY_POLICY');
    const existing = JSON.parse(input?.existingPolicyDocument ?? '{}') as { Statement: { Sid?: string }[] };
    const iam = JSON.parse(readFileSync(join(FIX, 'iam.json'), 'utf8')) as {
      RoleDetailList: { RolePolicyList: { PolicyDocument: { Statement: unknown[] } }[] }[];
    };
    const granted = iam.RoleDetailList[0]?.RolePolicyList[0]?.PolicyDocument.Statement ?? [];
    assert.equal(existing.Statement.length, granted.length);
    assert.ok(
      existing.Statement.every((s) => s.Sid === undefined),
      'no Sids IAM’s grammar would refuse',
    );
  });

  it('a FAIL is a high new-access finding with the reasons, and a warning', async () => {
    analyzer.on(ValidatePolicyCommand).resolves({ findings: [] });
    analyzer.on(CheckNoNewAccessCommand).resolves({
      result: 'FAIL',
      message: 'The modified permissions grant new access compared to your existing policy.',
      reasons: [
        {
          description: 'New access in the statement with index: 0.',
          statementIndex: 0,
          statementId: 'DynamodbObserved',
        },
      ],
    });
    const warnings: string[] = [];
    const run = await runAnalyze(options({ warn: (m) => warnings.push(m) }));
    const [finding] = byRule(run.analysis.findings, 'new-access');
    assert.equal(finding?.severity, 'high');
    assert.match(
      finding?.message ?? '',
      /policies\/orders-fn-role.json may allow access orders-fn-role's current policies do not: New access in the statement with index: 0. \(statement DynamodbObserved\)/,
    );
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0], finding?.message);
    assert.equal(run.analysis.findings[0]?.rule, 'new-access', 'sorted with the other high findings first');
  });

  it('a document Access Analyzer cannot take is said as a finding, not a failure', async () => {
    analyzer.on(ValidatePolicyCommand).resolves({ findings: [] });
    analyzer.on(CheckNoNewAccessCommand).rejects(
      Object.assign(awsError('ValidationException', 400), {
        message: 'Policy document exceeds the maximum length.',
      }),
    );
    const run = await runAnalyze(options({}));
    const [finding] = byRule(run.analysis.findings, 'new-access');
    assert.equal(finding?.severity, 'info');
    assert.match(
      finding?.message ?? '',
      /could not compare .*ValidationException: Policy document exceeds the maximum length/,
    );
  });

  it('an access denial names the Access Analyzer action', async () => {
    analyzer.on(ValidatePolicyCommand).rejects(awsError('AccessDeniedException', 403));
    await assert.rejects(
      runAnalyze(options({})),
      (e) => e instanceof AwsAccessError && e.requiredAction === 'access-analyzer:ValidatePolicy',
    );
  });

  it('without --validate, Access Analyzer is not called', async () => {
    await runAnalyze(options({ validate: false }));
    assert.equal(analyzer.calls().length, 0);
  });
});

describe('--validate with --per-function', () => {
  it('checks every per-function document against the role it came from', async () => {
    analyzer.on(ValidatePolicyCommand).resolves({ findings: [] });
    analyzer.on(CheckNoNewAccessCommand).resolves({ result: 'PASS' });
    const example = join(ROOT, 'examples/wild-rydes');
    const out = join(tempDir(), 'out');
    const run = await runAnalyze(
      options({
        logs: [join(example, 'logs')],
        iam: [join(example, 'iam.json')],
        lambda: [join(example, 'lambda.json')],
        window: { since: { days: 90 }, until: 'end-of-data' },
        selection: { roles: ['wild-rydes-ride-record-*'], functions: [] },
        perFunction: true,
        out,
      }),
    );
    const perFunction = run.analysis.roles.flatMap((r) => r.perFunction.map((f) => f.function.name));
    assert.ok(perFunction.length >= 5, 'the ride-record role is split per function');
    const checked = analyzer
      .commandCalls(CheckNoNewAccessCommand)
      .map((c) => c.args[0].input.newPolicyDocument);
    for (const name of perFunction)
      assert.ok(
        checked.includes(readFileSync(join(out, 'functions', `${name}.json`), 'utf8')),
        `functions/${name}.json is checked`,
      );
  });
});
