/**
 * A CloudTrail record, normalised: the fields pare reads, with the shapes that vary across eventVersions
 * and sources (LookupEvents, CloudWatch Events detail objects, Lake) folded into one.
 */
export interface Event {
  eventID: string;
  /** ISO 8601 in UTC with a `Z` suffix and millisecond precision, so strings sort as times do. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  /** AwsApiCall, AwsServiceEvent, AwsConsoleSignIn, AwsConsoleAction, AwsVpceEvent … as logged. */
  eventType?: string;
  /** Management, Data, Insight, NetworkActivity; absent on old eventVersions (then derived by the mapping). */
  eventCategory?: string;
  managementEvent?: boolean;
  readOnly?: boolean;
  recipientAccountId?: string;
  principal: Principal;
  errorCode?: string;
  requestParameters?: Record<string, unknown>;
  responseElements?: Record<string, unknown>;
  additionalEventData?: Record<string, unknown>;
  resources?: EventResource[];
  sharedEventID?: string;
  vpcEndpointId?: string;
}

/** `userIdentity`, reduced to what attributes a call to an IAM principal. */
export interface Principal {
  /** userIdentity.type as logged: AssumedRole, IAMUser, Root, AWSService, AWSAccount, FederatedUser … */
  type: string;
  arn?: string;
  accountId?: string;
  /** For an AssumedRole session: the role's IAM ARN (sessionIssuer.arn, or derived from the STS ARN). */
  roleArn?: string;
  roleName?: string;
  /** For an AssumedRole session: the role session name. For Lambda it is the function name. */
  sessionName?: string;
  /** The AWS service that made the call on the principal's behalf (e.g. kms via s3). */
  invokedBy?: string;
}

/** An entry of `resources[]`; CloudTrail spells the ARN key `ARN`, `arn` or `ARNPrefix`. */
export interface EventResource {
  arn?: string;
  arnPrefix?: string;
  type?: string;
  accountId?: string;
}
