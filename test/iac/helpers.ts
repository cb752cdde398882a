import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readIacFiles } from '../../src/app/patch.js';
import type { IacFile, RoleTarget } from '../../src/iac/model.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/iac/', import.meta.url));
export const EXAMPLE_IAC = fileURLToPath(new URL('../../examples/wild-rydes/iac/', import.meta.url));
export const EXAMPLE = fileURLToPath(new URL('../../examples/wild-rydes/', import.meta.url));

/** The example's CloudFormation/SAM and Serverless apps (other kinds have their own tests). */
export const EXAMPLE_APPS = ['wild-rydes-data-lake', 'wild-rydes-payments', 'wild-rydes-ride-record'];

export async function exampleFiles(): Promise<IacFile[]> {
  return (await readIacFiles(EXAMPLE_IAC)).filter((f) =>
    EXAMPLE_APPS.some((a) => f.path.startsWith(`${a}/`)),
  );
}

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it. */
export async function assertGolden(file: string, actual: string): Promise<void> {
  if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(file, actual);
  assert.equal(actual, await readFile(file, 'utf8'), `golden ${file} (UPDATE_GOLDEN=1 rewrites it)`);
}

const ACCOUNT = '123456789012';
const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/wild-rydes-media-ThumbnailFunction-Xk3Lm9Pq2Rs7`;

/** A hand-written CloudFormation role (test/fixtures/iac/cfn-role) as analyze would describe it. */
export const THUMBNAIL_ROLE: RoleTarget = {
  name: 'wild-rydes-media-ThumbnailRole-1QW2ER3TY4UI5',
  arn: `arn:aws:iam::${ACCOUNT}:role/wild-rydes-media-ThumbnailRole-1QW2ER3TY4UI5`,
  tags: {
    'aws:cloudformation:stack-name': 'wild-rydes-media',
    'aws:cloudformation:logical-id': 'ThumbnailRole',
  },
  functions: ['wild-rydes-media-ThumbnailFunction-Xk3Lm9Pq2Rs7'],
  policy: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'KmsObserved',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/6f1c2b8e-4a7d-4e0b-9a53-2d8e7c41b905`],
      },
      {
        Sid: 'S3Observed',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::wild-rydes-media-uploads-123456789012/uploads/*'],
      },
      {
        Sid: 'S3Observed2',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: ['arn:aws:s3:::wild-rydes-media-thumbnailsbucket-a1b2c3d4e5f6/thumbs/*'],
      },
      {
        Sid: 'LogsLambdaService',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`${LOG_GROUP}:*`],
      },
    ],
  },
  perFunction: {},
  evidence: {
    callsBySid: { KmsObserved: 40, S3Observed: 20, S3Observed2: 20 },
    callsByFunction: {},
    unused: { kms: 1, s3: ['s3:DeleteObject', 's3:ListBucket'] },
  },
};
