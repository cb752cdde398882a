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
  | 'unmapped-events'
  // IAM's last-accessed data saw use pare's logs did not show.
  | 'activity-gap'
  // --validate: IAM Access Analyzer on the generated policies.
  | 'policy-validation'
  | 'new-access'
  // Posture (src/checks): what the configuration allows, with or without usage.
  | 'admin-access'
  | 'service-wildcard-action'
  | 'service-wildcard-resource'
  | 'exploit-grade-action'
  | 'shared-role'
  | 'env-secret'
  | 'code-private-key'
  | 'many-trigger-types'
  | 'console-created-function'
  | 'public-resource-policy'
  | 'public-event-source-bucket'
  | 'deprecated-runtime';

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
