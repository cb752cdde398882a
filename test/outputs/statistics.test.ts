import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ranked, runtimeOf, verdictCounts } from '../../src/outputs/statistics.js';
import { analyzeAccount } from '../helpers/analyze.js';
import { ROOT } from '../helpers/cli.js';
import { renderSummary } from '../../src/outputs/text.js';
import type { LambdaFunction } from '../../src/model/grants.js';

const example = analyzeAccount(join(ROOT, 'examples/wild-rydes'), { perFunction: true });

/** The oracle: runtimes and regions counted straight from the example's list-functions output. */
function inventoryCounts(): { byRuntime: Record<string, number>; byRegion: Record<string, number> } {
  const { Functions } = JSON.parse(readFileSync(join(ROOT, 'examples/wild-rydes/lambda.json'), 'utf8')) as {
    Functions: { Runtime?: string; FunctionArn: string }[];
  };
  const byRuntime: Record<string, number> = {};
  const byRegion: Record<string, number> = {};
  for (const f of Functions) {
    const runtime = f.Runtime ?? 'unknown';
    const region = f.FunctionArn.split(':')[3] ?? '';
    byRuntime[runtime] = (byRuntime[runtime] ?? 0) + 1;
    byRegion[region] = (byRegion[region] ?? 0) + 1;
  }
  return { byRuntime, byRegion };
}

interface Summary {
  window: { since: string; until: string };
  roles: { role: string; granted: number; used: number; kept: number; unused: number; calls: number }[];
  statistics: {
    functions: { total: number; byRuntime: Record<string, number>; byRegion: Record<string, number> };
    roles: { total: number; shared: number; unusedInWindow: number; notInSnapshot: number };
    actions: { granted: number; used: number; kept: number; unused: number };
    findings: { total: number; bySeverity: Record<string, number>; byRule: Record<string, number> };
  };
}

test('summary.json counts functions per runtime and region, and findings per severity and rule', async () => {
  const { files, run } = await example;
  const summary = JSON.parse(files.get('summary.json') ?? '') as Summary;
  const { functions, roles, findings, actions } = summary.statistics;
  const lambda = run.analysis.roles.flatMap((r) => r.functions);
  assert.equal(functions.total, lambda.length);
  // Every function of the example runs with a role of the snapshot, so all of them are counted.
  assert.deepEqual(functions, { total: lambda.length, ...inventoryCounts() });
  assert.equal(roles.total, run.analysis.roles.length);
  assert.equal(roles.shared, 1, 'the ride-record role');
  assert.equal(roles.unusedInWindow, 1, 'legacy-fn-role-abc123');
  assert.equal(roles.notInSnapshot, 0);
  assert.equal(findings.total, run.analysis.findings.length);
  const sum = (values: Record<string, number>): number => Object.values(values).reduce((a, b) => a + b, 0);
  assert.equal(sum(findings.bySeverity), findings.total);
  assert.equal(sum(findings.byRule), findings.total);
  for (const f of run.analysis.findings) assert.ok((findings.byRule[f.rule] ?? 0) > 0);
  assert.deepEqual(
    Object.keys(findings.bySeverity),
    ['high', 'info', 'low', 'medium'],
    'every severity, even at 0',
  );
  // Per role, the verdicts add up, and so do the roles to the account.
  for (const r of summary.roles) assert.equal(r.used + r.kept + r.unused, r.granted, r.role);
  assert.equal(
    actions.granted,
    summary.roles.reduce((n, r) => n + r.granted, 0),
  );
  assert.equal(summary.roles.find((r) => r.role === 'legacy-fn-role-abc123')?.calls, 0);
});

test('the text summary prints the statistics block', async () => {
  const { run } = await example;
  const text = renderSummary(run.analysis, 'out/x');
  assert.match(text, /^Statistics:$/m);
  const { byRuntime, byRegion } = inventoryCounts();
  const listed = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const total = Object.values(byRuntime).reduce((a, b) => a + b, 0);
  assert.ok(text.includes(`\n  functions  ${total}; runtimes: ${listed(byRuntime)}\n`), text);
  assert.ok(text.includes(`\n  regions    ${listed(byRegion)}\n`));
  assert.match(text, /^ {2}roles {6}\d+ \(1 shared by several functions, 1 unused in the window\)$/m);
  assert.match(text, /^ {2}rules {6}\S+ \d+/m);
  assert.match(text, /findings\.sarif, summary\.json, usage\.json and report\.html to out\/x\n$/);
});

test('counting helpers: verdicts, most frequent first, runtimes of images', () => {
  assert.deepEqual(
    verdictCounts([
      { action: 'a:A', verdict: 'used' },
      { action: 'a:B', verdict: 'unused' },
      { action: 'a:C', verdict: 'not-observable' },
      { action: 'a:D', verdict: 'lambda' },
    ]),
    { granted: 4, used: 1, kept: 2, unused: 1 },
  );
  assert.deepEqual(ranked({ b: 2, a: 2, c: 5 }), [
    ['c', 5],
    ['a', 2],
    ['b', 2],
  ]);
  const fn = { name: 'f', packageType: 'Image' } as LambdaFunction;
  assert.equal(runtimeOf(fn), 'container image');
  assert.equal(runtimeOf({ ...fn, packageType: 'Zip' }), 'unknown');
  assert.equal(runtimeOf({ ...fn, runtime: 'python3.13' }), 'python3.13');
});
