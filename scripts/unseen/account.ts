/**
 * The "unseen" account for pare's end-to-end test: Kestrel Billing (210987654321, eu-west-1), a member
 * of organization o-abcd1234 whose organization trail delivers its logs. Fifteen roles (two shared by
 * several functions, an ECS task role, a CI role assumed through GitHub's OIDC provider, a break-glass
 * role nobody used), customer and AWS managed policies, a permissions boundary, explicit Denies, a
 * Condition. Names and shapes deliberately differ from the Wild Rydes example.
 */
import { Prng } from '../lib/prng.js';
import { AccountBuilder, lambdaTrust, serverlessLogStatements } from '../lib/scenario/account.js';
import type { RoleRef } from '../lib/scenario/lambda-runtime.js';
import {
  AdministratorAccess,
  AWSLambdaBasicExecutionRole,
  AWSLambdaSQSQueueExecutionRole,
  AWSXRayDaemonWriteAccess,
} from '../lib/iam/managed-policies.js';
import type { JsonObject } from '../lib/cloudtrail/types.js';
import type { FunctionDef } from '../lib/lambda-inventory.js';

export const ACCOUNT = '210987654321';
export const REGION = 'eu-west-1';
export const ORG = 'o-abcd1234';
export const SEED = 'kestrel-billing/v1';

