import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAnalyze } from '../../src/app/analyze.js';
import type { Finding } from '../../src/model/finding.js';
import { artifactUri, renderSarif, sarifLog, type SarifInput } from '../../src/outputs/sarif.js';
import { DEFAULT_WINDOW } from '../../src/usage/window.js';
import { readTree } from '../helpers/analyze.js';
import { tempDir } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';

const validate = sarifValidator();

test('the validator is not vacuous: it refuses what the schema refuses', () => {
  assert.notDeepEqual(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), [], 'driver.name');
  assert.notDeepEqual(validate({ version: '2.0.0', runs: [] }), [], 'version');
  const result = { ruleId: 'x', message: { text: 'm' }, level: 'fatal' };
  assert.notDeepEqual(
    validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'p' } }, results: [result] }] }),
    [],
  );
});

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations?: { kind: string; name: string; fullyQualifiedName: string }[];
  }[];
  partialFingerprints: { primaryLocationLineHash: string };
  properties: Record<string, unknown>;
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; precision: string; 'security-severity'?: string };
}
interface Log {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Rule[] } };
    results: Result[];
  }[];
}

const example = (async () => {
  const out = join(tempDir(), 'out');
  // Relative paths, as the README runs it from the repository root: the locations are these paths.
  await runAnalyze({
    logs: ['examples/wild-rydes/logs'],
    iam: ['examples/wild-rydes/iam.json'],
    lambda: ['examples/wild-rydes/lambda.json'],
    window: DEFAULT_WINDOW,
    selection: { roles: [], functions: [] },
    perFunction: true,
    skipBadFiles: false,
    out,
  });
  return readTree(out);
})();

