import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAnalyze } from '../../src/app/analyze.js';
import { DEFAULT_WINDOW } from '../../src/usage/window.js';
import { readTree } from '../helpers/analyze.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';

interface Location {
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: { startLine: number; startColumn?: number };
  };
}
interface Log {
  runs: {
    originalUriBaseIds?: Record<string, { uri: string; uriBaseId?: string }>;
    results: {
      locations: Location[];
      properties: { role?: string; function?: string; evidence?: Record<string, unknown> };
    }[];
  }[];
}

const IAC = 'examples/wild-rydes/iac';
const lineOf = (file: string, needle: string): number =>
  readFileSync(join(ROOT, IAC, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

const run = (async () => {
  const out = join(tempDir(), 'out');
  // Relative paths, as the README runs it from the repository root.
  await runAnalyze({
    logs: ['examples/wild-rydes/logs'],
    iam: ['examples/wild-rydes/iam.json'],
    lambda: ['examples/wild-rydes/lambda.json'],
    window: DEFAULT_WINDOW,
    selection: { roles: [], functions: [] },
    perFunction: false,
    skipBadFiles: false,
    iac: IAC,
    out,
  });
  return readTree(out);
})();

async function sarif(): Promise<Log['runs'][number]> {
  const log = JSON.parse((await run).get('findings.sarif') ?? '') as Log;
  assert.deepEqual(sarifValidator()(log), []);
  const [first] = log.runs;
  assert.ok(first);
  return first;
}

function locationsOf(results: Log['runs'][number]['results'], role: string, fn?: string): Location[] {
  const hits = results.filter((r) => r.properties.role === role && r.properties.function === fn);
  assert.ok(hits.length > 0, `results for ${role} ${fn ?? ''}`);
  return hits.flatMap((r) => r.locations);
}

test('--iac: role findings point at the IaC lines that grant, by paths GitHub reads from the repository root', async () => {
  const { results, originalUriBaseIds } = await sarif();
  // GitHub code scanning ignores originalUriBaseIds: the uri is the path from where pare ran.
  assert.equal(originalUriBaseIds, undefined);
  const expect = (role: string, uri: string, line: number, column: number, fn?: string): void => {
    for (const location of locationsOf(results, role, fn))
      assert.deepEqual(
        location.physicalLocation,
        { artifactLocation: { uri: `${IAC}/${uri}` }, region: { startLine: line, startColumn: column } },
        `${role} ${fn ?? ''}`,
      );
  };
  // Serverless: the provider's iamRoleStatements; SAM: the function's Policies.
  const serverless = 'wild-rydes-ride-record/serverless.yml';
  expect(
    'wild-rydes-ride-record-dev-us-east-1-lambdaRole',
    serverless,
    lineOf(serverless, '  iamRoleStatements:'),
    3,
  );
  const sam = 'wild-rydes-payments/template.yaml';
  expect(
    'wild-rydes-payments-StripeWebhookFunctionRole-9ZY8XW7VU6TS',
    sam,
    lineOf(sam, '      Policies:'),
    7,
  );
  // CDK: the role resource in the synthesized template.
  const cdk = 'wild-rydes-reporting/cdk.out/WildRydesReportingStack.template.json';
  expect(
    'WildRydesReportingStack-DailyReporterServiceRole7E2A3C1B-1K9J8H7G6F5D4',
    cdk,
    lineOf(cdk, '"DailyReporterServiceRole7E2A3C1B": {'),
    3,
  );
});

test('--iac: function findings point at the function; roles with no IaC keep the snapshot', async () => {
  const { results } = await sarif();
  const fn = 'wild-rydes-payments-StripeWebhookFunction-Tn3Hq8Lw2Rz5';
  // A finding about a resource policy stays at the policy's file.
  const fnResults = results.filter(
    (r) => r.properties.function === fn && !r.properties.evidence?.['policyFile'],
  );
  assert.ok(fnResults.length > 0);
  const sam = 'wild-rydes-payments/template.yaml';
  for (const r of fnResults)
    assert.deepEqual(r.locations[0]?.physicalLocation, {
      artifactLocation: { uri: `${IAC}/${sam}` },
      region: { startLine: lineOf(sam, '  StripeWebhookFunction:'), startColumn: 3 },
    });
  // Created in the console: no IaC defines it.
  for (const location of locationsOf(results, 'legacy-fn-role-abc123'))
    assert.deepEqual(location.physicalLocation, {
      artifactLocation: { uri: 'examples/wild-rydes/iam.json' },
      region: { startLine: 1 },
    });
});

test('--iac: the report names the defining file and line', async () => {
  const html = (await run).get('report.html') ?? '';
  const line = lineOf('wild-rydes-ride-record/serverless.yml', '  iamRoleStatements:');
  assert.ok(html.includes(`<code>${IAC}/wild-rydes-ride-record/serverless.yml:${line}</code>`));
  const fnLine = lineOf('wild-rydes-ride-record/serverless.yml', '  PutRideRecordHttp:');
  assert.ok(html.includes(`<code>${IAC}/wild-rydes-ride-record/serverless.yml:${fnLine}</code>`));
  const pare = JSON.parse((await run).get('pare.json') ?? '') as { inputs: { iac?: string } };
  assert.equal(pare.inputs.iac, IAC);
});

test('--iac: a directory that is not there is a usage error', async () => {
  await assert.rejects(
    runAnalyze({
      logs: ['examples/wild-rydes/logs'],
      iam: ['examples/wild-rydes/iam.json'],
      lambda: ['examples/wild-rydes/lambda.json'],
      window: DEFAULT_WINDOW,
      selection: { roles: ['legacy-fn-role-abc123'], functions: [] },
      perFunction: false,
      skipBadFiles: false,
      iac: 'examples/wild-rydes/no-such-iac',
      out: join(tempDir(), 'out'),
    }),
    (error: Error) =>
      error.name === 'UsageError' && /--iac examples\/wild-rydes\/no-such-iac/.test(error.message),
  );
});
