import type { RuleId, Severity } from '../model/finding.js';
import { compare } from '../model/order.js';
import { POSTURE_RULES } from './rules-posture.js';
import { USAGE_RULES } from './rules-usage.js';

/**
 * The finding fields that tell two alerts of one rule apart; rule, role and function always do.
 * `issueCode` is Access Analyzer's, for several issues in one generated policy.
 */
export type IdentityField = 'actions' | 'resources' | 'service' | 'policy' | 'issueCode';

/** One rule's documentation, written once: SARIF's reportingDescriptor and the report's legend use it. */
export interface RuleEntry {
  /** PascalCase, as code scanning lists rules. */
  name: string;
  short: string;
  full: string;
  /** Markdown with backticks only, so that the plain-text help is the same words. */
  fix: string;
  severity: Severity;
  area: 'iam' | 'lambda' | 'cloudtrail';
  /** How often a result of the rule is a true problem (code scanning's vocabulary). */
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /**
   * What keeps an alert's identity across runs: usage findings sample actions and resources that change
   * as traffic does, so they are named by what does not (the service, the policy).
   */
  identity: readonly IdentityField[];
}

const ALL = { ...USAGE_RULES, ...POSTURE_RULES };

/** Every rule id has an entry (the compiler checks it); rules.test.ts checks there is no other. */
export const RULES: Readonly<Record<RuleId, RuleEntry>> = ALL;

/** Every documented rule, by id: SARIF lists every rule pare runs, not only those with results. */
export function ruleList(): [string, RuleEntry][] {
  return Object.entries(ALL as Record<string, RuleEntry>).sort(([a], [b]) => compare(a, b));
}

/** SARIF levels; code scanning shows `note` for anything below a warning. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/**
 * Code scanning's numeric scale (7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low); info findings are not
 * security results, so they get none.
 */
export function securitySeverity(severity: Severity): string | undefined {
  return { high: '8.0', medium: '5.5', low: '3.0', info: undefined }[severity];
}

/** The help as code scanning shows it: what the rule means, then the fix. */
export function ruleHelp(entry: RuleEntry): { text: string; markdown: string } {
  return {
    text: `${entry.full.replaceAll('`', '')}\n\nFix: ${entry.fix.replaceAll('`', '')}`,
    markdown: `${entry.full}\n\n**Fix:** ${entry.fix}`,
  };
}
