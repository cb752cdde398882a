/**
 * Builds CloudTrail records with the field order CloudTrail writes (eventVersion first, tlsDetails and
 * sessionCredentialFromConsole last) and keeps, beside each record a role session made, the truth:
 * which IAM actions on which ARNs the call needed and whether IAM allowed them.
 */
import type { Prng } from '../prng.js';
import type { Actor, Call, Emitted, JsonObject, Outcome, RoleSession } from './types.js';

/** Error codes that mean IAM refused the call (CloudTrail user guide; SNS says AuthorizationError). */
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
]);

export function outcomeOf(errorCode: string | undefined): Outcome {
  if (errorCode === undefined) return 'success';
  return DENIED_CODES.has(errorCode) ? 'denied' : 'error';
}

/** `2026-11-28T21:14:09Z`: CloudTrail logs eventTime to the second. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function roleSessionIdentity(session: RoleSession, mfa = false): JsonObject {
  const identity: JsonObject = {
    type: 'AssumedRole',
    principalId: `${session.roleId}:${session.sessionName}`,
    arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
    accountId: session.accountId,
    accessKeyId: session.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: session.roleId,
        arn: session.roleArn,
        accountId: session.accountId,
        userName: session.roleName,
      },
      webIdFederationData: {},
      attributes: {
        creationDate: isoSeconds(session.creationDate),
        mfaAuthenticated: mfa ? 'true' : 'false',
      },
    },
  };
  if (session.invokedBy !== undefined) identity['invokedBy'] = session.invokedBy;
  return identity;
}

export interface IamUser {
  accountId: string;
  userName: string;
  userId: string;
}

export function iamUserIdentity(user: IamUser, accessKeyId: string, consoleSince?: number): JsonObject {
  const identity: JsonObject = {
    type: 'IAMUser',
    principalId: user.userId,
    arn: `arn:aws:iam::${user.accountId}:user/${user.userName}`,
    accountId: user.accountId,
    accessKeyId,
    userName: user.userName,
  };
  if (consoleSince !== undefined) {
    identity['sessionContext'] = {
      attributes: { creationDate: isoSeconds(consoleSince), mfaAuthenticated: 'true' },
    };
  }
  return identity;
}

export function awsServiceIdentity(service: string): JsonObject {
  return { type: 'AWSService', invokedBy: service };
}

/** A session's credentials used by an AWS service on the role's behalf (KMS via S3, a Lambda poller). */
export function onBehalfOf(session: RoleSession, service: string): Actor {
  return {
    identity: roleSessionIdentity({ ...session, invokedBy: service }),
    sourceIPAddress: service,
    userAgent: service,
    session: { ...session, invokedBy: service },
    tls: false,
  };
}

/** Services moved to eventVersion 1.09 at different times; a trail holds both. */
const STILL_1_08 = new Set(['logs.amazonaws.com', 'sts.amazonaws.com', 'cloudformation.amazonaws.com']);
const versionFor = (eventSource: string): string => (STILL_1_08.has(eventSource) ? '1.08' : '1.09');

export class Recorder {
  readonly emitted: Emitted[] = [];

  constructor(
    readonly accountId: string,
    private readonly prng: Prng,
  ) {}

  emit(time: number, actor: Actor, call: Call, eventVersion = versionFor(call.eventSource)): JsonObject {
    const record: JsonObject = {
      eventVersion,
      userIdentity: actor.identity,
      eventTime: isoSeconds(time),
      eventSource: call.eventSource,
      eventName: call.eventName,
      awsRegion: call.region,
      sourceIPAddress: actor.sourceIPAddress,
      userAgent: actor.userAgent,
    };
    if (call.error) {
      record['errorCode'] = call.error.code;
      // Some services log no message (SSM's ParameterNotFound, for one).
      if (call.error.message) record['errorMessage'] = call.error.message;
    }
    record['requestParameters'] = call.requestParameters;
    record['responseElements'] = call.responseElements === undefined ? null : call.responseElements;
    if (call.additionalEventData) record['additionalEventData'] = call.additionalEventData;
    record['requestID'] = call.requestID ?? this.prng.uuid();
    record['eventID'] = this.prng.uuid();
    record['readOnly'] = call.readOnly;
    if (call.resources) record['resources'] = call.resources;
    record['eventType'] = call.eventType ?? 'AwsApiCall';
    if (call.apiVersion) record['apiVersion'] = call.apiVersion;
    record['managementEvent'] = call.category === 'Management';
    record['recipientAccountId'] = this.accountId;
    if (call.sharedEventID) record['sharedEventID'] = call.sharedEventID;
    if (actor.vpcEndpointId) record['vpcEndpointId'] = actor.vpcEndpointId;
    if (call.serviceEventDetails) record['serviceEventDetails'] = call.serviceEventDetails;
    record['eventCategory'] = call.category;
    if (actor.tls && call.host) {
      record['tlsDetails'] = {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: call.host,
      };
    }
    if (actor.fromConsole) record['sessionCredentialFromConsole'] = 'true';

    const entry: Emitted = { record, time, region: call.region };
    const session = actor.session;
    if (session) {
      const outcome = outcomeOf(call.error?.code);
      entry.truth = {
        roleArn: session.roleArn,
        roleName: session.roleName,
        sessionName: session.sessionName,
        needs: call.needs,
        outcome,
        eventSource: call.eventSource,
        eventName: call.eventName,
        ...(call.error ? { errorCode: call.error.code } : {}),
      };
    }
    this.emitted.push(entry);
    return record;
  }

  /** Records a record built elsewhere (a copied shape), with no truth attached. */
  raw(time: number, region: string, record: JsonObject): void {
    this.emitted.push({ record, time, region });
  }
}

/** The documented shape of an IAM refusal message (CloudTrail, "errorMessage"). */
export function notAuthorized(
  session: RoleSession,
  action: string,
  resource: string,
  reason: string,
): string {
  const principal = `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
}

export const noIdentityPolicy = (action: string): string =>
  `because no identity-based policy allows the ${action} action`;
export const EXPLICIT_DENY = 'with an explicit deny in an identity-based policy';
