import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { pare, ROOT, tempDir } from '../helpers/cli.js';

const FIX = join(ROOT, 'test/fixtures/cli');
const base = [
  'analyze',
  '--logs',
  join(FIX, 'logs'),
  '--iam',
  join(FIX, 'iam.json'),
  '--lambda',
  join(FIX, 'lambda.json'),
];

test('analyze writes the output files and a summary; exit 0', () => {
  const out = join(tempDir(), 'out');
  const run = pare([...base, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  for (const file of [
    'policies/orders-fn-role.json',
    'diffs/orders-fn-role.diff',
    'findings.json',
    'usage.json',
    'pare.json',
  ]) {
    assert.ok(existsSync(join(out, file)), file);
  }
  assert.match(run.stdout, /orders-fn-role/);
  const policy = JSON.parse(readFileSync(join(out, 'policies/orders-fn-role.json'), 'utf8')) as {
    Statement: { Action: string[]; Resource: string[] }[];
  };
  const observed = policy.Statement.find((s) => s.Action.includes('dynamodb:GetItem'));
  assert.deepEqual(observed?.Action, ['dynamodb:GetItem', 'dynamodb:PutItem']);
  assert.deepEqual(observed?.Resource, ['arn:aws:dynamodb:us-east-1:111122223333:table/Orders']);
  const findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { rule: string }[];
  assert.ok(findings.some((f) => f.rule === 'denied-attempt'));
  assert.ok(findings.some((f) => f.rule === 'wildcard-action'));
});

test('--fail-on exits 1 when a finding meets the threshold; --format json prints JSON', () => {
  const out = join(tempDir(), 'out');
  const run = pare([...base, '--out', out, '--fail-on', 'medium', '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  const parsed = JSON.parse(run.stdout) as { findings: unknown[] };
  assert.ok(parsed.findings.length > 0);
});

test('missing flags are usage errors: one line, exit 2', () => {
  const run = pare(['analyze', '--iam', join(FIX, 'iam.json'), '--out', join(tempDir(), 'o')]);
  assert.equal(run.status, 2);
  assert.equal(
    run.stderr,
    'pare: analyze needs an activity source: --logs PATH..., --s3 s3://bucket/prefix, --lookup-events, --athena-table DB.TABLE or --lake EVENT_DATA_STORE\n',
  );
  const noOut = pare(['analyze', '--logs', join(FIX, 'logs'), '--iam', join(FIX, 'iam.json')]);
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /^pare: analyze needs --out DIR\n$/);
  const unknown = pare(['analyze', '--frobnicate']);
  assert.equal(unknown.status, 2);
});

test('a bad IAM file names the file; nothing is written', () => {
  const dir = tempDir();
  const bad = join(dir, 'iam.json');
  writeFileSync(bad, '{"RoleDetailList": [');
  const out = join(dir, 'out');
  const run = pare(['analyze', '--logs', join(FIX, 'logs'), '--iam', bad, '--out', out]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, new RegExp(`^pare: ${bad}: invalid JSON`));
  assert.equal(run.stderr.split('\n').length, 2);
  assert.ok(!existsSync(out));
});

test('a truncated gzip stops the run with exit 2, unless --skip-bad-files', () => {
  const dir = tempDir();
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const good = readFileSync(join(FIX, 'logs/111122223333_CloudTrail_us-east-1_20261101T1000Z_abc.json'));
  writeFileSync(join(logs, 'good.json.gz'), gzipSync(good));
  const gz = gzipSync(good);
  writeFileSync(join(logs, 'bad.json.gz'), gz.subarray(0, gz.length - 20));
  const args = [
    'analyze',
    '--logs',
    logs,
    '--iam',
    join(FIX, 'iam.json'),
    '--lambda',
    join(FIX, 'lambda.json'),
  ];
  const stop = pare([...args, '--out', join(dir, 'out1')]);
  assert.equal(stop.status, 2);
  assert.match(stop.stderr, /^pare: .*bad\.json\.gz: /);
  assert.ok(!existsSync(join(dir, 'out1')));
  const skip = pare([...args, '--out', join(dir, 'out2'), '--skip-bad-files']);
  assert.equal(skip.status, 0, skip.stderr);
  assert.match(skip.stderr, /skipped .*bad\.json\.gz/);
  assert.match(skip.stdout, /Skipped 1 bad file/);
});

test('logs on stdin', () => {
  const out = join(tempDir(), 'out');
  const input = readFileSync(
    join(FIX, 'logs/111122223333_CloudTrail_us-east-1_20261101T1000Z_abc.json'),
    'utf8',
  );
  const run = pare(['analyze', '--logs', '-', '--iam', join(FIX, 'iam.json'), '--out', out], { input });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(existsSync(join(out, 'policies/orders-fn-role.json')));
});

test('pare refuses to write into a directory it did not make', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'precious.txt'), 'keep me');
  const run = pare([...base, '--out', dir]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /not empty and was not written by pare/);
  assert.equal(readFileSync(join(dir, 'precious.txt'), 'utf8'), 'keep me');
});

test('--help lists analyze', () => {
  const run = pare(['--help']);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /analyze/);
});
