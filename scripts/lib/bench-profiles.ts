/**
 * The synthetic account behind the bench logs: N functions, each with its own role and a few call
 * kinds (S3, DynamoDB, SQS, SNS, KMS, Secrets Manager, SSM, CloudWatch Logs) on its own resources,
 * plus noise (people, AWS services) and a sprinkling of refused and failed calls. Records are built
 * from precomputed JSON fragments with string templates: a million of them must take seconds, so
 * nothing here goes through JSON.stringify per record.
 */
import type { Prng } from './prng.js';
import type { JsonObject } from './cloudtrail/types.js';

export const BENCH_ACCOUNT = '246813579024';
export const BENCH_REGION = 'us-east-1';

/** Fills the variable parts of one record. */
export interface Slots {
  time: string;
  eventId: string;
  requestId: string;
  /** A per-record token for keys and item IDs. */
  token: string;
}

export type Template = (identity: string, s: Slots) => string;

export interface BenchFunction {
  name: string;
  roleName: string;
  roleArn: string;
  roleId: string;
  weight: number;
  /** The function's everyday calls. */
  templates: Template[];
  /** The Lambda worker creating a log stream: once per new execution environment. */
  coldStart: Template;
  /** A call its role refuses, for the functions that make one. */
  denied?: Template;
  /** The IAM statements that allow what the templates call, plus some unused grants. */
  statements: JsonObject[];
  runtime: string;
}

const q = JSON.stringify;
const TLS = (host: string): string =>
  `"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"${host}"}`;

function head(identity: string, s: Slots, source: string, name: string, ip: string, agent: string): string {
  return `{"eventVersion":"1.09","userIdentity":${identity},"eventTime":"${s.time}","eventSource":"${source}","eventName":"${name}","awsRegion":"${BENCH_REGION}","sourceIPAddress":"${ip}","userAgent":${agent}`;
}

function tail(
  s: Slots,
  readOnly: boolean,
  resources: string,
  category: 'Management' | 'Data',
  host: string,
): string {
  const res = resources ? `"resources":${resources},` : '';
  return `"requestID":"${s.requestId}","eventID":"${s.eventId}","readOnly":${readOnly},${res}"eventType":"AwsApiCall","managementEvent":${category === 'Management'},"recipientAccountId":"${BENCH_ACCOUNT}","eventCategory":"${category}",${TLS(host)}}`;
}

const ERR = (code: string, message: string): string => `"errorCode":"${code}","errorMessage":${q(message)},`;

