/**
 * Wild Rydes roles, customer managed policies, users and groups, as each tool writes them: Serverless
 * `<service>-<stage>-<region>-lambdaRole` with its log statements, SAM `<stack>-<LogicalId>Role-<SUFFIX>`,
 * CDK `<Stack>-<Id>ServiceRole<hash>-<SUFFIX>`, Terraform names, the console's `service-role/<fn>-role-<random>`.
 */
import type { AccountBuilder } from '../lib/scenario/account.js';
import { lambdaTrust, serverlessLogStatements } from '../lib/scenario/account.js';
import {
  AdministratorAccess,
  AmazonS3FullAccess,
  AWSLambdaBasicExecutionRole,
  AWSLambdaSQSQueueExecutionRole,
  AWSLambdaVPCAccessExecutionRole,
  IAMUserChangePassword,
} from '../lib/iam/managed-policies.js';
import type { JsonObject } from '../lib/cloudtrail/types.js';
import { ACCOUNT, arn, R, REGION } from './resources.js';

const allow = (
  Action: string | string[],
  Resource: string | string[],
  extra: JsonObject = {},
): JsonObject => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const doc = (...Statement: JsonObject[]): JsonObject => ({ Version: '2012-10-17', Statement });

export const serverlessTags = (service: string): Record<string, string> => ({
  STAGE: 'dev',
  'x-service': service,
  'x-stack': `${service}-dev`,
});

