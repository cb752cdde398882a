import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

/**
 * Payloads for every context the report writes data into: element text, double- and single-quoted
 * attributes, and a script block. Each one, if it ran, would set `window.__pwned` or open a dialog.
 */
export const PAYLOADS = {
  script: '<script>window.__pwned="script";alert(1)</script>',
  attribute: '"><img src=x onerror="window.__pwned=\'img\';alert(2)">',
  single: "'><svg onload=alert(3)>",
  closer: '</script><script>window.__pwned="closer"</script><!--',
} as const;

const ACCOUNT = '111122223333';
/** Role and function names from a snapshot an attacker could have edited: IAM's charset is not assumed. */
export const ROLE_NAME = `orders${PAYLOADS.attribute}`;
export const FUNCTION_NAME = `fn${PAYLOADS.script}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/T${PAYLOADS.attribute}`;

function record(id: number, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE0000000001:${FUNCTION_NAME}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/${FUNCTION_NAME}`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: ROLE_ARN, accountId: ACCOUNT, userName: ROLE_NAME },
      },
    },
    eventTime: `2026-11-01T10:00:0${id}Z`,
    awsRegion: 'us-east-1',
    sourceIPAddress: PAYLOADS.single,
    userAgent: PAYLOADS.script,
    eventID: `00000000-0000-4000-8000-00000000000${id}`,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...fields,
  };
}

/**
 * An account folder (logs/, iam.json, lambda.json) whose CloudTrail fields, role name, function name,
 * tags, environment variable names and resource ARNs all carry script payloads.
 */
export function hostileAccount(): string {
  const dir = tempDir();
  const records = [
    record(1, {
      eventSource: 'dynamodb.amazonaws.com',
      eventName: 'GetItem',
      requestParameters: { tableName: `T${PAYLOADS.attribute}` },
      resources: [{ accountId: ACCOUNT, type: 'AWS::DynamoDB::Table', ARN: TABLE_ARN }],
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: true,
    }),
    record(2, {
      eventSource: 'dynamodb.amazonaws.com',
      eventName: 'PutItem',
      errorCode: 'AccessDeniedException',
      errorMessage: PAYLOADS.closer,
      requestParameters: { tableName: `T${PAYLOADS.attribute}` },
      resources: [{ accountId: ACCOUNT, type: 'AWS::DynamoDB::Table', ARN: TABLE_ARN }],
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: false,
    }),
    record(3, {
      eventSource: 'dynamodb.amazonaws.com',
      eventName: `Get${PAYLOADS.closer}`,
      eventCategory: 'Management',
      managementEvent: true,
    }),
  ];
  mkdirSync(join(dir, 'logs'));
  writeFileSync(
    join(dir, 'logs', `${ACCOUNT}_CloudTrail_us-east-1_20261101T1000Z_x.json`),
    JSON.stringify({ Records: records }),
  );
  writeFileSync(
    join(dir, 'iam.json'),
    JSON.stringify({
      UserDetailList: [],
      GroupDetailList: [],
      Policies: [],
      RoleDetailList: [
        {
          Path: '/',
          RoleName: ROLE_NAME,
          RoleId: 'AROAEXAMPLE0000000001',
          Arn: ROLE_ARN,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
          RolePolicyList: [
            {
              PolicyName: `policy${PAYLOADS.single}`,
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Sid: 'Data', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
                  {
                    Effect: 'Allow',
                    Action: 's3:GetObject',
                    Resource: `arn:aws:s3:::bucket${PAYLOADS.script}/*`,
                  },
                ],
              },
            },
          ],
          AttachedManagedPolicies: [],
          Tags: [{ Key: PAYLOADS.script, Value: PAYLOADS.attribute }],
          RoleLastUsed: {},
        },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'lambda.json'),
    JSON.stringify({
      Functions: [
        {
          FunctionName: FUNCTION_NAME,
          FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FUNCTION_NAME}`,
          Runtime: PAYLOADS.single,
          Role: ROLE_ARN,
          Environment: { Variables: { [PAYLOADS.attribute]: 'value never shown' } },
          PackageType: 'Zip',
          Layers: [{ Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:${PAYLOADS.closer}:1` }],
          Tags: { [PAYLOADS.closer]: PAYLOADS.script },
        },
      ],
    }),
  );
  return dir;
}