test('findings.sarif of the example is valid SARIF 2.1.0 with what code scanning requires', async () => {
  const files = await example;
  const log = JSON.parse(files.get('findings.sarif') ?? '') as Log;
  assert.deepEqual(validate(log), []);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const [run] = log.runs;
  assert.ok(run);
  const { driver } = run.tool;
  assert.equal(driver.name, 'pare');
  assert.ok(URL.canParse(driver.informationUri));
  for (const rule of driver.rules) {
    // Required non-empty by code scanning: id, shortDescription.text, fullDescription.text, help.text.
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
    assert.match(rule.help.markdown, /\*\*Fix:\*\* /);
    assert.ok(rule.name.length <= 255 && rule.shortDescription.text.length <= 1024);
    assert.ok(['note', 'warning', 'error'].includes(rule.defaultConfiguration.level));
    const score = rule.properties['security-severity'];
    if (score !== undefined) assert.ok(Number(score) > 0 && Number(score) <= 10);
  }

  const findings = JSON.parse(files.get('findings.json') ?? '') as Finding[];
  assert.equal(run.results.length, findings.length);
  const hashes = new Set<string>();
  run.results.forEach((result, i) => {
    const finding = findings[i];
    assert.ok(finding);
    assert.equal(result.ruleId, finding.rule);
    assert.equal(driver.rules[result.ruleIndex]?.id, result.ruleId);
    assert.equal(result.message.text, finding.message);
    assert.equal(
      result.level,
      { high: 'error', medium: 'warning', low: 'note', info: 'note' }[finding.severity],
    );
    assert.equal(result.locations.length, 1);
    const [location] = result.locations;
    // Until --iac: the inventory the finding's subject came from.
    const policyFile = finding.evidence?.['policyFile'];
    assert.equal(
      location?.physicalLocation?.artifactLocation.uri,
      typeof policyFile === 'string'
        ? policyFile
        : finding.function
          ? 'examples/wild-rydes/lambda.json'
          : 'examples/wild-rydes/iam.json',
    );
    assert.equal(location?.physicalLocation?.region.startLine, 1);
    if (finding.role) {
      const role = location?.logicalLocations?.at(-1);
      assert.equal(role?.kind, 'resource');
      assert.equal(role?.name, finding.role);
      assert.match(role?.fullyQualifiedName ?? '', /^arn:aws:iam::123456789012:role\//);
      assert.ok(role?.fullyQualifiedName.endsWith(`/${finding.role}`));
    }
    assert.equal(result.properties['role'], finding.role);
    assert.deepEqual(result.properties['actions'], finding.actions);
    hashes.add(result.partialFingerprints.primaryLocationLineHash);
  });
  assert.equal(hashes.size, run.results.length, 'one fingerprint per alert');
});

const base: SarifInput = {
  findings: [],
  roles: [{ name: 'orders-role', arn: 'arn:aws:iam::111122223333:role/orders-role' }],
  functions: [{ name: 'orders', arn: 'arn:aws:lambda:us-east-1:111122223333:function:orders' }],
  sources: { iam: ['snap/iam.json'], lambda: ['snap/lambda.json'] },
};

function results(findings: Finding[], input: Partial<SarifInput> = {}): Result[] {
  const log = sarifLog({ ...base, ...input, findings }) as unknown as Log;
  assert.deepEqual(validate(log), []);
  return log.runs[0]?.results ?? [];
}

function fingerprint(finding: Finding): string {
  return results([finding])[0]?.partialFingerprints.primaryLocationLineHash ?? '';
}

test('fingerprints follow what an alert is about, not the samples and counts that change with traffic', () => {
  const unused = (actions: string[], message: string): Finding => ({
    rule: 'unused-action',
    severity: 'low',
    role: 'orders-role',
    actions,
    message,
  });
  assert.equal(
    fingerprint(unused(['s3:GetObject', 's3:PutObject'], 'did not use 2')),
    fingerprint(unused(['s3:PutObject'], 'did not use 1')),
    'the same service of the same role is the same alert',
  );
  assert.notEqual(fingerprint(unused(['s3:GetObject'], 'x')), fingerprint(unused(['sqs:SendMessage'], 'x')));
  assert.notEqual(
    fingerprint(unused(['s3:GetObject'], 'x')),
    fingerprint({ ...unused(['s3:GetObject'], 'x'), role: 'other-role' }),
  );
  const wildcard = (policy: string, actions: string[]): Finding => ({
    rule: 'wildcard-resource-where-concrete-used',
    severity: 'medium',
    role: 'orders-role',
    actions,
    resources: ['arn:aws:s3:::b/k1'],
    message: 'm',
    evidence: { policy },
  });
  assert.equal(fingerprint(wildcard('p1', ['s3:GetObject'])), fingerprint(wildcard('p1', ['s3:PutObject'])));
  assert.notEqual(
    fingerprint(wildcard('p1', ['s3:GetObject'])),
    fingerprint(wildcard('p2', ['s3:GetObject'])),
  );
  // Two findings that say the same thing still get distinct fingerprints, numbered in order.
  const twice = results([unused(['s3:GetObject'], 'a'), unused(['s3:PutObject'], 'b')]);
  const [first, second] = twice.map((r) => r.partialFingerprints.primaryLocationLineHash);
  assert.match(first ?? '', /^[0-9a-f]{16}:1$/);
  assert.equal(second, `${(first ?? '').slice(0, 16)}:2`);
});

test('a finding about a function points at the Lambda inventory and names the function by ARN', () => {
  const [result] = results([
    { rule: 'unused-action', severity: 'low', function: 'orders', message: 'm', actions: ['s3:GetObject'] },
  ]);
  assert.deepEqual(result?.locations, [
    {
      physicalLocation: { artifactLocation: { uri: 'snap/lambda.json' }, region: { startLine: 1 } },
      logicalLocations: [
        { kind: 'resource', name: 'orders', fullyQualifiedName: base.functions[0]?.arn ?? '' },
      ],
    },
  ]);
  const [noFiles] = results([{ rule: 'unmapped-events', severity: 'info', message: 'm' }], {
    sources: { iam: [], lambda: [] },
  });
  assert.deepEqual(noFiles?.locations, [], 'no invented file: still valid SARIF');
  assert.equal(noFiles?.level, 'note');
});

test('a private key is shown at its file and line; a resource policy at the file it was read from', () => {
  const key = (location: string, file: string): Finding => ({
    rule: 'code-private-key',
    severity: 'high',
    function: 'orders',
    resources: [location],
    message: 'm',
    evidence: { package: 'orders', location, keys: [{ file, kind: 'rsa', line: 12 }] },
  });
  const located = (finding: Finding): unknown => results([finding])[0]?.locations[0]?.physicalLocation;
  assert.deepEqual(located(key('build/orders/', 'lib/key.pem')), {
    artifactLocation: { uri: 'build/orders/lib/key.pem' },
    region: { startLine: 12 },
  });
  // Inside an archive there is no file code scanning could open: the inventory stands in.
  assert.deepEqual(located(key('build/orders.zip', 'lib/key.pem')), {
    artifactLocation: { uri: 'snap/lambda.json' },
    region: { startLine: 1 },
  });
  const bucket: Finding = {
    rule: 'public-resource-policy',
    severity: 'high',
    resources: ['arn:aws:s3:::uploads'],
    message: 'm',
    evidence: { policyFile: 'snap/policies/uploads.json' },
  };
  const [result] = results([bucket]);
  assert.deepEqual(result?.locations[0], {
    physicalLocation: { artifactLocation: { uri: 'snap/policies/uploads.json' }, region: { startLine: 1 } },
    logicalLocations: [{ kind: 'resource', name: 'uploads', fullyQualifiedName: 'arn:aws:s3:::uploads' }],
  });
});

test('input paths become SARIF URIs code scanning resolves: relative stays relative, absolute is file://', () => {
  assert.equal(artifactUri('examples/wild-rydes/iam.json'), 'examples/wild-rydes/iam.json');
  assert.equal(artifactUri('./snap/iam.json'), 'snap/iam.json');
  assert.equal(artifactUri('snap dir/i#am.json'), 'snap%20dir/i%23am.json');
  assert.equal(artifactUri('/work/repo/iam.json'), 'file:///work/repo/iam.json');
  assert.equal(artifactUri('C:\\repo\\iam.json'), 'file:///C:/repo/iam.json');
});

test('the same findings give the same bytes, whatever order the roles and functions came in', () => {
  const findings: Finding[] = [
    { rule: 'denied-attempt', severity: 'low', role: 'orders-role', actions: ['s3:PutObject'], message: 'm' },
  ];
  const reordered: SarifInput = {
    ...base,
    findings,
    roles: [{ name: 'b', arn: 'arn:aws:iam::1:role/b' }, ...base.roles],
  };
  assert.equal(renderSarif({ ...base, findings }), renderSarif({ ...base, findings }));
  assert.equal(renderSarif(reordered), renderSarif({ ...reordered, roles: [...reordered.roles].reverse() }));
});
