/** Names and ARNs of everything the Wild Rydes workloads touch, defined once. */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const DR_REGION = 'us-west-2';
export const SEED = 'wild-rydes/v1';

export const arn = {
  table: (t: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${t}`,
  queue: (q: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${q}`,
  key: (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`,
  logGroup: (g: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${g}`,
};

/** Every resource the workloads touch, named once. */
export const R = {
  rideTable: 'wild-rydes-ride-record-dev-RideRecordTable-1O6M5XW4Y9Q8Z',
  get rideTableArn() {
    return arn.table(this.rideTable);
  },
  get rideStreamArn() {
    return `${arn.table(this.rideTable)}/stream/2026-03-14T18:22:07.311`;
  },
  rideShard: 'shardId-00000001785123456789-4a1c9e2b',
  dlq: 'wild-rydes-ride-record-dev-PutRideRecordSnsDlq-1XK8QZ7T4M2PA',
  get dlqArn() {
    return arn.queue(this.dlq);
  },
  rideTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:wild-rydes-ride-record-dev-RideRecordTopic-8DKJ2M4N6P0Q`,
  dataLakeBucket: 'wild-rydes-data-lake-dev-wildrydesdatalakebucket-1jhtjotdqf5bb',
  uploadsBucket: `wild-rydes-media-uploads-${ACCOUNT}`,
  thumbnailsBucket: `wild-rydes-media-thumbnails-${ACCOUNT}`,
  mediaKeyArn: arn.key('6f1c2b8e-4a7d-4e0b-9a53-2d8e7c41b905'),
  ordersTable: 'wild-rydes-orders',
  ordersIndex: 'by-rider',
  orderItemsTable: 'wild-rydes-order-items',
  ridersTable: 'wild-rydes-riders',
  promoTable: 'wild-rydes-promo-codes',
  ordersQueue: 'wild-rydes-orders',
  fulfilmentQueue: 'wild-rydes-fulfilment',
  orderTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:wild-rydes-order-events`,
  stripeSecretName: 'wild-rydes/orders/stripe',
  stripeSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:wild-rydes/orders/stripe-Qm3Xv9`,
  secretsKeyArn: arn.key('0b7d5e3a-91c4-4f62-8e1d-5a2c7b9e4f10'),
  ordersParameterPath: '/wild-rydes/orders',
  missingParameter: '/wild-rydes/orders/feature-flags',
  reportStateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:wild-rydes-daily-report`,
  metricsStream: 'wild-rydes-metrics',
  drMetricsStream: 'wild-rydes-metrics-dr',
  receiptsBucket: `wild-rydes-receipts-${ACCOUNT}`,
  archiveBucket: `wild-rydes-receipts-archive-${ACCOUNT}`,
  archiveKeyArn: arn.key('c41e8a2d-7b3f-4d95-a6e0-19f2d8b7c3a5'),
  artifactsBucket: `wild-rydes-artifacts-${ACCOUNT}`,
  paymentsTable: 'wild-rydes-payments-PaymentsTable-1N2B3V4C5X6Z7',
  envKeyArn: arn.key('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'),
  deploymentBucket: 'wild-rydes-ride-record-serverlessdeploymentbuck-1pq2w3e4r5t6y',
  rideRecordStack: { name: 'wild-rydes-ride-record-dev', id: '4b0c6f7e-2d1a-11f0-9c3e-0a8b5d7f1e23' },
  drStack: { name: 'wild-rydes-ride-record-dr', id: '7d3e9a1c-5f2b-11f0-8a4d-06c1e2f3a4b5' },
  paymentsStack: { name: 'wild-rydes-payments', id: '1f4e2d3c-6b5a-11f0-a7d8-0e9f8a7b6c5d' },
  missingFunction: 'wild-rydes-ride-record-dev-ListRideRecords',
} as const;

export const RIDE_RECORD_FUNCTIONS = [
  'PutRideRecordHttp',
  'PutRideRecordSns',
  'UpdateRideRecord',
  'DeleteRideRecord',
  'GetRideRecord',
] as const;
export type RideRecordFunction = (typeof RIDE_RECORD_FUNCTIONS)[number];
export const rideRecordFunctionName = (f: RideRecordFunction): string => `wild-rydes-ride-record-dev-${f}`;
