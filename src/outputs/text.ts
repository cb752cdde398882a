import type { Analysis } from '../analysis/analyse.js';
import { SEVERITY_ORDER } from '../diff/findings.js';
import { ranked, statistics, verdictCounts, type Statistics } from './statistics.js';

/** Findings printed on stdout; all of them are in findings.json. */
const SHOWN = 20;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function counted(counts: Record<string, number>): string {
  const entries = ranked(counts);
  return entries.length === 0 ? 'none' : entries.map(([key, n]) => `${key} ${n}`).join(', ');
}

/** The account at a glance, as LambdaGuard prints it: runtimes, regions, findings by rule. */
function statisticsBlock(stats: Statistics): string[] {
  const { functions, roles, actions, findings } = stats;
  const notes = [
    roles.shared > 0 ? `${roles.shared} shared by several functions` : '',
    roles.unusedInWindow > 0 ? `${roles.unusedInWindow} unused in the window` : '',
  ].filter(Boolean);
  return [
    'Statistics:',
    `  functions  ${functions.total}; runtimes: ${counted(functions.byRuntime)}`,
    `  regions    ${counted(functions.byRegion)}`,
    `  roles      ${roles.total}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
    `  actions    ${actions.granted} granted, ${actions.used} used, ${actions.kept} kept, ${actions.unused} unused`,
    `  rules      ${counted(findings.byRule)}`,
  ];
}

/** The summary a person reads on stdout: the window, then per role what was granted, used and kept. */
export function renderSummary(analysis: Analysis, outDir: string): string {
  const { usage } = analysis;
  const lines: string[] = [];
  lines.push(`pare analyze: ${usage.window.since.slice(0, 10)} to ${usage.window.until.slice(0, 10)}`);
  lines.push(
    `  ${usage.counts.records} records read, ${usage.counts.inWindow} in the window, ${usage.counts.outsideWindow} outside it; ` +
      `${usage.counts.notFromRoles} from principals other than roles, ${usage.counts.notApiCalls} not API calls, ` +
      `${usage.unmapped.reduce((n, u) => n + u.count, 0)} unmapped` +
      (usage.counts.duplicates > 0 ? `; ${usage.counts.duplicates} read twice, counted once.` : '.'),
  );
  lines.push('');
  const rows: string[][] = [['role', 'granted', 'used', 'kept', 'unused', 'calls']];
  for (const r of analysis.roles) {
    const v = verdictCounts(r.synth.verdicts);
    rows.push([r.role.name, ...[v.granted, v.used, v.kept, v.unused, r.usage?.eventCount ?? 0].map(String)]);
    for (const f of r.perFunction) {
      const fv = verdictCounts(f.synth.verdicts);
      rows.push([
        `  └ ${f.function.name}`,
        '',
        ...[fv.used, fv.kept, fv.unused, f.usage?.eventCount ?? 0].map(String),
      ]);
    }
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  for (const row of rows)
    lines.push(
      row
        .map((cell, i) => pad(cell, widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  if (analysis.rolesWithoutGrants.length > 0) {
    lines.push('');
    lines.push(
      `Seen in the logs but not in the IAM snapshot (not analysed): ${analysis.rolesWithoutGrants.join(', ')}`,
    );
  }
  lines.push('');
  const stats = statistics(analysis);
  lines.push(
    `Findings: ${[...SEVERITY_ORDER]
      .reverse()
      .map((s) => `${stats.findings.bySeverity[s]} ${s}`)
      .join(', ')}`,
  );
  const serious = analysis.findings.filter((x) => x.severity === 'high' || x.severity === 'medium');
  for (const f of serious.slice(0, SHOWN)) lines.push(`  [${f.severity}] ${f.rule}: ${f.message}`);
  if (serious.length > SHOWN)
    lines.push(`  … and ${serious.length - SHOWN} more high and medium findings in findings.json`);
  lines.push('');
  lines.push(...statisticsBlock(stats));
  lines.push('');
  lines.push(
    `Wrote policies, diffs, findings.json, findings.sarif, summary.json, usage.json and report.html to ${outDir}`,
  );
  return `${lines.join('\n')}\n`;
}