export function buildFunctions(prng: Prng, count: number): BenchFunction[] {
  const out: BenchFunction[] = [];
  for (let i = 0; i < count; i++) {
    const p = prng.fork(`fn-${i}`);
    const team = p.pick(['orders', 'billing', 'media', 'search', 'identity', 'ledger', 'notify', 'catalog']);
    const name = `${team}-${p.pick(['api', 'worker', 'ingest', 'export', 'sync', 'resize', 'router'])}-${String(i).padStart(3, '0')}`;
    const roleName = `${name}-role`;
    const roleArn = `arn:aws:iam::${BENCH_ACCOUNT}:role/${roleName}`;
    const bucket = `bench-${team}-${i}-${BENCH_ACCOUNT}`;
    const table = `bench-${team}-${i}`;
    const queue = `bench-${team}-${i}-jobs`;
    const topicArn = `arn:aws:sns:${BENCH_REGION}:${BENCH_ACCOUNT}:bench-${team}-${i}-events`;
    const keyArn = `arn:aws:kms:${BENCH_REGION}:${BENCH_ACCOUNT}:key/${p.uuid()}`;
    const secret = `bench/${team}/${i}/api-token`;
    const secretArn = `arn:aws:secretsmanager:${BENCH_REGION}:${BENCH_ACCOUNT}:secret:${secret}-${p.alnum(6)}`;
    const ip = `${p.pick([3, 34, 44, 54])}.${p.int(0, 255)}.${p.int(0, 255)}.${p.int(1, 254)}`;
    const node = p.chance(0.5);
    const agent = node
      ? q(`aws-sdk-js/3.637.0 ua/2.1 os/linux lang/js md/nodejs#20.17.0 exec-env/AWS_Lambda_nodejs20.x`)
      : q(
          `Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux md/arch#x86_64 lang/python#3.12.7 exec-env/AWS_Lambda_python3.12`,
        );
    const s3Agent = q(`[${JSON.parse(agent) as string}]`);
    const tableArn = `arn:aws:dynamodb:${BENCH_REGION}:${BENCH_ACCOUNT}:table/${table}`;
    const tableRes = `[{"accountId":"${BENCH_ACCOUNT}","type":"AWS::DynamoDB::Table","ARN":"${tableArn}"}]`;
    const ddbHost = `dynamodb.${BENCH_REGION}.amazonaws.com`;
    const s3Host = `${bucket}.s3.${BENCH_REGION}.amazonaws.com`;
    const s3Obj = (key: string): string =>
      `[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::${bucket}/${key}"},{"accountId":"${BENCH_ACCOUNT}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::${bucket}"}]`;
    const s3Extra = `"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","bytesTransferredOut":2048},`;

    const all: Record<string, Template> = {
      getObject: (id, s) => {
        const key = `data/${s.token.slice(0, 2)}/${s.token}.json`;
        return `${head(id, s, 's3.amazonaws.com', 'GetObject', ip, s3Agent)},"requestParameters":{"bucketName":"${bucket}","Host":"${s3Host}","key":"${key}"},"responseElements":null,${s3Extra}${tail(s, true, s3Obj(key), 'Data', s3Host)}`;
      },
      putObject: (id, s) => {
        const key = `out/${s.time.slice(0, 10)}/${s.token}.json`;
        return `${head(id, s, 's3.amazonaws.com', 'PutObject', ip, s3Agent)},"requestParameters":{"bucketName":"${bucket}","Host":"${s3Host}","key":"${key}"},"responseElements":{"x-amz-server-side-encryption":"AES256"},${s3Extra}${tail(s, false, s3Obj(key), 'Data', s3Host)}`;
      },
      getItem: (id, s) =>
        `${head(id, s, 'dynamodb.amazonaws.com', 'GetItem', ip, agent)},"requestParameters":{"tableName":"${table}","key":{"id":"${s.token}"},"consistentRead":false},"responseElements":null,${tail(s, true, tableRes, 'Data', ddbHost)}`,
      putItem: (id, s) => {
        const failed = s.token.charCodeAt(0) % 50 === 0;
        return `${head(id, s, 'dynamodb.amazonaws.com', 'PutItem', ip, agent)},${failed ? ERR('ConditionalCheckFailedException', 'The conditional request failed') : ''}"requestParameters":{"tableName":"${table}","key":{"id":"${s.token}"},"item":["id","status","updatedAt"],"conditionExpression":"attribute_not_exists(id)"},"responseElements":null,${tail(s, false, tableRes, 'Data', ddbHost)}`;
      },
      query: (id, s) =>
        `${head(id, s, 'dynamodb.amazonaws.com', 'Query', ip, agent)},"requestParameters":{"tableName":"${table}","indexName":"by-status","keyConditionExpression":"status = :s"},"responseElements":null,${tail(s, true, tableRes, 'Data', ddbHost)}`,
      sendMessage: (id, s) =>
        `${head(id, s, 'sqs.amazonaws.com', 'SendMessage', ip, agent)},"requestParameters":{"queueUrl":"https://sqs.${BENCH_REGION}.amazonaws.com/${BENCH_ACCOUNT}/${queue}","messageBody":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":{"messageId":"${s.requestId}"},${tail(s, false, `[{"accountId":"${BENCH_ACCOUNT}","type":"AWS::SQS::Queue","ARN":"arn:aws:sqs:${BENCH_REGION}:${BENCH_ACCOUNT}:${queue}"}]`, 'Data', `sqs.${BENCH_REGION}.amazonaws.com`)}`,
      publish: (id, s) =>
        `${head(id, s, 'sns.amazonaws.com', 'Publish', ip, agent)},"requestParameters":{"topicArn":"${topicArn}","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":{"messageId":"${s.requestId}"},${tail(s, false, `[{"accountId":"${BENCH_ACCOUNT}","type":"AWS::SNS::Topic","ARN":"${topicArn}"}]`, 'Data', `sns.${BENCH_REGION}.amazonaws.com`)}`,
      decrypt: (id, s) =>
        `${head(id, s, 'kms.amazonaws.com', 'Decrypt', ip, agent)},"requestParameters":{"encryptionContext":{"aws:lambda:FunctionArn":"arn:aws:lambda:${BENCH_REGION}:${BENCH_ACCOUNT}:function:${name}"},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"},"responseElements":null,${tail(s, true, `[{"accountId":"${BENCH_ACCOUNT}","type":"AWS::KMS::Key","ARN":"${keyArn}"}]`, 'Management', `kms.${BENCH_REGION}.amazonaws.com`)}`,
      getSecretValue: (id, s) =>
        `${head(id, s, 'secretsmanager.amazonaws.com', 'GetSecretValue', ip, agent)},"requestParameters":{"secretId":"${secret}"},"responseElements":null,${tail(s, true, '', 'Management', `secretsmanager.${BENCH_REGION}.amazonaws.com`)}`,
      getParameter: (id, s) =>
        `${head(id, s, 'ssm.amazonaws.com', 'GetParameter', ip, agent)},"requestParameters":{"name":"/bench/${team}/${i}/endpoint","withDecryption":false},"responseElements":null,${tail(s, true, '', 'Management', `ssm.${BENCH_REGION}.amazonaws.com`)}`,
      createLogStream: (id, s) =>
        `${head(id, s, 'logs.amazonaws.com', 'CreateLogStream', ip, q('awslambda-worker/1.0 rusoto/0.48.0 rust/1.79.0 linux'))},"requestParameters":{"logGroupName":"/aws/lambda/${name}","logStreamName":"${s.time.slice(0, 10).replace(/-/g, '/')}/[$LATEST]${s.token}"},"responseElements":null,${tail(s, false, '', 'Management', `logs.${BENCH_REGION}.amazonaws.com`)}`,
      deniedDelete: (id, s) => {
        const key = `data/${s.token.slice(0, 2)}/${s.token}.json`;
        return `${head(id, s, 's3.amazonaws.com', 'DeleteObject', ip, s3Agent)},${ERR('AccessDenied', 'Access Denied')}"requestParameters":{"bucketName":"${bucket}","Host":"${s3Host}","key":"${key}"},"responseElements":null,${s3Extra}${tail(s, false, s3Obj(key), 'Data', s3Host)}`;
      },
    };
    const grants: Record<string, JsonObject> = {
      getObject: { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
      putObject: { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` },
      getItem: { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableArn },
      putItem: { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: tableArn },
      query: { Effect: 'Allow', Action: 'dynamodb:Query', Resource: `${tableArn}/index/*` },
      sendMessage: {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: `arn:aws:sqs:${BENCH_REGION}:${BENCH_ACCOUNT}:${queue}`,
      },
      publish: { Effect: 'Allow', Action: 'sns:Publish', Resource: topicArn },
      decrypt: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
      getSecretValue: {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: `${secretArn.slice(0, -7)}-*`,
      },
      getParameter: {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: `arn:aws:ssm:${BENCH_REGION}:${BENCH_ACCOUNT}:parameter/bench/${team}/${i}/*`,
      },
    };
    const kinds = p.shuffle(Object.keys(grants)).slice(0, p.int(2, 5));
    const statements = kinds.map((k) => grants[k] as JsonObject);
    // An unused broad grant, as real roles have.
    statements.push({ Effect: 'Allow', Action: p.pick(['dynamodb:*', 's3:*', 'sqs:*']), Resource: '*' });
    out.push({
      name,
      roleName,
      roleArn,
      roleId: `AROA${p.upperAlnum(17)}`,
      weight: 1 / Math.pow(i + 1, 0.8),
      templates: kinds.map((k) => all[k] as Template),
      coldStart: all['createLogStream'] as Template,
      ...(p.chance(0.2) ? { denied: all['deniedDelete'] as Template } : {}),
      statements,
      runtime: node ? 'nodejs20.x' : 'python3.12',
    });
  }
  return out;
}

/** A role session's userIdentity, serialised once per session. */
export function sessionIdentity(fn: BenchFunction, accessKeyId: string, created: string): string {
  return `{"type":"AssumedRole","principalId":"${fn.roleId}:${fn.name}","arn":"arn:aws:sts::${BENCH_ACCOUNT}:assumed-role/${fn.roleName}/${fn.name}","accountId":"${BENCH_ACCOUNT}","accessKeyId":"${accessKeyId}","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"${fn.roleId}","arn":"${fn.roleArn}","accountId":"${BENCH_ACCOUNT}","userName":"${fn.roleName}"},"webIdFederationData":{},"attributes":{"creationDate":"${created}","mfaAuthenticated":"false"}}}`;
}

/** Records that are not a function's: a person in the console, the Lambda service assuming a role. */
export function noiseRecord(kind: number, s: Slots, fn: BenchFunction): string {
  if (kind === 0) {
    return `{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"},"eventTime":"${s.time}","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"${BENCH_REGION}","sourceIPAddress":"lambda.amazonaws.com","userAgent":"lambda.amazonaws.com","requestParameters":{"roleArn":"${fn.roleArn}","roleSessionName":"${fn.name}"},"responseElements":null,"requestID":"${s.requestId}","eventID":"${s.eventId}","readOnly":true,"resources":[{"accountId":"${BENCH_ACCOUNT}","type":"AWS::IAM::Role","ARN":"${fn.roleArn}"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"${BENCH_ACCOUNT}","eventCategory":"Management"}`;
  }
  return `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDABENCHOPERATOR0001","arn":"arn:aws:iam::${BENCH_ACCOUNT}:user/operator","accountId":"${BENCH_ACCOUNT}","accessKeyId":"ASIABENCHOPERATOR001","userName":"operator","sessionContext":{"attributes":{"creationDate":"${s.time}","mfaAuthenticated":"true"}}},"eventTime":"${s.time}","eventSource":"lambda.amazonaws.com","eventName":"GetFunction20150331v2","awsRegion":"${BENCH_REGION}","sourceIPAddress":"203.0.113.10","userAgent":"AWS Internal","requestParameters":{"functionName":"${fn.name}"},"responseElements":null,"requestID":"${s.requestId}","eventID":"${s.eventId}","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"${BENCH_ACCOUNT}","eventCategory":"Management","sessionCredentialFromConsole":"true"}`;
}
