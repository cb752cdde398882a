/**
 * The Wild Rydes account's surroundings for `pare audit`: event source mappings, function policies, a
 * function URL, the policies and ACLs of the event sources, and two function packages. planted.ts says
 * which findings they plant.
 */
import { functionArnOf } from '../lib/lambda-inventory.js';
import type { JsonObject } from '../lib/cloudtrail/types.js';
import {
  ALL_USERS,
  getBucketAcl,
  getBucketPolicy,
  getPolicy,
  getQueueAttributes,
  getTopicAttributes,
  listEventSourceMappings,
  listFunctionUrlConfigs,
} from '../lib/posture-inventory.js';
import { Prng } from '../lib/prng.js';
import { ACCOUNT, arn, R, REGION, SEED, type WildRydesAccount } from './account.js';
import { functionPolicies } from './function-policies.js';
import { codePackages } from './packages.js';

const CANONICAL_OWNER = '4f1c8e2b9d7a6c5e3f0b1a2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f2a4b6c8d0e';

/** The date the example is audited on: its last day of activity. */
export const AUDIT_DATE = '2026-11-28';

/** The files `pare audit` reads beside iam.json and lambda.json, by path under the example folder. */
export function postureFiles(a: WildRydesAccount): { name: string; value: JsonObject }[] {
  const prng = new Prng(SEED).fork('posture');
  const f = a.functions;
  const files: { name: string; value: JsonObject }[] = [
    {
      name: 'lambda/event-source-mappings.json',
      value: listEventSourceMappings(
        [
          {
            functionArn: functionArnOf(f.writeRecord),
            eventSourceArn: R.rideStreamArn,
            batchSize: 100,
            lastModified: '2026-10-02T11:36:00+00:00',
            startingPosition: 'TRIM_HORIZON',
          },
          {
            functionArn: functionArnOf(f.orders),
            eventSourceArn: arn.queue(R.ordersQueue),
            batchSize: 10,
            lastModified: '2026-04-08T13:20:11+00:00',
          },
        ],
        prng.fork('esm'),
      ),
    },
    ...functionPolicies(a).map(([fn, statements]) => ({
      name: `lambda/policies/${fn.name}.json`,
      value: getPolicy(statements, prng.fork(`policy ${fn.name}`)),
    })),
    {
      name: `lambda/function-urls/${f.payments.name}.json`,
      value: listFunctionUrlConfigs([
        {
          functionArn: functionArnOf(f.payments),
          urlId: 'q7w3n5b8m2k4x6z9c1v0r4t6y8u2i3o5',
          region: REGION,
          authType: 'NONE',
          created: '2026-10-27T13:25:40.118Z',
        },
      ]),
    },
    // The workshop's data lake bucket policy (02-infrastructure): every S3 action to anyone.
    {
      name: `resource-policies/${R.dataLakeBucket}.policy.json`,
      value: getBucketPolicy([
        {
          Sid: 'PublicReadGetObject',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${R.dataLakeBucket}/*`, `arn:aws:s3:::${R.dataLakeBucket}`],
        },
      ]),
    },
    // The uploads bucket (the thumbnailer's trigger) kept the public-read ACL of the app's first version;
    // its policy only lets CloudFront in, and only over TLS.
    {
      name: `resource-policies/${R.uploadsBucket}.acl.json`,
      value: getBucketAcl(CANONICAL_OWNER, [{ uri: ALL_USERS, permission: 'READ' }]),
    },
    {
      name: `resource-policies/${R.uploadsBucket}.policy.json`,
      value: getBucketPolicy([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${R.uploadsBucket}`, `arn:aws:s3:::${R.uploadsBucket}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'AllowCloudFrontRead',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${R.uploadsBucket}/*`,
          Condition: {
            StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHEXAMPLE` },
          },
        },
      ]),
    },
    {
      name: `resource-policies/${R.ordersQueue}.queue.json`,
      value: getQueueAttributes(arn.queue(R.ordersQueue), [
        {
          Sid: '__owner_statement',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'SQS:*',
          Resource: arn.queue(R.ordersQueue),
        },
      ]),
    },
    {
      name: `resource-policies/${R.rideTopicArn.split(':').at(-1) ?? 'topic'}.topic.json`,
      value: getTopicAttributes(R.rideTopicArn, ACCOUNT, 'Ride records'),
    },
  ];
  return files;
}

export function postureBinaries(a: WildRydesAccount): { name: string; bytes: Buffer }[] {
  return codePackages({ legacy: a.functions.legacy.name, deployer: a.functions.deployer.name });
}
