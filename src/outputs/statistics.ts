import type { Analysis } from '../analysis/analyse.js';
import { SEVERITY_ORDER } from '../diff/findings.js';
import type { Severity } from '../model/finding.js';
import type { LambdaFunction } from '../model/grants.js';
import { compare } from '../model/order.js';
import type { ActionVerdict } from '../synth/synthesise.js';

/** Granted actions by verdict: kept covers Lambda's own, not observable and unmapped services. */
export interface VerdictCounts {
  granted: number;
  used: number;
  kept: number;
  unused: number;
}

export interface RoleSummary extends VerdictCounts {
  role: string;
  arn: string;
  functions: string[];
  calls: number;
  firstSeen?: string;
  lastSeen?: string;
  findings: number;
}

/** Account-wide counts, LambdaGuard-style: what runs where, and how much of what is granted is used. */
export interface Statistics {
  functions: {
    total: number;
    byRuntime: Record<string, number>;
    byRegion: Record<string, number>;
  };
  roles: { total: number; shared: number; unusedInWindow: number; notInSnapshot: number };
  actions: VerdictCounts;
  findings: { total: number; bySeverity: Record<Severity, number>; byRule: Record<string, number> };
}

export function verdictCounts(verdicts: readonly ActionVerdict[]): VerdictCounts {
  const used = verdicts.filter((v) => v.verdict === 'used').length;
  const unused = verdicts.filter((v) => v.verdict === 'unused').length;
  return { granted: verdicts.length, used, kept: verdicts.length - used - unused, unused };
}

/** Map entries most frequent first, then by name: the order every statistic is printed in. */
export function ranked(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort(([a, x], [b, y]) => y - x || compare(a, b));
}

function tally(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of [...keys].sort(compare)) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** A container image has no managed runtime; a zip without one is reported as such, not guessed. */
export function runtimeOf(fn: LambdaFunction): string {
  return fn.runtime ?? (fn.packageType === 'Image' ? 'container image' : 'unknown');
}

/** The functions of the analysed roles, once each. */
export function analysedFunctions(analysis: Analysis): LambdaFunction[] {
  const byArn = new Map<string, LambdaFunction>();
  for (const r of analysis.roles) for (const f of r.functions) byArn.set(f.arn, f);
  return [...byArn.values()].sort((a, b) => compare(a.name, b.name) || compare(a.arn, b.arn));
}

function roleSummaries(analysis: Analysis): RoleSummary[] {
  return analysis.roles.map((r) => {
    const summary: RoleSummary = {
      role: r.role.name,
      arn: r.role.arn,
      functions: r.functions.map((f) => f.name),
      ...verdictCounts(r.synth.verdicts),
      calls: r.usage?.eventCount ?? 0,
      findings: analysis.findings.filter((f) => f.role === r.role.name).length,
    };
    if (r.usage) {
      summary.firstSeen = r.usage.firstSeen;
      summary.lastSeen = r.usage.lastSeen;
    }
    return summary;
  });
}

export function statistics(analysis: Analysis): Statistics {
  const functions = analysedFunctions(analysis);
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of analysis.findings) bySeverity[f.severity]++;
  const actions: VerdictCounts = { granted: 0, used: 0, kept: 0, unused: 0 };
  for (const r of analysis.roles) {
    const counts = verdictCounts(r.synth.verdicts);
    for (const key of ['granted', 'used', 'kept', 'unused'] as const) actions[key] += counts[key];
  }
  return {
    functions: {
      total: functions.length,
      byRuntime: tally(functions.map(runtimeOf)),
      byRegion: tally(functions.map((f) => f.region)),
    },
    roles: {
      total: analysis.roles.length,
      shared: analysis.roles.filter((r) => r.functions.length > 1).length,
      unusedInWindow: analysis.roles.filter((r) => !r.usage).length,
      notInSnapshot: analysis.rolesWithoutGrants.length,
    },
    actions,
    findings: {
      total: analysis.findings.length,
      bySeverity,
      byRule: tally(analysis.findings.map((f) => f.rule)),
    },
  };
}

/** summary.json: the window, the record counts, one line per role, and the statistics. */
export function summary(analysis: Analysis): Record<string, unknown> {
  return {
    window: analysis.usage.window,
    records: analysis.usage.counts,
    roles: roleSummaries(analysis),
    statistics: statistics(analysis),
  };
}
