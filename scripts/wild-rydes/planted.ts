/**
 * The posture findings the example plants: the truth the audit test holds pare to (each rule where it
 * is planted and nowhere else) and the table examples/wild-rydes/README.md shows.
 */
import type { WildRydesAccount } from './account.js';
import { R } from './resources.js';

export interface Plant {
  rule: string;
  /** What the finding is about: the function, else the role, else the resource ARN. */
  subject: string;
  how: string;
}

/** Every posture finding `pare audit` must report on the example (as of AUDIT_DATE), and no other. */
export function planted(a: WildRydesAccount): Plant[] {
  const r = a.roles;
  const f = a.functions;
  const node20 = [f.thumbnailer, f.orders, f.deployer, f.payments];
  return [
    {
      rule: 'admin-access',
      subject: r.cfnDeploy.name,
      how: 'AdministratorAccess on the role CloudFormation deploys with',
    },
    {
      rule: 'service-wildcard-action',
      subject: r.dataLake.name,
      how: 'AmazonS3FullAccess: `s3:*`, `s3-object-lambda:*`',
    },
    { rule: 'service-wildcard-action', subject: r.orders.name, how: '`dynamodb:*`' },
    { rule: 'service-wildcard-action', subject: r.reporter.name, how: '`states:*` (the boundary caps it)' },
    { rule: 'service-wildcard-action', subject: r.archiver.name, how: '`s3:*` on the receipts bucket' },
    {
      rule: 'service-wildcard-action',
      subject: r.ciDeploy.name,
      how: '`cloudformation:*`, `s3:*` on the deployment bucket',
    },
    {
      rule: 'service-wildcard-resource',
      subject: r.rideRecord.name,
      how: 'the workshop’s four DynamoDB item actions on `*`',
    },
    { rule: 'service-wildcard-resource', subject: r.dataLake.name, how: '`s3:*` on `*`' },
    {
      rule: 'service-wildcard-resource',
      subject: r.thumbnailer.name,
      how: 'every object of every bucket, `arn:aws:s3:::*/*`',
    },
    {
      rule: 'service-wildcard-resource',
      subject: r.orders.name,
      how: '`dynamodb:*` on `*`; AWSLambdaSQSQueueExecutionRole on every queue',
    },
    { rule: 'service-wildcard-resource', subject: r.reporter.name, how: '`states:*` on `*`' },
    {
      rule: 'service-wildcard-resource',
      subject: r.deployer.name,
      how: '`iam:PassRole` and Lambda actions on `*`',
    },
    { rule: 'service-wildcard-resource', subject: r.ciDeploy.name, how: '`lambda:GetFunction` on `*`' },
    {
      rule: 'exploit-grade-action',
      subject: r.deployer.name,
      how: '`iam:PassRole` on `*`, `lambda:UpdateFunctionCode` on every function',
    },
    {
      rule: 'exploit-grade-action',
      subject: r.dataLake.name,
      how: '`s3:*` on `*` includes `s3:PutBucketPolicy`, `s3:PutBucketAcl` …',
    },
    {
      rule: 'exploit-grade-action',
      subject: r.archiver.name,
      how: '`s3:*` on the receipts bucket includes `s3:PutBucketPolicy` …',
    },
    {
      rule: 'exploit-grade-action',
      subject: r.ciDeploy.name,
      how: '`s3:*` on the deployment bucket includes `s3:PutBucketPolicy` …',
    },
    {
      rule: 'shared-role',
      subject: r.rideRecord.name,
      how: 'one Serverless role for the five ride-record functions',
    },
    {
      rule: 'env-secret',
      subject: f.payments.name,
      how: '`DB_PASSWORD`, `STRIPE_API_KEY`, `STRIPE_WEBHOOK_SECRET` by name, `DATABASE_URL` by its value (a URL with a password)',
    },
    {
      rule: 'code-private-key',
      subject: f.legacy.name,
      how: '`code/legacy-fn.zip` ships `.ssh/id_ed25519` (a fake key, marked EXAMPLE)',
    },
    {
      rule: 'many-trigger-types',
      subject: f.orders.name,
      how: 'an SQS event source mapping and an API Gateway permission',
    },
    {
      rule: 'console-created-function',
      subject: f.legacy.name,
      how: 'no tags; role `/service-role/legacy-fn-role-abc123`',
    },
    {
      rule: 'public-resource-policy',
      subject: f.legacy.name,
      how: 'a `lambda:InvokeFunction` permission to `*` with no condition',
    },
    {
      rule: 'public-resource-policy',
      subject: f.payments.name,
      how: 'a function URL with AuthType NONE (the Stripe webhook)',
    },
    {
      rule: 'public-resource-policy',
      subject: `arn:aws:s3:::${R.dataLakeBucket}`,
      how: 'the workshop’s bucket policy: `s3:*` to `*`',
    },
    {
      rule: 'public-event-source-bucket',
      subject: f.thumbnailer.name,
      how: 'its uploads bucket has a public-read ACL (AllUsers READ)',
    },
    { rule: 'deprecated-runtime', subject: f.legacy.name, how: '`nodejs16.x`, deprecated 2024-06-12' },
    ...node20.map((fn) => ({
      rule: 'deprecated-runtime',
      subject: fn.name,
      how: '`nodejs20.x`, deprecated 2026-04-30',
    })),
  ];
}
