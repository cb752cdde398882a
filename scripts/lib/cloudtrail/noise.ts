/**
 * Records that are not a role session's API calls: console sign-in (eventType AwsConsoleSignIn) and
 * events AWS services emit on their own (eventType AwsServiceEvent, userIdentity.invokedBy
 * "AWS Internal"). Shapes follow the CloudTrail user guide's non-API event examples.
 */
import type { Prng } from '../prng.js';
import { isoSeconds, type IamUser } from './record.js';
import type { JsonObject } from './types.js';

export function consoleLogin(
  prng: Prng,
  time: number,
  user: IamUser,
  sourceIp: string,
  userAgent: string,
): JsonObject {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: user.userId,
      arn: `arn:aws:iam::${user.accountId}:user/${user.userName}`,
      accountId: user.accountId,
      userName: user.userName,
    },
    eventTime: isoSeconds(time),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: sourceIp,
    userAgent,
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: {
      LoginTo:
        'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB',
      MobileVersion: 'No',
      MFAIdentifier: `arn:aws:iam::${user.accountId}:mfa/${user.userName}`,
      MFAUsed: 'Yes',
    },
    eventID: prng.uuid(),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: user.accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'signin.aws.amazon.com',
    },
  };
}

/** Automatic key rotation, as KMS logs it. */
export function kmsRotateKey(
  prng: Prng,
  time: number,
  accountId: string,
  region: string,
  keyArn: string,
): JsonObject {
  return {
    eventVersion: '1.09',
    userIdentity: { accountId, invokedBy: 'AWS Internal' },
    eventTime: isoSeconds(time),
    eventSource: 'kms.amazonaws.com',
    eventName: 'RotateKey',
    awsRegion: region,
    sourceIPAddress: 'AWS Internal',
    userAgent: 'AWS Internal',
    requestParameters: null,
    responseElements: null,
    eventID: prng.uuid(),
    readOnly: false,
    resources: [{ accountId, type: 'AWS::KMS::Key', ARN: keyArn }],
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: accountId,
    serviceEventDetails: { keyId: keyArn.slice(keyArn.lastIndexOf('/') + 1) },
    eventCategory: 'Management',
  };
}

/** Secrets Manager's scheduled rotation outcome, logged as a service event. */
export function secretRotationSucceeded(
  prng: Prng,
  time: number,
  accountId: string,
  region: string,
  secretArn: string,
): JsonObject {
  return {
    eventVersion: '1.09',
    userIdentity: { accountId, invokedBy: 'secretsmanager.amazonaws.com' },
    eventTime: isoSeconds(time),
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'RotationSucceeded',
    awsRegion: region,
    sourceIPAddress: 'secretsmanager.amazonaws.com',
    userAgent: 'secretsmanager.amazonaws.com',
    requestParameters: null,
    responseElements: null,
    additionalEventData: { SecretId: secretArn },
    requestID: prng.uuid(),
    eventID: prng.uuid(),
    readOnly: false,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
}
