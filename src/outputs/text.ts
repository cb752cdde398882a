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
      `${usage.unmapped.reduce((n, u) => n + u.count, 0)} unmapped.`,
  );
  lines.push('');
  const header = `${pad('role', 52)} ${pad('granted', 8)} ${pad('used', 5)} ${pad('kept', 5)} ${pad('unused', 7)} calls`;
  lines.push(header);
  for (const r of analysis.roles) {
    const v = r.synth.verdicts;
    const count = (kind: string): number => v.filter((x) => x.verdict === kind).length;
    const kept = v.length - count('used') - count('unused');
    lines.push(
      `${pad(r.role.name, 52)} ${pad(String(v.length), 8)} ${pad(String(count('used')), 5)} ${pad(String(kept), 5)} ${pad(String(count('unused')), 7)} ${r.usage?.eventCount ?? 0}`,
    );
    for (const f of r.perFunction) {
      const used = f.synth.verdicts.filter((x) => x.verdict === 'used').length;
      lines.push(
        `  └ ${pad(f.function.name, 48)} ${pad('', 8)} ${pad(String(used), 5)} ${pad('', 5)} ${pad('', 7)} ${f.usage?.eventCount ?? 0}`,
      );
    }
  }
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
