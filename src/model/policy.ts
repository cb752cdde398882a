/**
 * IAM policy documents in normalised form: every Action/Resource list is an array, Condition values are
 * arrays of strings. Readers normalise; writers render (sorted, deterministic).
 */
export type Effect = 'Allow' | 'Deny';

/** Condition operator → condition key → values, e.g. `{ StringEquals: { 'aws:SourceVpc': ['vpc-1'] } }`. */
export type Condition = Record<string, Record<string, string[]>>;

export interface Statement {
  Sid?: string;
  Effect: Effect;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

/** Where a policy came from, as IAM names it. */
export type PolicyKind = 'inline' | 'managed' | 'aws-managed';

export interface AttachedPolicy {
  kind: PolicyKind;
  name: string;
  /** The managed policy ARN; absent for inline policies. */
  arn?: string;
  document: PolicyDocument;
}
