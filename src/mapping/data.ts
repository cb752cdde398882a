/**
 * The shapes of the files in mappings/, after validation (validate.ts). The files are data, not code
 * (STYLE.md 5 and 6): growing pare to a new service means adding a `services/<prefix>.json`, not an `if`.
 */

/** Every mappings file as parsed JSON, keyed by its path under mappings/ (`services/s3.json`). */
export interface MappingData {
  files: Record<string, unknown>;
}

export const SCHEMA_VERSION = 1;

/** `event-sources.json`: eventSource → IAM prefix where the general rule (`x.amazonaws.com` → `x`) fails. */
export interface EventSourcesFile {
  schemaVersion: number;
  eventSources: Record<string, { service: string; why: string }>;
  /** Region prefix → ARN partition, longest prefix first; other regions are in `aws`. */
  partitions: { regionPrefix: string; partition: string; why: string }[];
}

/** `event-types.json`: which records are API calls, and which request values are not names. */
export interface EventTypesFile {
  schemaVersion: number;
  apiCalls: string[];
  notApiCalls: Record<string, string>;
  notApiCallCategories: Record<string, string>;
  /** Values CloudTrail (or a fixture) puts where a name was redacted: never a resource name. */
  redactedValues: string[];
}

/** `error-codes.json`: errorCode classes; any other code still proves the permission was used. */
export interface ErrorCodesFile {
  schemaVersion: number;
  denied: { why: string; codes: string[] };
  authFailure: { why: string; codes: string[] };
}

/** `blind-spots.json`: actions CloudTrail never logs, and actions logged only as data events. */
export interface BlindSpotsFile {
  schemaVersion: number;
  notLogged: { actions: string[]; why: string }[];
  dataEvents: {
    eventSource: string;
    /** The data event resource type (`resources.type` in an advanced event selector). */
    resourceType: string;
    /** IAM actions (patterns allowed) whose calls are logged only as data events of this type. */
    actions: string[];
    /** eventNames logged as data events: classifies records that predate `eventCategory`. */
    eventNames: string[];
    why: string;
  }[];
}

/**
 * `not-real-events.json`: (eventSource, eventName) pairs no AWS service logs (detection-rule fixtures invent
 * them: an S3 operation under ec2.amazonaws.com, an IAM action name instead of the logged eventName). Such a
 * record stays `unknown`, never guessed; the entry says why, and the corpus test keeps the list honest.
 */
export interface NotRealEventsFile {
  schemaVersion: number;
  entries: { eventSource: string; eventName: string; why: string }[];
}

/**
 * Where to take the ARNs of an access from: the record's `resources[]` first (they are what the service
 * authorised), the request parameters first (when `resources[]` is coarser than the authorisation, e.g.
 * a table where IAM checked an index), or the request only (when `resources[]` mixes source and target).
 */
export type ResourcesFrom = 'record-first' | 'request-first' | 'request-only';

/**
 * How to build one resource ARN from `requestParameters`. Paths are dot-separated; inside `each` they are
 * relative to the element (`$` is the element itself), a leading `/` starts at requestParameters and a
 * leading `@response.` at responseElements.
 */
export interface ResourceRuleData {
  /** The AWS page the rule comes from, where it is not obvious (the service's `why` may cite it instead). */
  why?: string;
  /** Catalog resource type of the action's service (e.g. `object`); the ARN format comes from the catalog. */
  type?: string;
  /** `*` for this form of the call (e.g. SNS Publish to a phone number): no ARN exists to name. */
  wildcard?: 'wildcard-only';
  /** The rule applies only when this path holds a value; if it then cannot build an ARN, none is guessed. */
  if?: string;
  /** Path to a list (or an object whose keys are the names): one ARN per element. */
  each?: string;
  /** Path(s) to the value naming the resource: an ARN, or the name for the format's one open placeholder. */
  from?: string | string[];
  /** The value must be an ARN of the type (for formats with several names, e.g. executionArn). */
  arnOnly?: boolean;
  /** Value when `from` holds none (e.g. the default event bus). */
  default?: string;
  /** A regular expression (case-insensitive) the value must match; its named groups fill placeholders. */
  match?: string;
  /** Format placeholder → path, for formats with several names (bucket and key, table and index). */
  bind?: Record<string, string>;
  /**
   * Format placeholder → fixed text, for a part the request never names: `{"Id": "*"}` for the id AWS
   * appends to a CloudFormation stack name.
   */
  fill?: Record<string, string>;
  /** Appended to a name (not to an ARN), e.g. `-??????` for Secrets Manager's random suffix. */
  nameSuffix?: string;
  /** The value is URI-encoded (e.g. `x-amz-copy-source`). */
  decodeUri?: boolean;
  /** The service stores the name in lower case and its ARN holds it so (RDS identifiers). */
  lowerCase?: boolean;
  /**
   * Path to an IAM path (`/division/`), put before the name without its leading slash; a request
   * creating the entity without one gets the API's default `/` (the name alone).
   */
  pathFrom?: string;
  /** Path to a qualifier (version or alias) kept as `:<qualifier>` for the actions in `qualifiedFor`. */
  qualifierFrom?: string;
  /** Actions that IAM authorises on the qualified ARN; the others get the unqualified one. */
  qualifiedFor?: string[];
  /** The rule applies only to these actions (e.g. `instance/*` for the instance RunInstances creates). */
  onlyFor?: string[];
  /**
   * The request involves this resource as well as the one the other rules name: its ARNs are added to
   * theirs instead of being an alternative (EC2 authorises every resource a request uses).
   */
  additional?: boolean;
}

/** A condition on a request value (or on the element, inside `each`); regexes are case-insensitive. */
export interface ConditionData {
  path: string;
  present?: boolean;
  equals?: string[];
  matches?: string;
  notMatches?: string;
}

/** One action an event needs, with where its resources come from. */
export interface AccessSpecData {
  action: string;
  when?: ConditionData;
  /** Path to a list: the access is evaluated per element (e.g. TransactWriteItems items). */
  each?: string;
  /** Alternatives, tried in order; default: the service's rules for the action's catalog resource types. */
  resource?: ResourceRuleData | ResourceRuleData[];
  resourcesFrom?: ResourcesFrom;
}

/** An eventName whose mapping is not the general rule. */
export interface EventEntryData {
  why: string;
  accesses?: AccessSpecData[];
  status?: 'no-permission' | 'not-an-api-call' | 'unknown';
}

/** `services/<prefix>.json`: one IAM service's exceptions and resource rules. */
export interface ServiceFile {
  schemaVersion: number;
  service: string;
  eventSources: string[];
  why?: string;
  /** Default for the service's accesses; `record-first` when absent. */
  resourcesFrom?: ResourcesFrom;
  /** eventName suffix (regex) naming an API version, stripped when the full name is no IAM action. */
  versionSuffix?: string;
  /** Catalog resource type → how to build its ARN (alternatives tried in order). */
  resources?: Record<string, ResourceRuleData | ResourceRuleData[]>;
  /**
   * Resource types an action authorises that the catalog does not list for it (API Gateway's HTTP verbs
   * on HTTP API paths: the catalog merges two reference pages and keeps one page's types), each sourced.
   */
  catalogAdditions?: { action: string; resourceTypes: string[]; why: string }[];
  events?: Record<string, EventEntryData>;
}
