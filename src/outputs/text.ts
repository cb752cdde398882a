import type { Analysis } from '../analysis/analyse.js';
import { SEVERITY_ORDER } from '../diff/findings.js';
import type { Severity } from '../model/finding.js';

/** Findings printed on stdout; all of them are in findings.json. */
const SHOWN = 20;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
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
    const v = r.synth.verdicts;
    const count = (kind: string): number => v.filter((x) => x.verdict === kind).length;
    const kept = v.length - count('used') - count('unused');
    rows.push([
      r.role.name,
      String(v.length),
      String(count('used')),
      String(kept),
      String(count('unused')),
      String(r.usage?.eventCount ?? 0),
    ]);
    for (const f of r.perFunction) {
      const fv = f.synth.verdicts;
      const used = fv.filter((x) => x.verdict === 'used').length;
      const unused = fv.filter((x) => x.verdict === 'unused').length;
      rows.push([
        `  └ ${f.function.name}`,
        '',
        String(used),
        String(fv.length - used - unused),
        String(unused),
        String(f.usage?.eventCount ?? 0),
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
  const bySeverity = new Map<Severity, number>();
  for (const f of analysis.findings) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  lines.push(
    `Findings: ${[...SEVERITY_ORDER]
      .reverse()
      .map((s) => `${bySeverity.get(s) ?? 0} ${s}`)
      .join(', ')}`,
  );
  const serious = analysis.findings.filter((x) => x.severity === 'high' || x.severity === 'medium');
  for (const f of serious.slice(0, SHOWN)) lines.push(`  [${f.severity}] ${f.rule}: ${f.message}`);
  if (serious.length > SHOWN)
    lines.push(`  … and ${serious.length - SHOWN} more high and medium findings in findings.json`);
  lines.push('');
  lines.push(`Wrote policies, diffs, findings.json and usage.json to ${outDir}`);
  return `${lines.join('\n')}\n`;
}
