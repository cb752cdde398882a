import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { escapeHtml } from '../../src/outputs/html.js';
import { REPORT_SCRIPT } from '../../src/outputs/report-assets.js';
import { analyzeAccount } from '../helpers/analyze.js';
import { ROOT } from '../helpers/cli.js';
import { FUNCTION_NAME, hostileAccount, PAYLOADS, ROLE_NAME } from './hostile-account.js';

const example = analyzeAccount(join(ROOT, 'examples/wild-rydes'), { perFunction: true });
const hostile = analyzeAccount(hostileAccount(), { perFunction: true });

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
}

function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  assert.ok(start >= 0, `${open} is in the page`);
  const from = start + open.length;
  return html.slice(from, html.indexOf(close, from));
}

test('payloads in log fields, role and function names, tags and ARNs come out as text, never as markup', async () => {
  const { files, run } = await hostile;
  const html = files.get('report.html') ?? '';
  // The data got through to the page (escaped), so the checks below are not vacuous.
  assert.ok(html.includes(escapeHtml(ROLE_NAME)), 'role name shown');
  assert.ok(html.includes(escapeHtml(FUNCTION_NAME)), 'function name shown');
  assert.ok(html.includes(escapeHtml(`Get${PAYLOADS.closer}`)), 'eventName shown');
  assert.ok(html.includes(escapeHtml(PAYLOADS.script)), 'tag shown');
  assert.ok(run.analysis.findings.some((f) => f.message.includes(PAYLOADS.attribute)));

  for (const [name, payload] of Object.entries(PAYLOADS))
    assert.ok(!html.includes(payload), `payload ${name} appears unescaped`);
  const tags = tagsOf(html);
  assert.deepEqual(
    tags.filter((t) => t.startsWith('<script')),
    ['<script type="application/json" id="pare-summary">', '<script>'],
    'only pare’s own two script elements',
  );
  assert.equal(between(html, '<script>', '</script>'), REPORT_SCRIPT);
  assert.deepEqual(
    tags.filter((t) => /\son[a-z]+\s*=/i.test(t.replace(/"[^"]*"/g, '""'))),
    [],
    'no element carries an event handler',
  );
  assert.deepEqual(
    tags.filter((t) => /^<(img|iframe|object|embed|link|base|form)\b/i.test(t)),
    [],
    'no element that loads or posts anything',
  );
  assert.ok(!html.includes('value never shown'), 'environment variable values are never written');

  // The data island holds no `<` at all, and still parses back to the same names.
  const island = between(html, '<script type="application/json" id="pare-summary">', '</script>');
  assert.ok(!island.includes('<'), 'the JSON island escapes <');
  const summary = JSON.parse(island) as { roles: { role: string; functions: string[] }[] };
  assert.equal(summary.roles[0]?.role, ROLE_NAME);
  assert.deepEqual(summary.roles[0]?.functions, [FUNCTION_NAME]);
});

test('ids and links are built from names without letting them out of the attribute', async () => {
  const { files } = await hostile;
  const html = files.get('report.html') ?? '';
  const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
  for (const id of ids) assert.match(id ?? '', /^[A-Za-z0-9_-]+$/);
  for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) {
    assert.match(href ?? '', /^#[A-Za-z0-9_-]+$/, 'only in-page links');
    assert.ok(ids.has((href ?? '').slice(1)), `${href} has a target`);
  }
});

test('the example report: an overview, a chart row and a section per role, a section per function', async () => {
  const { files, run } = await example;
  const html = files.get('report.html') ?? '';
  const { roles } = run.analysis;
  const functions = new Set(roles.flatMap((r) => r.functions.map((f) => f.name)));
  assert.ok(html.includes('<section id="overview">'));
  assert.equal((html.match(/<section id="role-/g) ?? []).length, roles.length);
  assert.equal((html.match(/<section id="fn-/g) ?? []).length, functions.size);
  const glance = between(html, '<section id="glance">', '</section>');
  assert.equal(
    (glance.match(/<tr><td><a href="#fn-/g) ?? []).length,
    functions.size,
    'one glance row per function',
  );
  const chart = between(html, '<svg class="chart"', '</svg>');
  assert.equal((chart.match(/<a href="#role-/g) ?? []).length, roles.length);
  for (const r of roles) assert.ok(html.includes(`<h2>${escapeHtml(r.role.name)}</h2>`), r.role.name);
  // Statistics and the diff of each role are on the page.
  const summary = JSON.parse(files.get('summary.json') ?? '') as {
    statistics: { functions: { byRuntime: Record<string, number> } };
  };
  const runtimes = between(html, '<h3>Runtimes</h3>', '</table>');
  for (const [runtime, n] of Object.entries(summary.statistics.functions.byRuntime))
    assert.ok(
      runtimes.includes(`<tr><td><code>${runtime}</code></td><td class="num">${n}</td></tr>`),
      runtime,
    );
  assert.ok(html.includes('<summary>Diff: granted against proposed</summary>'));
  const seen = new Set([...html.matchAll(/\shref="#([^"]*)"/g)].map((m) => m[1]));
  for (const id of seen) assert.ok(html.includes(` id="${id ?? ''}"`), `#${id ?? ''} has a target`);
});

test('self-contained: nothing to fetch, and a CSP that allows only the page’s own style and script', async () => {
  const { files } = await example;
  const html = files.get('report.html') ?? '';
  assert.ok(!/\s(src|srcset|data|poster|action)=/i.test(tagsOf(html).join('')), 'no attribute that fetches');
  assert.ok(!/url\(|@import|@font-face/.test(between(html, '<style>', '</style>')), 'no fetch from CSS');
  const csp = between(html, '<meta http-equiv="Content-Security-Policy" content="', '"');
  const hash = (text: string): string => createHash('sha256').update(text).digest('base64');
  assert.ok(csp.includes(`style-src &#39;sha256-${hash(between(html, '<style>', '</style>'))}&#39;`));
  assert.ok(csp.includes(`script-src &#39;sha256-${hash(between(html, '<script>', '</script>'))}&#39;`));
  assert.ok(csp.includes('default-src &#39;none&#39;'));
});

test('the report is byte-stable', async () => {
  const [first, second] = await Promise.all([
    example,
    analyzeAccount(join(ROOT, 'examples/wild-rydes'), { perFunction: true }),
  ]);
  assert.equal(first.files.get('report.html'), second.files.get('report.html'));
});