export function defineRoles(b: AccountBuilder) {
  // ride-record: Serverless Framework's one role per service, with the workshop's over-grant.
  const rideRecord = b.role({
    name: 'wild-rydes-ride-record-dev-us-east-1-lambdaRole',
    path: '/',
    createDate: '2026-03-14T18:20:41+00:00',
    trust: lambdaTrust('array'),
    inline: [
      {
        name: 'wild-rydes-ride-record-dev-lambda',
        document: doc(
          ...serverlessLogStatements(ACCOUNT, REGION, 'wild-rydes-ride-record-dev'),
          allow(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem'], '*'),
          allow(['sqs:SendMessage'], R.dlqArn),
        ),
      },
    ],
    managed: [],
    tags: serverlessTags('wild-rydes-ride-record'),
  });

  const dataLake = b.role({
    name: 'wild-rydes-data-lake-dev-us-east-1-lambdaRole',
    path: '/',
    createDate: '2026-03-21T10:02:13+00:00',
    trust: lambdaTrust('array'),
    inline: [
      {
        name: 'wild-rydes-data-lake-dev-lambda',
        document: doc(
          ...serverlessLogStatements(ACCOUNT, REGION, 'wild-rydes-data-lake-dev'),
          // Serverless adds this for a function's `stream` event.
          allow(
            [
              'dynamodb:GetRecords',
              'dynamodb:GetShardIterator',
              'dynamodb:DescribeStream',
              'dynamodb:ListStreams',
            ],
            [R.rideStreamArn],
          ),
        ),
      },
    ],
    managed: [AmazonS3FullAccess],
    tags: serverlessTags('wild-rydes-data-lake'),
  });

  const thumbnailer = b.role({
    name: 'wild-rydes-media-ThumbnailFunctionRole-1QW2ER3TY4UI5',
    path: '/',
    createDate: '2026-05-02T09:41:27+00:00',
    trust: lambdaTrust('string'),
    inline: [
      {
        name: 'ThumbnailFunctionRolePolicy0',
        document: doc(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::*/*')),
      },
      {
        name: 'ThumbnailFunctionRolePolicy1',
        document: doc(allow(['kms:GenerateDataKey', 'kms:Decrypt'], R.mediaKeyArn)),
      },
    ],
    managed: [AWSLambdaBasicExecutionRole],
    tags: { 'lambda:createdBy': 'SAM' },
  });

  const ordersMessaging = b.policy('wild-rydes-order-processor-messaging', '/', [
    {
      id: 'v1',
      createDate: '2026-04-08T13:15:02+00:00',
      document: doc(allow(['sqs:*', 'sns:*'], '*')),
    },
    {
      id: 'v2',
      createDate: '2026-06-19T08:47:55+00:00',
      document: doc(
        allow('sqs:SendMessage', '*'),
        allow('sns:Publish', R.orderTopicArn),
        allow(
          'secretsmanager:GetSecretValue',
          `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:wild-rydes/*`,
        ),
      ),
    },
    {
      id: 'v3',
      createDate: '2026-09-30T16:05:38+00:00',
      document: doc(
        allow('sqs:SendMessage', arn.queue(R.fulfilmentQueue), { Sid: 'SendToFulfilment' }),
        allow('sns:Publish', R.orderTopicArn, { Sid: 'PublishOrderEvents' }),
        allow(
          ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:wild-rydes/orders/*`,
          { Sid: 'ReadOrderSecrets' },
        ),
        allow(
          ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
          `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/wild-rydes/orders*`,
          { Sid: 'ReadOrderConfig' },
        ),
        allow('kms:Decrypt', R.secretsKeyArn, { Sid: 'DecryptOrderSecrets' }),
      ),
    },
  ]);

  const orders = b.role({
    name: 'wild-rydes-order-processor',
    path: '/',
    createDate: '2026-04-08T13:15:04+00:00',
    trust: lambdaTrust('string'),
    inline: [
      { name: 'order-processor-data', document: doc(allow('dynamodb:*', '*', { Sid: 'OrdersData' })) },
    ],
    managed: [AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole, ordersMessaging],
    tags: { ManagedBy: 'terraform', Project: 'wild-rydes', Component: 'orders' },
  });

  const boundary = b.policy('wild-rydes-workload-boundary', '/', [
    {
      id: 'v1',
      createDate: '2026-02-02T11:00:00+00:00',
      document: doc(
        allow(
          [
            'logs:*',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'states:StartExecution',
            'states:DescribeExecution',
            'events:PutEvents',
            'kinesis:PutRecord',
            'kinesis:PutRecords',
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:Query',
            'dynamodb:Scan',
            'sqs:SendMessage',
            'sns:Publish',
          ],
          '*',
          { Sid: 'WorkloadCeiling' },
        ),
        {
          Sid: 'NoIdentityChanges',
          Effect: 'Deny',
          Action: ['iam:*', 'organizations:*', 'account:*'],
          Resource: '*',
        },
      ),
    },
  ]);

  const reporter = b.role({
    name: 'WildRydesReportingStack-DailyReporterServiceRole7E2A3C1B-1K9J8H7G6F5D4',
    path: '/',
    createDate: '2026-06-01T07:30:12+00:00',
    trust: lambdaTrust('string'),
    inline: [
      {
        name: 'DailyReporterServiceRoleDefaultPolicy5C2E7A91',
        document: doc(
          allow(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*'),
          allow('states:*', '*'),
          allow('events:PutEvents', `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`),
          allow(
            ['kinesis:PutRecord', 'kinesis:PutRecords'],
            `arn:aws:kinesis:*:${ACCOUNT}:stream/wild-rydes-metrics*`,
          ),
          allow(['dynamodb:Scan', 'dynamodb:Query'], [R.rideTableArn, `${R.rideTableArn}/index/*`]),
        ),
      },
    ],
    managed: [AWSLambdaBasicExecutionRole],
    boundary,
    tags: { 'aws-cdk:stack': 'WildRydesReportingStack' },
  });

  const archiver = b.role({
    name: 'wild-rydes-receipts-archiver',
    path: '/',
    createDate: '2026-07-11T15:22:49+00:00',
    trust: lambdaTrust('string'),
    inline: [
      {
        name: 'receipts-archiver',
        document: doc(
          allow('s3:*', [`arn:aws:s3:::${R.receiptsBucket}`, `arn:aws:s3:::${R.receiptsBucket}/*`], {
            Sid: 'ReceiptsReadWrite',
          }),
          {
            Sid: 'NeverDeleteReceipts',
            Effect: 'Deny',
            Action: 's3:DeleteObject',
            Resource: `arn:aws:s3:::${R.receiptsBucket}/*`,
          },
          allow('s3:PutObject', `arn:aws:s3:::${R.archiveBucket}/*`, {
            Sid: 'ArchiveEncryptedOnly',
            Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
          }),
          allow('kms:GenerateDataKey', R.archiveKeyArn, { Sid: 'ArchiveKey' }),
        ),
      },
    ],
    managed: [AWSLambdaBasicExecutionRole],
    tags: { ManagedBy: 'terraform', Project: 'wild-rydes', Component: 'receipts' },
  });

  const deployer = b.role({
    name: 'wild-rydes-canary-deployer',
    path: '/',
    createDate: '2026-08-20T12:00:31+00:00',
    trust: lambdaTrust('string'),
    inline: [
      {
        name: 'canary-deployer',
        document: doc(
          allow('iam:PassRole', '*'),
          allow(
            [
              'lambda:UpdateFunctionCode',
              'lambda:GetFunction',
              'lambda:PublishVersion',
              'lambda:UpdateAlias',
            ],
            '*',
          ),
          allow('s3:GetObject', `arn:aws:s3:::${R.artifactsBucket}/*`),
        ),
      },
    ],
    managed: [AWSLambdaBasicExecutionRole],
    tags: { ManagedBy: 'terraform', Project: 'wild-rydes', Component: 'delivery' },
  });

  const legacy = b.role({
    name: 'legacy-fn-role-abc123',
    path: '/service-role/',
    createDate: '2025-02-17T19:44:03+00:00',
    trust: lambdaTrust('string'),
    inline: [],
    managed: [AWSLambdaBasicExecutionRole],
    tags: {},
  });

  const payments = b.role({
    name: 'wild-rydes-payments-StripeWebhookFunctionRole-9ZY8XW7VU6TS',
    path: '/',
    createDate: '2026-09-09T10:10:10+00:00',
    trust: lambdaTrust('string'),
    inline: [
      {
        name: 'StripeWebhookFunctionRolePolicy0',
        document: doc(
          allow(
            [
              'dynamodb:GetItem',
              'dynamodb:DeleteItem',
              'dynamodb:PutItem',
              'dynamodb:Scan',
              'dynamodb:Query',
              'dynamodb:UpdateItem',
              'dynamodb:BatchWriteItem',
              'dynamodb:BatchGetItem',
              'dynamodb:DescribeTable',
              'dynamodb:ConditionCheckItem',
            ],
            [arn.table(R.paymentsTable), `${arn.table(R.paymentsTable)}/index/*`],
          ),
        ),
      },
      { name: 'StripeWebhookFunctionRolePolicy1', document: doc(allow('kms:Decrypt', R.envKeyArn)) },
    ],
    managed: [AWSLambdaVPCAccessExecutionRole],
    tags: { 'lambda:createdBy': 'SAM' },
  });

  const ciPolicy = b.policy('wild-rydes-ci-deploy', '/', [
    {
      id: 'v1',
      createDate: '2026-03-14T17:58:00+00:00',
      document: doc(
        allow('cloudformation:*', `arn:aws:cloudformation:*:${ACCOUNT}:stack/wild-rydes-*/*`, {
          Sid: 'Stacks',
        }),
        allow('cloudformation:ValidateTemplate', '*', { Sid: 'Templates' }),
        allow('s3:*', [`arn:aws:s3:::${R.deploymentBucket}`, `arn:aws:s3:::${R.deploymentBucket}/*`], {
          Sid: 'DeploymentBucket',
        }),
        allow('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/CloudFormationDeployRole`, {
          Sid: 'PassDeployRole',
        }),
        allow(['lambda:GetFunction', 'lambda:ListFunctions'], '*', { Sid: 'InspectFunctions' }),
      ),
    },
  ]);

  const ciDeploy = b.role({
    name: 'wild-rydes-ci-deploy',
    path: '/',
    createDate: '2026-03-14T17:58:02+00:00',
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    },
    inline: [],
    managed: [ciPolicy],
    tags: { Purpose: 'ci' },
  });

  const cfnDeploy = b.role({
    name: 'CloudFormationDeployRole',
    path: '/',
    createDate: '2026-03-14T17:55:19+00:00',
    trust: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
    inline: [],
    managed: [AdministratorAccess],
    tags: { Purpose: 'ci' },
  });

  // Users and groups: people whose calls are noise for the workloads.
  b.group(
    'developers',
    '2025-01-10T09:00:00+00:00',
    [
      {
        name: 'developer-read',
        document: doc(
          allow(
            [
              'lambda:Get*',
              'lambda:List*',
              'dynamodb:Describe*',
              'dynamodb:List*',
              'logs:Describe*',
              'logs:FilterLogEvents',
              's3:ListAllMyBuckets',
              'cloudwatch:GetMetricData',
            ],
            '*',
          ),
          allow('sts:AssumeRole', ciDeploy.arn),
        ),
      },
    ],
    [IAMUserChangePassword],
  );
  b.group('admins', '2025-01-10T09:00:00+00:00', [], [AdministratorAccess]);
  const dana = b.user('dana.dev', '2025-01-10T09:14:22+00:00', ['developers'], [], []);
  const miguel = b.user('miguel.ops', '2025-01-10T09:15:40+00:00', ['admins'], [], []);

  return {
    roles: {
      rideRecord,
      dataLake,
      thumbnailer,
      orders,
      reporter,
      archiver,
      deployer,
      legacy,
      payments,
      ciDeploy,
      cfnDeploy,
    },
    users: {
      dana: { userName: dana.name, userId: dana.id },
      miguel: { userName: miguel.name, userId: miguel.id },
    },
  };
}