const tableArn = (t: string): string => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${t}`;

export const K = {
  invoices: 'kestrel-invoices',
  invoicesIndex: 'by-customer',
  customers: 'kestrel-customers',
  ledger: 'kestrel-ledger',
  payments: 'kestrel-payments',
  rates: 'kestrel-fx-rates',
  tenants: 'kestrel-tenants',
  usage: 'kestrel-usage',
  usageIndex: 'by-tenant-day',
  aggregates: 'kestrel-usage-aggregates',
  jobs: 'kestrel-worker-jobs',
  pdfBucket: 'kestrel-invoice-pdfs-eu-west-1',
  templatesBucket: 'kestrel-pdf-templates',
  snapshotsBucket: 'kestrel-ledger-snapshots',
  auditBucket: 'kestrel-audit-trail-exports',
  exportBucket: 'kestrel-audit-deliveries',
  archiveBucket: 'kestrel-invoice-archive',
  artifactsBucket: 'kestrel-build-artifacts',
  pdfKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/3e5f7a9b-1c2d-4e6f-8a0b-2c4d6e8f0a1b`,
  secretsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/7b9d1f3a-5c6e-4a8b-9c0d-1e2f3a4b5c6d`,
  paymentsQueue: 'kestrel-payment-events',
  jobsQueue: 'kestrel-worker-jobs',
  webhookQueue: 'kestrel-webhook-retries',
  webhookTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:kestrel-customer-webhooks`,
  opsTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:kestrel-ops-alerts`,
  bus: 'kestrel-billing',
  fxSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/fx/provider-token-Hk2Lm9`,
  portalSecretName: 'prod/portal/session-signing',
  portalSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/portal/session-signing-Zx81Qa`,
  fxParameter: '/kestrel/fx/provider-url',
  portalPath: '/kestrel/portal',
  billingStack: { name: 'billing-api-prod', id: '0c9e8d7f-6a5b-11f0-b4c3-02d1e0f9a8b7' },
} as const;

export interface UnseenAccount {
  builder: AccountBuilder;
  roles: Record<
    | 'billingApi'
    | 'ledger'
    | 'pdf'
    | 'paymentsConsumer'
    | 'fx'
    | 'audit'
    | 'cleanup'
    | 'usage'
    | 'webhooks'
    | 'ci'
    | 'breakglass'
    | 'reconciler'
    | 'portal'
    | 'archive'
    | 'worker',
    RoleRef
  >;
  fns: Record<string, FunctionDef>;
  user: { userName: string; userId: string };
}

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
const deny = (Action: string | string[], Resource: string | string[], Sid: string): JsonObject => ({
  Sid,
  Effect: 'Deny',
  Action,
  Resource,
});
const doc = (...Statement: JsonObject[]): JsonObject => ({ Version: '2012-10-17', Statement });
const tf = { ManagedBy: 'terraform', 'kestrel:team': 'billing' };

export function defineAccount(): UnseenAccount {
  const b = new AccountBuilder(ACCOUNT, REGION, new Prng(SEED).fork('iam'));
  const basic = [AWSLambdaBasicExecutionRole];
  const role = (
    name: string,
    inline: JsonObject[],
    managed = basic,
    extra: Partial<Parameters<AccountBuilder['role']>[0]> = {},
  ): RoleRef =>
    b.role({
      name,
      path: '/',
      createDate: '2026-01-12T10:00:00+00:00',
      trust: lambdaTrust('string'),
      inline: inline.length ? [{ name: `${name}-policy`, document: doc(...inline) }] : [],
      managed,
      tags: tf,
      ...extra,
    });

  const billingApi = role(
    'billing-api-prod-eu-west-1-lambdaRole',
    [
      ...serverlessLogStatements(ACCOUNT, REGION, 'billing-api-prod'),
      allow(
        ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
        [tableArn(K.invoices), `${tableArn(K.invoices)}/index/*`, tableArn(K.customers)],
      ),
      allow('s3:GetObject', `arn:aws:s3:::${K.pdfBucket}/*`),
      allow('kms:Decrypt', K.pdfKeyArn),
    ],
    [],
    { trust: lambdaTrust('array'), tags: { STAGE: 'prod', service: 'billing-api' } },
  );

  const ledgerAccess = b.policy('ledger-access', '/billing/', [
    { id: 'v1', createDate: '2026-01-20T09:00:00+00:00', document: doc(allow(['dynamodb:*', 's3:*'], '*')) },
    {
      id: 'v2',
      createDate: '2026-05-04T14:30:00+00:00',
      document: doc(
        allow(
          ['dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query', 'dynamodb:DeleteItem'],
          tableArn(K.ledger),
          { Sid: 'Ledger' },
        ),
        allow(['s3:PutObject', 's3:GetObject'], `arn:aws:s3:::${K.snapshotsBucket}/*`, { Sid: 'Snapshots' }),
        allow('s3:ListBucket', `arn:aws:s3:::${K.snapshotsBucket}`, { Sid: 'SnapshotListing' }),
      ),
    },
  ]);
  const ledger = role('ledger-shared-exec', [], [AWSLambdaBasicExecutionRole, ledgerAccess]);

  const pdf = role(
    'billing-pdf-RendererFunctionRole-Q7W8E9R0T1Y2',
    [
      allow(
        ['s3:GetObject', 's3:ListBucket'],
        [`arn:aws:s3:::${K.templatesBucket}`, `arn:aws:s3:::${K.templatesBucket}/*`],
      ),
      allow(['s3:PutObject', 's3:PutObjectAcl'], `arn:aws:s3:::${K.pdfBucket}/*`),
      allow(['kms:GenerateDataKey', 'kms:Decrypt'], K.pdfKeyArn),
    ],
    [AWSLambdaBasicExecutionRole, AWSXRayDaemonWriteAccess],
    { tags: { 'lambda:createdBy': 'SAM' } },
  );

  const paymentsConsumer = role(
    'payment-events-consumer',
    [
      allow(
        ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem'],
        [tableArn(K.payments), tableArn(K.invoices)],
      ),
    ],
    [AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole],
  );

  const fxAccess = b.policy(
    'fx-rates-access',
    '/billing/',
    [
      { id: 'v1', createDate: '2026-02-01T08:00:00+00:00', document: doc(allow('secretsmanager:*', '*')) },
      {
        id: 'v2',
        createDate: '2026-03-15T08:00:00+00:00',
        document: doc(allow('secretsmanager:GetSecretValue', '*'), allow('ssm:GetParameter*', '*')),
      },
      {
        id: 'v3',
        createDate: '2026-06-30T08:00:00+00:00',
        document: doc(
          allow(
            'secretsmanager:GetSecretValue',
            `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/fx/*`,
          ),
          allow('ssm:GetParameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/kestrel/fx/*`),
          allow('kms:Decrypt', K.secretsKeyArn, {
            Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } },
          }),
          allow(['dynamodb:BatchWriteItem', 'dynamodb:PutItem'], tableArn(K.rates)),
        ),
      },
    ],
    'v3',
  );
  const fx = role('fx-rates-fetcher', [], [AWSLambdaBasicExecutionRole, fxAccess]);

  const boundary = b.policy('kestrel-lambda-boundary', '/boundaries/', [
    {
      id: 'v1',
      createDate: '2026-01-05T12:00:00+00:00',
      document: doc(
        allow(
          [
            'logs:*',
            's3:GetObject',
            's3:ListBucket',
            's3:PutObject',
            'dynamodb:Query',
            'dynamodb:GetItem',
            'kms:Decrypt',
            'kms:GenerateDataKey',
          ],
          '*',
          { Sid: 'Ceiling' },
        ),
        deny(['s3:DeleteObject', 's3:DeleteBucket', 's3:PutBucketPolicy'], '*', 'NoDestruction'),
      ),
    },
  ]);
  const audit = role(
    'AuditExportStack-ExporterServiceRoleB1C2D3E4-2F3G4H5J6K7L',
    [
      allow('s3:*', [
        `arn:aws:s3:::${K.auditBucket}`,
        `arn:aws:s3:::${K.auditBucket}/*`,
        `arn:aws:s3:::${K.exportBucket}`,
        `arn:aws:s3:::${K.exportBucket}/*`,
      ]),
    ],
    basic,
    { boundary, tags: { 'aws-cdk:stack': 'AuditExportStack' } },
  );

  const cleanup = role('tenant-cleanup', [
    allow('dynamodb:*', [tableArn(K.tenants), `${tableArn(K.tenants)}/index/*`]),
    allow(
      ['s3:ListBucket', 's3:DeleteObject'],
      [`arn:aws:s3:::${K.exportBucket}`, `arn:aws:s3:::${K.exportBucket}/tenants/*`],
    ),
    deny(['dynamodb:DeleteTable', 'dynamodb:DeleteBackup'], '*', 'NeverDropTables'),
  ]);

  const usage = role(
    'billing-usage-AggregatorFunctionRole-M3N4B5V6C7X8',
    [
      allow(
        ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:GetItem'],
        [tableArn(K.usage), `${tableArn(K.usage)}/index/*`],
      ),
      allow(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], tableArn(K.aggregates)),
    ],
    basic,
    { tags: { 'lambda:createdBy': 'SAM' } },
  );

  const webhooks = role('webhook-dispatcher', [
    allow('sns:Publish', K.webhookTopicArn),
    allow('events:PutEvents', `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${K.bus}`),
    allow(['sqs:SendMessage', 'sqs:GetQueueUrl'], `arn:aws:sqs:${REGION}:${ACCOUNT}:${K.webhookQueue}`),
  ]);

  const ci = b.role({
    name: 'ci-github-actions',
    path: '/ci/',
    createDate: '2026-01-08T16:00:00+00:00',
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: {
              'token.actions.githubusercontent.com:sub': 'repo:kestrel/billing:ref:refs/heads/main',
            },
          },
        },
      ],
    },
    inline: [
      {
        name: 'deploy',
        document: doc(
          allow(
            ['lambda:UpdateFunctionCode', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration'],
            `arn:aws:lambda:${REGION}:${ACCOUNT}:function:billing-*`,
          ),
          allow(['s3:PutObject', 's3:GetObject'], `arn:aws:s3:::${K.artifactsBucket}/*`),
          allow('cloudformation:DescribeStacks', '*'),
        ),
      },
    ],
    managed: [],
    tags: tf,
  });

  const breakglass = b.role({
    name: 'ops-breakglass',
    path: '/',
    createDate: '2026-01-02T09:00:00+00:00',
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
    managed: [AdministratorAccess],
    tags: {},
  });

  const reconciler = b.role({
    name: 'legacy-reconciler-role-7h2k9q1z',
    path: '/service-role/',
    createDate: '2024-11-30T21:03:00+00:00',
    trust: lambdaTrust('string'),
    inline: [],
    managed: [AWSLambdaBasicExecutionRole],
    tags: {},
  });

  const portal = role('customer-portal-backend', [
    allow(
      ['dynamodb:GetItem', 'dynamodb:Query'],
      [tableArn(K.customers), tableArn(K.invoices), `${tableArn(K.invoices)}/index/*`],
    ),
    allow(
      'secretsmanager:GetSecretValue',
      `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/portal/*`,
    ),
    allow('ssm:GetParametersByPath', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/kestrel/portal`),
    allow('kms:Decrypt', K.secretsKeyArn),
  ]);

  const archive = role('invoice-archive-compactor', [
    allow(
      ['s3:GetObject', 's3:DeleteObject', 's3:ListBucket'],
      [`arn:aws:s3:::${K.pdfBucket}`, `arn:aws:s3:::${K.pdfBucket}/*`],
    ),
    allow('s3:PutObject', `arn:aws:s3:::${K.archiveBucket}/*`, {
      Condition: { StringEquals: { 's3:x-amz-storage-class': 'GLACIER_IR' } },
    }),
    allow(['kms:Decrypt', 'kms:GenerateDataKey'], K.pdfKeyArn),
  ]);

  const worker = b.role({
    name: 'billing-worker-task-role',
    path: '/ecs/',
    createDate: '2026-02-14T11:11:11+00:00',
    trust: doc({
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
    inline: [
      {
        name: 'worker',
        document: doc(
          allow(
            ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
            `arn:aws:sqs:${REGION}:${ACCOUNT}:${K.jobsQueue}`,
          ),
          allow(['dynamodb:UpdateItem', 'dynamodb:GetItem'], tableArn(K.jobs)),
          allow('s3:GetObject', `arn:aws:s3:::${K.exportBucket}/*`),
        ),
      },
    ],
    managed: [],
    tags: tf,
  });

  b.group(
    'billing-engineers',
    '2025-06-01T08:00:00+00:00',
    [
      {
        name: 'read-only-console',
        document: doc(
          allow(
            [
              'dynamodb:Describe*',
              'dynamodb:List*',
              'lambda:List*',
              'lambda:Get*',
              's3:ListAllMyBuckets',
              'cloudwatch:Get*',
            ],
            '*',
          ),
        ),
      },
    ],
    [],
  );
  const jane = b.user('jane.ops', '2025-06-01T08:12:00+00:00', ['billing-engineers'], [], []);

  const fns: Record<string, FunctionDef> = {};
  const fn = (name: string, r: RoleRef, runtime: string, extra: Partial<FunctionDef> = {}): void => {
    fns[name] = b.fn({
      name,
      accountId: ACCOUNT,
      region: REGION,
      roleArn: r.arn,
      runtime,
      handler: runtime.startsWith('python') ? 'app.handler' : 'index.handler',
      description: '',
      timeout: 30,
      memorySize: 512,
      codeSize: 40_000 + name.length * 1000,
      lastModified: '2026-09-01T10:00:00.000+0000',
      tracing: 'PassThrough',
      architecture: 'arm64',
      tags: tf,
      ...extra,
    });
  };
  for (const f of ['createInvoice', 'getInvoice', 'listInvoices'])
    fn(`billing-api-prod-${f}`, billingApi, 'nodejs22.x', {
      tags: { STAGE: 'prod', service: 'billing-api' },
    });
  fn('ledger-writer', ledger, 'python3.13');
  fn('ledger-compactor', ledger, 'python3.13', { timeout: 900 });
  fn('billing-pdf-RendererFunction-a1B2c3D4e5F6', pdf, 'nodejs22.x', {
    tracing: 'Active',
    memorySize: 2048,
    tags: { 'lambda:createdBy': 'SAM' },
  });
  fn('payment-events-consumer', paymentsConsumer, 'python3.13', {
    deadLetterTarget: `arn:aws:sqs:${REGION}:${ACCOUNT}:kestrel-payment-events-dlq`,
  });
  fn('fx-rates-fetcher', fx, 'python3.13', {
    environment: { FX_API_TOKEN: 'EXAMPLE-token-not-real', RATES_TABLE: K.rates },
  });
  fn('AuditExportStack-Exporter9A8B7C6D-pQ4rS5tU6vW7', audit, 'python3.13', { tags: {} });
  fn('tenant-cleanup', cleanup, 'python3.13');
  fn('billing-usage-AggregatorFunction-z9Y8x7W6v5U4', usage, 'python3.13', {
    tags: { 'lambda:createdBy': 'SAM' },
  });
  fn('webhook-dispatcher', webhooks, 'nodejs22.x');
  fn('legacy-reconciler', reconciler, 'python3.8', { tags: {} });
  fn('customer-portal-backend', portal, 'nodejs22.x', {
    environment: { SESSION_SECRET_ID: K.portalSecretName },
  });
  fn('invoice-archive-compactor', archive, 'python3.13');

  return {
    builder: b,
    roles: {
      billingApi,
      ledger,
      pdf,
      paymentsConsumer,
      fx,
      audit,
      cleanup,
      usage,
      webhooks,
      ci,
      breakglass,
      reconciler,
      portal,
      archive,
      worker,
    },
    fns,
    user: { userName: jane.name, userId: jane.id },
  };
}
