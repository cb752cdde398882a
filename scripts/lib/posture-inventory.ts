/**
 * What the `aws` CLI prints for the rest of a function's surroundings, field for field: event source
 * mappings, function policies (get-policy returns the document as JSON text), function URLs, and the
 * policies and ACLs of buckets, queues and topics.
 */
import type { JsonObject } from './cloudtrail/types.js';
import type { Prng } from './prng.js';

export interface EventSourceMappingDef {
  functionArn: string;
  eventSourceArn: string;
  batchSize: number;
  lastModified: string;
  /** Streams (DynamoDB, Kinesis) read from a position; queues do not. */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
}

export function listEventSourceMappings(mappings: readonly EventSourceMappingDef[], prng: Prng): JsonObject {
  return {
    EventSourceMappings: mappings.map((m) => {
      const out: JsonObject = {
        UUID: prng.fork(`${m.functionArn} ${m.eventSourceArn}`).uuid(),
        BatchSize: m.batchSize,
        MaximumBatchingWindowInSeconds: 0,
        EventSourceArn: m.eventSourceArn,
        FunctionArn: m.functionArn,
        LastModified: m.lastModified,
        State: 'Enabled',
        StateTransitionReason: 'USER_INITIATED',
        FunctionResponseTypes: [],
      };
      if (m.startingPosition) {
        Object.assign(out, {
          StartingPosition: m.startingPosition,
          ParallelizationFactor: 1,
          LastProcessingResult: 'OK',
          DestinationConfig: { OnFailure: {} },
          MaximumRecordAgeInSeconds: -1,
          BisectBatchOnFunctionError: false,
          MaximumRetryAttempts: -1,
          TumblingWindowInSeconds: 0,
        });
      }
      return out;
    }),
  };
}

/** `aws lambda get-policy`: the policy document as JSON text, as Lambda stores it. */
export function getPolicy(statements: readonly JsonObject[], prng: Prng): JsonObject {
  return {
    Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }),
    RevisionId: prng.uuid(),
  };
}

export interface FunctionUrlDef {
  functionArn: string;
  urlId: string;
  region: string;
  authType: 'NONE' | 'AWS_IAM';
  created: string;
}

/** `aws lambda list-function-url-configs --function-name …`. */
export function listFunctionUrlConfigs(urls: readonly FunctionUrlDef[]): JsonObject {
  return {
    FunctionUrlConfigs: urls.map((u) => ({
      FunctionUrl: `https://${u.urlId}.lambda-url.${u.region}.on.aws/`,
      FunctionArn: u.functionArn,
      CreationTime: u.created,
      LastModifiedTime: u.created,
      AuthType: u.authType,
      InvokeMode: 'BUFFERED',
    })),
  };
}

/** `aws s3api get-bucket-policy --bucket …`. */
export function getBucketPolicy(statements: readonly JsonObject[]): JsonObject {
  return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) };
}

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** `aws s3api get-bucket-acl --bucket …`: the owner's FULL_CONTROL plus `extra` group grants. */
export function getBucketAcl(
  ownerId: string,
  extra: readonly { uri: string; permission: string }[],
): JsonObject {
  return {
    Owner: { ID: ownerId },
    Grants: [
      { Grantee: { ID: ownerId, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' },
      ...extra.map((g) => ({ Grantee: { Type: 'Group', URI: g.uri }, Permission: g.permission })),
    ],
  };
}

/** `aws sqs get-queue-attributes --attribute-names Policy QueueArn`. */
export function getQueueAttributes(queueArn: string, statements: readonly JsonObject[]): JsonObject {
  return {
    Attributes: {
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Id: `${queueArn}/SQSDefaultPolicy`,
        Statement: statements,
      }),
      QueueArn: queueArn,
    },
  };
}

/** `aws sns get-topic-attributes --topic-arn …`, with the default topic policy SNS writes. */
export function getTopicAttributes(topicArn: string, accountId: string, displayName: string): JsonObject {
  const policy = {
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  };
  return {
    Attributes: {
      Policy: JSON.stringify(policy),
      Owner: accountId,
      SubscriptionsPending: '0',
      TopicArn: topicArn,
      EffectiveDeliveryPolicy: JSON.stringify({
        http: {
          defaultHealthyRetryPolicy: {
            minDelayTarget: 20,
            maxDelayTarget: 20,
            numRetries: 3,
            numMaxDelayRetries: 0,
            numNoDelayRetries: 0,
            numMinDelayRetries: 0,
            backoffFunction: 'linear',
          },
          disableSubscriptionOverrides: false,
        },
      }),
      SubscriptionsConfirmed: '1',
      DisplayName: displayName,
      SubscriptionsDeleted: '0',
    },
  };
}
