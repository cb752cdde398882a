/** One IAM authorisation a call needed: an action on a resource. */
export interface Access {
  /** `service:Action` in the IAM catalog's spelling, e.g. `dynamodb:GetItem`. */
  action: string;
  /** The resource ARN, or `*` when the action supports no resource-level permission or the ARN is unknown. */
  resource: string;
  /**
   * Why the resource is `*`: the action takes no resource-level permission (`wildcard-only`), or the
   * record did not say which resource was touched (`unresolved`). Absent when `resource` is an ARN.
   */
  wildcard?: 'wildcard-only' | 'unresolved';
}

/** What the mapping says of one record. Expected outcomes are values, not exceptions. */
export type MappingResult =
  | { status: 'mapped'; accesses: Access[]; why: string[] }
  | { status: 'no-permission'; why: string }
  | { status: 'not-an-api-call'; why: string }
  | { status: 'unknown'; why: string };
