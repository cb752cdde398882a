/** Wild Rydes functions, as `aws lambda list-functions` describes them (tags as ListTags returns them). */
import type { AccountBuilder } from '../lib/scenario/account.js';
import type { FunctionDef } from '../lib/lambda-inventory.js';
import {
  ACCOUNT,
  R,
  REGION,
  RIDE_RECORD_FUNCTIONS,
  rideRecordFunctionName,
  type RideRecordFunction,
} from './resources.js';
import type { defineRoles } from './roles.js';
import { serverlessTags } from './roles.js';

function cfnTags(
  stack: string,
  stackId: string,
  logicalId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    'aws:cloudformation:logical-id': logicalId,
    'aws:cloudformation:stack-id': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${stack}/${stackId}`,
    'aws:cloudformation:stack-name': stack,
  };
}

export function defineFunctions(b: AccountBuilder, roles: ReturnType<typeof defineRoles>['roles']) {
  const { rideRecord, dataLake, thumbnailer, orders, reporter, archiver, deployer, legacy, payments } = roles;
  const fnBase = { accountId: ACCOUNT, region: REGION } as const;
  const rideRecordFns = {} as Record<RideRecordFunction, FunctionDef>;
  const descriptions: Record<RideRecordFunction, string> = {
    PutRideRecordHttp: 'Create Ride Record In Table via API Gateway event',
    PutRideRecordSns: 'Create Ride Record In Table via SNS event',
    UpdateRideRecord: 'Update Ride Record In Table',
    DeleteRideRecord: 'Delete Ride Record In Table',
    GetRideRecord: 'Get Ride Record In Table',
  };
  for (const f of RIDE_RECORD_FUNCTIONS) {
    rideRecordFns[f] = b.fn({
      ...fnBase,
      name: rideRecordFunctionName(f),
      roleArn: rideRecord.arn,
      runtime: 'python3.12',
      handler: `handlers/${f.replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase())}.handler`,
      description: descriptions[f],
      timeout: 29,
      memorySize: 128,
      codeSize: 5268 + f.length * 17,
      lastModified: '2026-11-24T15:02:48.000+0000',
      environment: { DDB_TABLE_NAME: R.rideTable, LOG_LEVEL: 'INFO' },
      tracing: 'PassThrough',
      ...(f === 'PutRideRecordSns' ? { deadLetterTarget: R.dlqArn } : {}),
      architecture: 'x86_64',
      tags: cfnTags(
        R.rideRecordStack.name,
        R.rideRecordStack.id,
        `${f}LambdaFunction`,
        serverlessTags('wild-rydes-ride-record'),
      ),
    });
  }

  const dataLakeStackId = '8e2f1a3b-4c5d-11f0-b6e7-0f1e2d3c4b5a';
  const writeRecord = b.fn({
    ...fnBase,
    name: 'wild-rydes-data-lake-dev-WriteRecord',
    roleArn: dataLake.arn,
    runtime: 'python3.12',
    handler: 'handlers/write_record.handler',
    description: 'Write ride records from the RideRecordTable stream to the data lake',
    timeout: 30,
    memorySize: 256,
    codeSize: 6120,
    lastModified: '2026-10-02T11:34:09.000+0000',
    environment: { DATA_LAKE_BUCKET: R.dataLakeBucket, LOG_LEVEL: 'INFO' },
    tracing: 'PassThrough',
    architecture: 'x86_64',
    tags: cfnTags(
      'wild-rydes-data-lake-dev',
      dataLakeStackId,
      'WriteRecordLambdaFunction',
      serverlessTags('wild-rydes-data-lake'),
    ),
  });

  const mediaStackId = '5a6b7c8d-9e0f-11f0-a1b2-0c3d4e5f6a7b';
  const thumbnailerFn = b.fn({
    ...fnBase,
    name: 'wild-rydes-media-ThumbnailFunction-Xk3Lm9Pq2Rs7',
    roleArn: thumbnailer.arn,
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    description: 'Resize rider and unicorn photos',
    timeout: 60,
    memorySize: 1024,
    codeSize: 18344211,
    lastModified: '2026-10-14T08:12:55.000+0000',
    environment: { THUMBNAILS_BUCKET: R.thumbnailsBucket, SIZES: '128,512' },
    tracing: 'PassThrough',
    layers: [{ arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:sharp-image:4`, codeSize: 9441108 }],
    architecture: 'arm64',
    tags: cfnTags('wild-rydes-media', mediaStackId, 'ThumbnailFunction', { 'lambda:createdBy': 'SAM' }),
  });

  const ordersFn = b.fn({
    ...fnBase,
    name: 'wild-rydes-order-processor',
    roleArn: orders.arn,
    runtime: 'nodejs20.x',
    handler: 'dist/handler.main',
    description: 'Unicorn merchandise orders',
    timeout: 30,
    memorySize: 512,
    codeSize: 2409813,
    lastModified: '2026-10-20T17:48:31.000+0000',
    environment: {
      ORDERS_TABLE: R.ordersTable,
      ORDER_ITEMS_TABLE: R.orderItemsTable,
      FULFILMENT_QUEUE_URL: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${R.fulfilmentQueue}`,
      ORDER_EVENTS_TOPIC: R.orderTopicArn,
      STRIPE_SECRET_ID: R.stripeSecretName,
    },
    tracing: 'PassThrough',
    architecture: 'arm64',
    tags: { ManagedBy: 'terraform', Project: 'wild-rydes', Component: 'orders' },
  });

  const reportingStackId = '2c3d4e5f-6a7b-11f0-8c9d-0e1f2a3b4c5d';
  const reporterFn = b.fn({
    ...fnBase,
    name: 'WildRydesReportingStack-DailyReporter4B8C2D1E-Vw7Xy6Zt5Ua4',
    roleArn: reporter.arn,
    runtime: 'python3.12',
    handler: 'index.handler',
    description: 'Daily ride report',
    timeout: 300,
    memorySize: 512,
    codeSize: 4812,
    lastModified: '2026-09-15T06:40:02.000+0000',
    environment: {
      RIDE_TABLE: R.rideTable,
      REPORT_STATE_MACHINE: R.reportStateMachineArn,
      METRICS_STREAM: R.metricsStream,
    },
    tracing: 'Active',
    architecture: 'arm64',
    tags: cfnTags('WildRydesReportingStack', reportingStackId, 'DailyReporter4B8C2D1E'),
  });

  const archiverFn = b.fn({
    ...fnBase,
    name: 'wild-rydes-receipts-archiver',
    roleArn: archiver.arn,
    runtime: 'python3.12',
    handler: 'archiver.handler',
    description: 'Nightly move of ride receipts to the archive bucket',
    timeout: 900,
    memorySize: 256,
    codeSize: 3377,
    lastModified: '2026-07-11T15:25:13.000+0000',
    environment: {
      SOURCE_BUCKET: R.receiptsBucket,
      ARCHIVE_BUCKET: R.archiveBucket,
      ARCHIVE_KEY_ID: R.archiveKeyArn,
    },
    tracing: 'PassThrough',
    architecture: 'x86_64',
    tags: { ManagedBy: 'terraform', Project: 'wild-rydes', Component: 'receipts' },
  });

  const deployerFn = b.fn({
    ...fnBase,
    name: 'wild-rydes-canary-deployer',
    roleArn: deployer.arn,
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    description: 'Rolls ride-record builds out to the dev functions',
    timeout: 120,
    memorySize: 256,
    codeSize: 912004,
    lastModified: '2026-08-20T12:03:40.000+0000',
    environment: { ARTIFACTS_BUCKET: R.artifactsBucket, TARGET_PREFIX: 'wild-rydes-ride-record-dev-' },
    tracing: 'PassThrough',
    architecture: 'x86_64',
    tags: { ManagedBy: 'terraform', Project: 'wild-rydes', Component: 'delivery' },
  });

  const legacyFn = b.fn({
    ...fnBase,
    name: 'legacy-fn',
    roleArn: legacy.arn,
    runtime: 'nodejs16.x',
    handler: 'index.handler',
    description: '',
    timeout: 3,
    memorySize: 128,
    codeSize: 311,
    lastModified: '2025-02-17T19:44:58.391+0000',
    tracing: 'PassThrough',
    architecture: 'x86_64',
  });

  const paymentsFn = b.fn({
    ...fnBase,
    name: 'wild-rydes-payments-StripeWebhookFunction-Tn3Hq8Lw2Rz5',
    roleArn: payments.arn,
    runtime: 'nodejs20.x',
    handler: 'src/webhook.handler',
    description: 'Stripe payment webhooks',
    timeout: 15,
    memorySize: 256,
    codeSize: 1204477,
    lastModified: '2026-10-27T13:21:06.000+0000',
    environment: {
      PAYMENTS_TABLE: R.paymentsTable,
      DB_PASSWORD: 'EXAMPLE-not-a-real-password',
      // A secret no name gives away: only the value's shape (a URL with a password) does.
      DATABASE_URL:
        'postgres://payments:EXAMPLE-not-a-real-password@payments-db.EXAMPLE.us-east-1.rds.amazonaws.com:5432/payments',
      STRIPE_API_KEY: 'EXAMPLE-not-a-real-stripe-key',
      STRIPE_WEBHOOK_SECRET: 'EXAMPLE-not-a-real-webhook-secret',
    },
    kmsKeyArn: R.envKeyArn,
    tracing: 'PassThrough',
    vpc: {
      subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
      securityGroupIds: ['sg-0123456789abcdef0'],
      vpcId: 'vpc-0a9b8c7d6e5f40312',
    },
    architecture: 'x86_64',
    tags: cfnTags(R.paymentsStack.name, R.paymentsStack.id, 'StripeWebhookFunction', {
      'lambda:createdBy': 'SAM',
    }),
  });

  return {
    writeRecord,
    thumbnailer: thumbnailerFn,
    orders: ordersFn,
    reporter: reporterFn,
    archiver: archiverFn,
    deployer: deployerFn,
    legacy: legacyFn,
    payments: paymentsFn,
    rideRecord: rideRecordFns,
  };
}
