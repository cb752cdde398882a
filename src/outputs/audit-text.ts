import { SEVERITY_ORDER } from '../diff/findings.js';
import type { Finding, Severity } from '../model/finding.js';

/** What a finding is about, as one word: the function, else the role, else the resource. */
export function findingSubject(finding: Finding): string {
  return finding.function ?? finding.role ?? finding.resources?.[0] ?? '(account)';
}

/** `pare audit` on stdout: counts, then every finding, most severe first, each under its subject. */
export function renderAudit(
  findings: readonly Finding[],
  scope: { roles: number; functions: number; packages: number; asOf: string },
): string {
  const bySeverity = new Map<Severity, number>();
  for (const f of findings) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  const lines = [
    `pare audit: ${scope.roles} role(s), ${scope.functions} function(s)${scope.packages > 0 ? `, ${scope.packages} code package(s)` : ''}; runtimes as of ${scope.asOf}`,
    `Findings: ${[...SEVERITY_ORDER]
      .reverse()
      .map((s) => `${bySeverity.get(s) ?? 0} ${s}`)
      .join(', ')}`,
  ];
  const width = Math.max(0, ...findings.map((f) => f.rule.length));
  for (const f of findings) {
    lines.push('', `[${f.severity}] ${f.rule.padEnd(width)}  ${findingSubject(f)}`, `  ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
