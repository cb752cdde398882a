export type Severity = 'info' | 'low' | 'medium' | 'high';

/** Stable rule ids (DESIGN.md, "Findings"). */
export type RuleId =
  | 'unused-action'
  | 'unused-service'
  | 'wildcard-resource-where-concrete-used'
  | 'wildcard-action'
  | 'denied-attempt'
  | 'role-unused-in-window'
  | 'usage-outside-grant'
  | 'kept-not-observable'
  | 'resource-not-derivable'
  | 'condition-not-evaluated'
  | 'policy-split'
  | 'unmapped-events';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  role?: string;
  function?: string;
  actions?: string[];
  resources?: string[];
  message: string;
  evidence?: Record<string, unknown>;
}
