/** Shapes shared by the CloudTrail record builders. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One IAM authorisation a call needs: the truth the expected results are built from. */
export interface Needed {
  action: string;
  resource: string;
}

/** What IAM said: granted and it worked, granted but the call failed for another reason, or refused. */
export type Outcome = 'success' | 'error' | 'denied';

/** The role session behind a call. For Lambda the session name is the function name. */
export interface RoleSession {
  accountId: string;
  roleName: string;
  /** IAM role ARN, path included: `arn:aws:iam::<acct>:role/<path><name>`. */
  roleArn: string;
  roleId: string;
  sessionName: string;
  accessKeyId: string;
  /** When STS issued the credentials, epoch milliseconds. */
  creationDate: number;
  /** The AWS service that made the call with these credentials (a Lambda poller, KMS via S3 …). */
  invokedBy?: string;
}

/** Who calls, from where, with what client. */
export interface Actor {
  identity: JsonObject;
  sourceIPAddress: string;
  userAgent: string;
  /** The role session behind the identity, when a role's credentials made the call. */
  session?: RoleSession;
  /** Calls from SDKs over the internet carry tlsDetails; calls made by AWS services do not. */
  tls: boolean;
  vpcEndpointId?: string;
  /** Console calls say so. */
  fromConsole?: boolean;
}

export type EventCategory = 'Management' | 'Data';

/** One API call as a service logs it, minus who made it and when. */
export interface Call {
  eventSource: string;
  eventName: string;
  region: string;
  readOnly: boolean;
  category: EventCategory;
  requestParameters: JsonObject | null;
  responseElements?: JsonObject | null;
  additionalEventData?: JsonObject;
  resources?: JsonObject[];
  apiVersion?: string;
  /** Services spell request IDs their own way (S3: 16 hex, DynamoDB: 52 base32); default a UUID. */
  requestID?: string;
  /** The endpoint the client named, for tlsDetails. */
  host?: string;
  error?: { code: string; message: string };
  eventType?: 'AwsApiCall' | 'AwsServiceEvent';
  serviceEventDetails?: JsonObject;
  sharedEventID?: string;
  /** What IAM authorised (or refused) for this call. Empty for calls that need no permission. */
  needs: Needed[];
}

/** A record plus the truth about it, when a role session made it. */
export interface Emitted {
  record: JsonObject;
  time: number;
  region: string;
  truth?: Truth;
}

export interface Truth {
  roleArn: string;
  roleName: string;
  sessionName: string;
  needs: Needed[];
  outcome: Outcome;
  errorCode?: string;
  eventSource: string;
  eventName: string;
}
