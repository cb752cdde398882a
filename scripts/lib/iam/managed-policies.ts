/**
 * AWS managed policies the generated accounts attach, with the documents AWS publishes for their default
 * versions (IAM console, "AWS managed policy" reference). Older versions are kept where an account's
 * snapshot lists them.
 */
import type { ManagedPolicy } from './snapshot.js';

const CREATED = '2015-04-09T15:03:43+00:00';

function aws(
  name: string,
  path: string,
  id: string,
  versions: { id: string; createDate: string; document: ManagedPolicy['versions'][number]['document'] }[],
): ManagedPolicy {
  const last = versions[versions.length - 1];
  if (!last) throw new Error(`${name} has no version`);
  return {
    name,
    arn: `arn:aws:iam::aws:policy${path}${name}`,
    path,
    id,
    createDate: versions[0]?.createDate ?? CREATED,
    updateDate: last.createDate,
    defaultVersion: last.id,
    versions,
  };
}

export const AWSLambdaBasicExecutionRole = aws(
  'AWSLambdaBasicExecutionRole',
  '/service-role/',
  'ANPAJNCQGXC42545SKXIK',
  [
    {
      id: 'v1',
      createDate: CREATED,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: '*',
          },
        ],
      },
    },
  ],
);

export const AWSLambdaSQSQueueExecutionRole = aws(
  'AWSLambdaSQSQueueExecutionRole',
  '/service-role/',
  'ANPAJFWJZI6JNND4TSELK',
  [
    {
      id: 'v1',
      createDate: '2016-06-14T21:50:46+00:00',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
              'sqs:GetQueueAttributes',
              'logs:CreateLogGroup',
              'logs:CreateLogStream',
              'logs:PutLogEvents',
            ],
            Resource: '*',
          },
        ],
      },
    },
  ],
);

export const AWSLambdaVPCAccessExecutionRole = aws(
  'AWSLambdaVPCAccessExecutionRole',
  '/service-role/',
  'ANPAJVTME3YLVNL72YR2K',
  [
    {
      id: 'v3',
      createDate: '2024-01-05T22:37:07+00:00',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AWSLambdaVPCAccessExecutionPermissions',
            Effect: 'Allow',
            Action: [
              'logs:CreateLogGroup',
              'logs:CreateLogStream',
              'logs:PutLogEvents',
              'ec2:CreateNetworkInterface',
              'ec2:DescribeNetworkInterfaces',
              'ec2:DescribeSubnets',
              'ec2:DeleteNetworkInterface',
              'ec2:AssignPrivateIpAddresses',
              'ec2:UnassignPrivateIpAddresses',
            ],
            Resource: '*',
          },
        ],
      },
    },
  ],
);

export const AWSLambdaDynamoDBExecutionRole = aws(
  'AWSLambdaDynamoDBExecutionRole',
  '/service-role/',
  'ANPAIP7WNAGMIPYNW4WQG',
  [
    {
      id: 'v1',
      createDate: CREATED,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'dynamodb:DescribeStream',
              'dynamodb:GetRecords',
              'dynamodb:GetShardIterator',
              'dynamodb:ListStreams',
              'logs:CreateLogGroup',
              'logs:CreateLogStream',
              'logs:PutLogEvents',
            ],
            Resource: '*',
          },
        ],
      },
    },
  ],
);

export const AmazonS3FullAccess = aws('AmazonS3FullAccess', '/', 'ANPAIFIR6V6BVTRAHWINE', [
  {
    id: 'v1',
    createDate: '2015-02-06T18:40:58+00:00',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
  },
  {
    id: 'v2',
    createDate: '2021-09-27T20:16:37+00:00',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
    },
  },
]);

export const AdministratorAccess = aws('AdministratorAccess', '/', 'ANPAIWMBCKSKIEE64ZLYK', [
  {
    id: 'v1',
    createDate: '2015-02-06T18:39:46+00:00',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
]);

export const AWSXRayDaemonWriteAccess = aws('AWSXRayDaemonWriteAccess', '/', 'ANPAIOE47HSUE5AVBNEDM', [
  {
    id: 'v1',
    createDate: '2018-08-28T23:00:33+00:00',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
            'xray:GetSamplingStatisticSummaries',
          ],
          Resource: ['*'],
        },
      ],
    },
  },
]);

export const IAMUserChangePassword = aws('IAMUserChangePassword', '/', 'ANPAJ4L4MM2A7QIEB56MS', [
  {
    id: 'v2',
    createDate: '2016-11-15T23:18:55+00:00',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['iam:ChangePassword'],
          Resource: ['arn:aws:iam::*:user/${aws:username}'],
        },
        { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' },
      ],
    },
  },
]);
