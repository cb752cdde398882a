/**
 * What else the posture checks read about Lambda functions and the resources that trigger them: event
 * source mappings, function URLs, resource-based policies (function, bucket, queue, topic) and bucket
 * ACLs. Each comes from an `aws` CLI output file; readers normalise, checks never see raw JSON.
 */
import type { Condition, Effect } from './policy.js';

/**
 * Principal / NotPrincipal, normalised: `"*"` becomes `{ AWS: ["*"] }` (IAM treats the two alike) and
 * every value a list, keys as written (`AWS`, `Service`, `Federated`, `CanonicalUser`).
 */
export type PrincipalMap = Record<string, string[]>;

/** A statement of a resource-based policy: the identity-policy elements plus who it applies to. */
export interface ResourcePolicyStatement {
  Sid?: string;
  Effect: Effect;
  Principal?: PrincipalMap;
  NotPrincipal?: PrincipalMap;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Condition;
}

export type PolicyResourceType = 'lambda-function' | 's3-bucket' | 'sqs-queue' | 'sns-topic';

export interface ResourcePolicy {
  resourceType: PolicyResourceType;
  /** The function (unqualified), bucket, queue or topic ARN the policy is attached to. */
  resourceArn: string;
  statements: ResourcePolicyStatement[];
  /** The file it was read from, for messages. */
  file: string;
}

/** `aws lambda list-event-source-mappings`: what Lambda polls on a function's behalf. */
export interface EventSourceMapping {
  uuid: string;
  /** The function ARN, without a version or alias qualifier. */
  functionArn: string;
  /** Absent for self-managed Kafka (endpoints instead of an ARN). */
  eventSourceArn?: string;
  /** The event source's kind: the service of its ARN (`sqs`, `dynamodb`, `kinesis`, `kafka`, `mq` …). */
  kind: string;
  state?: string;
}

/** `aws lambda list-function-url-configs` / `get-function-url-config`. */
export interface FunctionUrlConfig {
  /** The function ARN, without a qualifier. */
  functionArn: string;
  functionUrl: string;
  /** `NONE` (no authentication: the resource policy alone decides) or `AWS_IAM`. */
  authType: string;
}

/** `aws s3api get-bucket-acl`: the grants, reduced to grantee and permission. */
export interface BucketAcl {
  bucket: string;
  grants: { grantee: string; permission: string }[];
  file: string;
}

/** The Lambda inventory beyond list-functions, and the resource policies of its event sources. */
export interface PostureInventory {
  eventSourceMappings: EventSourceMapping[];
  functionUrls: FunctionUrlConfig[];
  /** Function policies (`get-policy`) and bucket, queue and topic policies. */
  resourcePolicies: ResourcePolicy[];
  bucketAcls: BucketAcl[];
}

export const EMPTY_INVENTORY: PostureInventory = {
  eventSourceMappings: [],
  functionUrls: [],
  resourcePolicies: [],
  bucketAcls: [],
};
