import type { Analysis } from '../analysis/analyse.js';
import type { IacLocations, SourceLocation } from '../iac/locate.js';
import { SEVERITY_ORDER } from '../diff/findings.js';
import type { Severity } from '../model/finding.js';
import { compare } from '../model/order.js';
import { anchorId, markup, scriptJson, trusted, type SafeHtml } from './html.js';
import { REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from './report-assets.js';
import { verdictChart } from './report-chart.js';
import { findingsTable, link, severityBadge, type ReportLinks } from './report-parts.js';
import { functionSection, roleSection } from './report-sections.js';
import { RULES } from './rules.js';
import {
  analysedFunctions,
  ranked,
  runtimeOf,
  statistics,
  summary,
  verdictCounts,
  type Statistics,
} from './statistics.js';
import { TOOL } from './tool.js';

export interface ReportInput {
  analysis: Analysis;
  /** The unified diffs written to diffs/, by role name. */
  diffs: ReadonlyMap<string, string>;
  /** The inputs as given on the command line, and the IAM catalog version: the run's provenance. */
  inputs: { logs: readonly string[]; iam: readonly string[]; lambda: readonly string[] };
  catalogVersion?: string;
  /** With `--iac`: where the IaC defines each role and function. */
  iac?: IacLocations;
}

/** `examples/iac/serverless.yml:22`: the --iac directory as given, then the file and line. */
function definedIn(iac: IacLocations | undefined, at: SourceLocation | undefined): string | undefined {
  if (!iac || !at) return undefined;
  return `${iac.root.replace(/[\\/]+$/, '')}/${at.path}:${at.line}`;
}

function countTable(
  title: string,
  counts: Record<string, number>,
  describe?: (key: string) => string,
): SafeHtml {
  const rows = ranked(counts).map(
    ([key, n]) =>
      markup`<tr><td><code${describe ? markup` title="${describe(key)}"` : ''}>${key}</code></td><td class="num">${n}</td></tr>`,
  );
  const body =
    rows.length > 0 ? markup`<table><tbody>${rows}</tbody></table>` : markup`<p class="sub">none</p>`;
  return markup`<div><h3>${title}</h3>${body}</div>`;
}

function overview(analysis: Analysis, stats: Statistics): SafeHtml {
  const { counts } = analysis.usage;
  const card = (n: number, label: SafeHtml | string): SafeHtml =>
    markup`<div class="card"><div class="n">${n.toLocaleString('en-US')}</div><div class="l">${label}</div></div>`;
  const describe = (rule: string): string =>
    (RULES as Readonly<Record<string, { short: string } | undefined>>)[rule]?.short ?? '';
  const notAnalysed = markup`<h3>Seen in the logs but not in the IAM snapshot (not analysed)</h3><ul>${analysis.rolesWithoutGrants.map(
    (arn) => markup`<li><code>${arn}</code></li>`,
  )}</ul>`;
  return markup`<section id="overview"><h2>Account overview</h2>
<div class="sub">${counts.records} records read, ${counts.inWindow} in the window, ${counts.outsideWindow} outside it;
${counts.notFromRoles} from principals other than roles.</div>
<div class="cards">${[
    card(stats.roles.total, 'roles analysed'),
    card(stats.functions.total, 'functions'),
    card(stats.actions.granted, 'actions granted'),
    card(stats.actions.used, 'used in the window'),
    card(stats.actions.kept, 'kept (not observable)'),
    card(stats.actions.unused, 'unused'),
  ]}</div>
<div class="cards">${card(stats.findings.total, 'findings')}${[...SEVERITY_ORDER]
    .reverse()
    .map((s) => card(stats.findings.bySeverity[s], severityBadge(s)))}</div>
<div class="grid2">${countTable('Runtimes', stats.functions.byRuntime)}${countTable('Regions', stats.functions.byRegion)}
${countTable('Findings by rule', stats.findings.byRule, describe)}</div>
${analysis.rolesWithoutGrants.length > 0 ? notAnalysed : ''}</section>`;
}

/**
 * Which functions are dangerous and why, at a glance: each function with its own findings and its
 * role's, most severe first.
 */
function glance(analysis: Analysis, links: ReportLinks): SafeHtml {
  const rows = analysedFunctions(analysis).map((fn) => {
    const roleName = analysis.roles.find((r) => r.role.arn === fn.role)?.role.name;
    const findings = analysis.findings.filter(
      (f) => f.function === fn.name || (!f.function && roleName !== undefined && f.role === roleName),
    );
    const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    return { fn, roleName, findings, high: count('high'), medium: count('medium'), low: count('low') };
  });
  rows.sort(
    (a, b) => b.high - a.high || b.medium - a.medium || b.low - a.low || compare(a.fn.name, b.fn.name),
  );
  const body = rows.map(
    (
      r,
    ) => markup`<tr><td>${link(links.fn.get(r.fn.name), r.fn.name)}</td><td class="nowrap">${runtimeOf(r.fn)}</td>
${(['high', 'medium', 'low'] as const).map(
  (sev) =>
    markup`<td class="num">${r[sev] > 0 ? markup`<span class="sev count sev-${sev}">${r[sev]}</span>` : markup`<span class="sub">0</span>`}</td>`,
)}
<td>${[...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.rule))].sort(compare).map((rule, i) => markup`${i > 0 ? ', ' : ''}<code>${rule}</code>`)}</td></tr>`,
  );
  return markup`<section id="glance"><h2>Functions at a glance</h2>
<div class="sub">Each function with its own findings and those of its execution role, most severe first.</div>
<table><thead><tr><th>function</th><th>runtime</th><th class="num">high</th><th class="num">medium</th><th class="num">low</th>
<th>rules</th></tr></thead><tbody>${body}</tbody></table></section>`;
}

function navigation(analysis: Analysis, links: ReportLinks): SafeHtml {
  const item = (id: string | undefined, text: string): SafeHtml =>
    markup`<li>${id ? markup`<a href="#${id}" title="${text}">${text}</a>` : text}</li>`;
  return markup`<nav aria-label="Sections"><input id="nav-filter" type="search" placeholder="Filter roles and functions" aria-label="Filter roles and functions">
<h2>Account</h2><ul>${item('overview', 'Overview')}${item('glance', 'Functions at a glance')}${item('chart', 'Granted vs used')}${item('findings-section', 'Findings')}</ul>
<h2>Roles</h2><ul>${analysis.roles.map((r) => item(links.role.get(r.role.name), r.role.name))}</ul>
<h2>Functions</h2><ul>${analysedFunctions(analysis).map((f) => item(links.fn.get(f.name), f.name))}</ul></nav>`;
}

function findingsSection(analysis: Analysis, stats: Statistics, links: ReportLinks): SafeHtml {
  const buttons = [...SEVERITY_ORDER]
    .reverse()
    .map(
      (s) =>
        markup`<button type="button" data-severity="${s}" aria-pressed="true">${s} (${stats.findings.bySeverity[s]})</button>`,
    );
  return markup`<section id="findings-section"><h2>Findings</h2>
<div class="filters" role="group" aria-label="Show severities">${buttons}</div>
${findingsTable(analysis.findings, links, { subject: true, id: 'findings' })}</section>`;
}

/**
 * report.html: one self-contained page (inline style and script, no request at view time) with the
 * account overview, a chart of granted against used per role, every finding, and a section per role and
 * per function. Every string from logs, IAM or Lambda goes through the escaping template; a CSP that
 * allows only the page's own style and script is the second line of defence.
 */
export function renderReport(input: ReportInput): string {
  const { analysis } = input;
  const stats = statistics(analysis);
  const functions = analysedFunctions(analysis);
  const links: ReportLinks = {
    role: new Map(analysis.roles.map((r, i) => [r.role.name, anchorId('role', i, r.role.name)])),
    fn: new Map(functions.map((f, i) => [f.name, anchorId('fn', i, f.name)])),
  };
  const period = `${analysis.usage.window.since.slice(0, 10)} to ${analysis.usage.window.until.slice(0, 10)}`;
  const roleOf = new Map(analysis.roles.flatMap((r) => r.functions.map((f) => [f.arn, r] as const)));
  const chart = verdictChart(
    analysis.roles.map((r) => ({
      id: links.role.get(r.role.name) ?? '',
      name: r.role.name,
      counts: verdictCounts(r.synth.verdicts),
    })),
  );
  const roles = analysis.roles.map((r) =>
    roleSection(
      r,
      links.role.get(r.role.name) ?? '',
      input.diffs.get(r.role.name),
      analysis.findings.filter((f) => f.role === r.role.name && !f.function),
      links,
      definedIn(input.iac, input.iac?.roles[r.role.name]),
    ),
  );
  const functionSections = functions.map((f) => {
    const role = roleOf.get(f.arn);
    return functionSection(
      f,
      links.fn.get(f.name) ?? '',
      role,
      role?.perFunction.find((p) => p.function.arn === f.arn),
      analysis.findings.filter((x) => x.function === f.name),
      links,
      definedIn(input.iac, input.iac?.functions[f.name]),
    );
  });
  const { iam, lambda, logs } = input.inputs;
  const catalog = input.catalogVersion ? `, IAM catalog ${input.catalogVersion}` : '';
  return markup`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pare report: ${period}</title>
<style>${trusted(REPORT_CSS)}</style></head>
<body><header><h1>pare</h1><span class="meta">CloudTrail ${period}</span>
<span class="meta">IAM: ${iam.join(', ')}</span>${lambda.length > 0 ? markup`<span class="meta">Lambda: ${lambda.join(', ')}</span>` : ''}</header>
<div class="layout">${navigation(analysis, links)}<main>
${overview(analysis, stats)}
${glance(analysis, links)}
<section id="chart"><h2>Granted vs used, per role</h2>
<div class="legend"><span><i class="dot dot-used"></i>used in the window</span><span><i class="dot dot-kept"></i>kept: CloudTrail cannot show it, or Lambda uses it</span><span><i class="dot dot-unused"></i>unused</span></div>
${chart}</section>
${findingsSection(analysis, stats, links)}
${roles}
${functionSections}
</main></div>
<footer>Written by ${TOOL.name} ${TOOL.version}${catalog}. Logs: ${logs.join(', ')}.</footer>
<script type="application/json" id="pare-summary">${scriptJson(summary(analysis))}</script>
<script>${trusted(REPORT_SCRIPT)}</script>
</body></html>
`.value;
}
