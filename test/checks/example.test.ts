/**
 * `pare audit` on the bundled example reports each posture rule exactly where the generator planted it
 * (scripts/wild-rydes/posture.ts) and nowhere else, and never a value of an environment variable.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../src/app/audit.js';
import { renderJson } from '../../src/outputs/policy-json.js';
import { findingSubject } from '../../src/outputs/audit-text.js';
import { defineAccount } from '../../scripts/wild-rydes/account.js';
import { planted } from '../../scripts/wild-rydes/planted.js';
import { AUDIT_DATE } from '../../scripts/wild-rydes/posture.js';
import { pare, ROOT, tempDir, type CliResult } from '../helpers/cli.js';

const DIR = join(ROOT, 'examples/wild-rydes');
const INPUTS = {
  iam: [join(DIR, 'iam.json')],
  lambda: [join(DIR, 'lambda.json'), join(DIR, 'lambda')],
  resourcePolicies: [join(DIR, 'resource-policies')],
  code: [join(DIR, 'code')],
};
const ARGS = [
  'audit',
  '--iam',
  ...INPUTS.iam,
  '--lambda',
  ...INPUTS.lambda,
  '--resource-policies',
  ...INPUTS.resourcePolicies,
  '--code',
  ...INPUTS.code,
];
const readTree = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
/** The CLI on the example, run once for the tests that read its output. */
let ran: { text: CliResult; json: CliResult } | undefined;
const cli = (): { text: CliResult; json: CliResult } =>
  (ran ??= { text: pare(ARGS), json: pare([...ARGS, '--format', 'json', '--fail-on', 'high']) });
const pairs = (items: readonly { rule: string; subject: string }[]): string[] =>
  [...new Set(items.map((i) => `${i.rule} ${i.subject}`))].sort();

describe('pare audit on the bundled example', () => {
  it('reports each rule where it is planted and nowhere else', async () => {
    const out = join(tempDir(), 'audit');
    const run = await runAudit({ ...INPUTS, selection: { roles: [], functions: [] }, asOf: AUDIT_DATE, out });
    const found = pairs(run.findings.map((f) => ({ rule: f.rule, subject: findingSubject(f) })));
    assert.deepEqual(found, pairs(planted(defineAccount())));
    assert.equal(run.findings.length, found.length, 'one finding per rule and subject');
    assert.equal(readFileSync(join(out, 'findings.json'), 'utf8'), renderJson(run.findings));
    const manifest = JSON.parse(readFileSync(join(out, 'pare.json'), 'utf8')) as {
      command: string;
      asOf: string;
    };
    assert.deepEqual([manifest.command, manifest.asOf], ['audit', AUDIT_DATE]);
  });

  it('never prints or writes an environment variable’s value', async () => {
    const lambda = JSON.parse(readFileSync(join(DIR, 'lambda.json'), 'utf8')) as {
      Functions: { Environment?: { Variables: Record<string, string> } }[];
    };
    // Values that also name resources elsewhere in the inputs (a bucket, a table) may appear as those.
    const elsewhere = [
      join(DIR, 'iam.json'),
      ...readTree(join(DIR, 'lambda')),
      ...readTree(join(DIR, 'resource-policies')),
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const values = lambda.Functions.flatMap((f) => Object.values(f.Environment?.Variables ?? {})).filter(
      (v) => v.length >= 8 && !elsewhere.includes(v),
    );
    assert.ok(values.some((v) => v.includes('EXAMPLE-not-a-real-password')));
    assert.ok(values.length >= 8);
    const { text, json } = cli();
    for (const output of [json.stdout, text.stdout])
      for (const value of values)
        assert.equal(output.includes(value), false, `value of length ${value.length} leaked`);
    assert.equal(json.stdout.includes('EXAMPLE-not-a-real'), false);
  });
});

describe('pare audit, the command', () => {
  it('prints counts and findings, JSON with --format json, and exits 1 at --fail-on', () => {
    const { text, json } = cli();
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      /^pare audit: 11 role\(s\), 13 function\(s\), 2 code package\(s\); runtimes as of \d{4}-\d{2}-\d{2}\n/,
    );
    assert.match(text.stdout, /\[high\] admin-access +CloudFormationDeployRole\n/);
    assert.equal(json.status, 1);
    const findings = JSON.parse(json.stdout) as { rule: string }[];
    assert.ok(findings.some((f) => f.rule === 'code-private-key'));
    const low = pare([
      'audit',
      '--lambda',
      join(DIR, 'lambda/event-source-mappings.json'),
      '--fail-on',
      'low',
    ]);
    assert.equal(low.status, 0, 'no functions, nothing to report');
  });
  it('is a one-line error, exit 2, without inputs or with a file of no known shape', () => {
    const none = pare(['audit']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^pare: audit needs --iam FILE .* and\/or --lambda FILE .*\n$/);
    const bad = join(tempDir(), 'bad.json');
    writeFileSync(bad, JSON.stringify({ hello: 'world' }));
    const wrong = pare(['audit', '--lambda', join(DIR, 'lambda.json'), '--resource-policies', bad]);
    assert.equal(wrong.status, 2);
    assert.equal(
      wrong.stderr,
      `pare: ${bad}: not a resource policy file: expected the output of aws s3api get-bucket-policy or get-bucket-acl, aws sqs get-queue-attributes or aws sns get-topic-attributes\n`,
    );
  });
});
