/**
 * Calls around running and deploying Lambda functions: the Lambda service assuming the execution role
 * (userIdentity type AWSService), the Lambda worker creating the log stream with the function's
 * credentials (logs:PutLogEvents is never logged), Lambda, CloudFormation and IAM control-plane calls.
 */
import type { Prng } from '../prng.js';
import type { Ctx } from './s3.js';
import type { Call, JsonObject } from './types.js';
import { javaDate } from './messaging.js';

/** The user agent of the Lambda worker that creates log streams and decrypts environment variables. */
export const LAMBDA_WORKER_AGENT = 'awslambda-worker/1.0 rusoto/0.48.0 rust/1.79.0 linux';

export function sessionToken(prng: Prng): string {
  return `IQoJb3JpZ2luX2VjE${prng.base64(64)}`;
}

/** What the Lambda service logs when it assumes a function's execution role for a new environment. */
export function lambdaAssumesRole(
  ctx: Ctx,
  roleArn: string,
  sessionName: string,
  accessKeyId: string,
  expires: number,
): Call {
  return {
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: { roleArn, roleSessionName: sessionName },
    responseElements: {
      credentials: { accessKeyId, sessionToken: sessionToken(ctx.prng), expiration: javaDate(expires) },
    },
    resources: [{ accountId: ctx.accountId, type: 'AWS::IAM::Role', ARN: roleArn }],
    sharedEventID: ctx.prng.uuid(),
    needs: [],
  };
}

const logGroupArn = (ctx: Ctx, group: string): string =>
  `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${group}`;

export function createLogStream(ctx: Ctx, group: string, stream: string): Call {
  return {
    eventSource: 'logs.amazonaws.com',
    eventName: 'CreateLogStream',
    region: ctx.region,
    readOnly: false,
    category: 'Management',
    requestParameters: { logGroupName: group, logStreamName: stream },
    responseElements: null,
    apiVersion: '20140328',
    host: `logs.${ctx.region}.amazonaws.com`,
    needs: [{ action: 'logs:CreateLogStream', resource: `${logGroupArn(ctx, group)}:log-stream:${stream}` }],
  };
}

/** The worker tries CreateLogGroup first when its role may; the group exists, so it fails harmlessly. */
export function createLogGroupExists(ctx: Ctx, group: string): Call {
  return {
    eventSource: 'logs.amazonaws.com',
    eventName: 'CreateLogGroup',
    region: ctx.region,
    readOnly: false,
    category: 'Management',
    requestParameters: { logGroupName: group },
    responseElements: null,
    apiVersion: '20140328',
    host: `logs.${ctx.region}.amazonaws.com`,
    error: { code: 'ResourceAlreadyExistsException', message: 'The specified log group already exists' },
    needs: [{ action: 'logs:CreateLogGroup', resource: logGroupArn(ctx, group) }],
  };
}

export const functionArn = (ctx: Ctx, name: string): string =>
  `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`;

function lambdaCall(
  ctx: Ctx,
  eventName: string,
  action: string,
  fn: string,
  readOnly: boolean,
  params: JsonObject,
  response: JsonObject | null,
  error?: { code: string; message: string },
): Call {
  return {
    eventSource: 'lambda.amazonaws.com',
    eventName,
    region: ctx.region,
    readOnly,
    category: 'Management',
    requestParameters: { functionName: fn, ...params },
    responseElements: error ? null : response,
    host: `lambda.${ctx.region}.amazonaws.com`,
    ...(error ? { error } : {}),
    needs: [{ action, resource: functionArn(ctx, fn) }],
  };
}

export function getFunction(ctx: Ctx, fn: string, error?: { code: string; message: string }): Call {
  return lambdaCall(ctx, 'GetFunction20150331v2', 'lambda:GetFunction', fn, true, {}, null, error);
}

export function updateFunctionCode(
  ctx: Ctx,
  fn: string,
  s3Bucket: string,
  s3Key: string,
  time: number,
): Call {
  const response: JsonObject = {
    functionName: fn,
    functionArn: functionArn(ctx, fn),
    codeSha256: ctx.prng.base64(43) + '=',
    lastModified: new Date(time).toISOString().replace('Z', '+0000'),
    revisionId: ctx.prng.uuid(),
    state: 'Active',
    lastUpdateStatus: 'InProgress',
  };
  const params = { s3Bucket, s3Key, dryRun: false, publish: false };
  return lambdaCall(
    ctx,
    'UpdateFunctionCode20150331v2',
    'lambda:UpdateFunctionCode',
    fn,
    false,
    params,
    response,
  );
}

export function publishVersion(ctx: Ctx, fn: string, version: number): Call {
  const response: JsonObject = {
    functionName: fn,
    version: String(version),
    functionArn: `${functionArn(ctx, fn)}:${version}`,
  };
  return lambdaCall(ctx, 'PublishVersion20150331', 'lambda:PublishVersion', fn, false, {}, response);
}

export function updateFunctionConfiguration(
  ctx: Ctx,
  fn: string,
  params: JsonObject,
  error?: { code: string; message: string },
): Call {
  const response: JsonObject = {
    functionName: fn,
    functionArn: functionArn(ctx, fn),
    revisionId: ctx.prng.uuid(),
  };
  return lambdaCall(
    ctx,
    'UpdateFunctionConfiguration20150331v2',
    'lambda:UpdateFunctionConfiguration',
    fn,
    false,
    params,
    response,
    error,
  );
}

export function iamCall(
  ctx: Ctx,
  eventName: string,
  params: JsonObject,
  action: string,
  resource: string,
  readOnly: boolean,
  error?: { code: string; message: string },
): Call {
  return {
    eventSource: 'iam.amazonaws.com',
    eventName,
    region: 'us-east-1',
    readOnly,
    category: 'Management',
    requestParameters: params,
    responseElements: null,
    host: 'iam.amazonaws.com',
    ...(error ? { error } : {}),
    needs: [{ action, resource }],
  };
}

export const stackArn = (
  where: { region: string; accountId: string },
  stack: string,
  stackId: string,
): string => `arn:aws:cloudformation:${where.region}:${where.accountId}:stack/${stack}/${stackId}`;

export function cloudFormationCall(
  ctx: Ctx,
  eventName: string,
  params: JsonObject,
  readOnly: boolean,
  needs: Call['needs'],
  response: JsonObject | null = null,
): Call {
  return {
    eventSource: 'cloudformation.amazonaws.com',
    eventName,
    region: ctx.region,
    readOnly,
    category: 'Management',
    requestParameters: params,
    responseElements: response,
    host: `cloudformation.${ctx.region}.amazonaws.com`,
    needs,
  };
}
