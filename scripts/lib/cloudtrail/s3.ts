/**
 * Amazon S3 data events (object-level API). Shapes follow the S3 user guide's CloudTrail examples:
 * requestParameters carry bucketName/Host/key, resources[] the object ARN (no accountId) then the bucket
 * ARN, additionalEventData the signature and byte counts. ListObjectsV2 is logged as `ListObjects` with
 * `list-type: 2`, and its object resource is an `ARNPrefix`.
 */
import type { Prng } from '../prng.js';
import type { Call, JsonObject } from './types.js';

export interface Ctx {
  accountId: string;
  region: string;
  prng: Prng;
}

export interface S3Error {
  code: 'NoSuchKey' | 'AccessDenied' | 'NoSuchUpload';
  message: string;
}

export const NO_SUCH_KEY: S3Error = { code: 'NoSuchKey', message: 'The specified key does not exist.' };
export const S3_ACCESS_DENIED: S3Error = { code: 'AccessDenied', message: 'Access Denied' };

const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;
const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

function host(ctx: Ctx, bucket: string): string {
  return `${bucket}.s3.${ctx.region}.amazonaws.com`;
}

function extra(ctx: Ctx, bytesIn: number, bytesOut: number): JsonObject {
  return {
    SignatureVersion: 'SigV4',
    CipherSuite: 'TLS_AES_128_GCM_SHA256',
    bytesTransferredIn: bytesIn,
    AuthenticationMethod: 'AuthHeader',
    'x-amz-id-2': ctx.prng.base64(56),
    bytesTransferredOut: bytesOut,
  };
}

function objectResources(ctx: Ctx, bucket: string, key: string): JsonObject[] {
  return [
    { type: 'AWS::S3::Object', ARN: objectArn(bucket, key) },
    { accountId: ctx.accountId, type: 'AWS::S3::Bucket', ARN: bucketArn(bucket) },
  ];
}

interface ObjectCall {
  name: string;
  readOnly: boolean;
  bucket: string;
  key: string;
  params?: JsonObject;
  response?: JsonObject | null;
  bytesIn?: number;
  bytesOut?: number;
  error?: S3Error | undefined;
  action: string;
}

function objectCall(ctx: Ctx, c: ObjectCall): Call {
  const failed = c.error !== undefined;
  return {
    eventSource: 's3.amazonaws.com',
    eventName: c.name,
    region: ctx.region,
    readOnly: c.readOnly,
    category: 'Data',
    requestParameters: { bucketName: c.bucket, Host: host(ctx, c.bucket), key: c.key, ...c.params },
    responseElements: failed ? null : (c.response ?? null),
    additionalEventData: extra(ctx, failed ? 0 : (c.bytesIn ?? 0), failed ? 0 : (c.bytesOut ?? 0)),
    resources: objectResources(ctx, c.bucket, c.key),
    requestID: ctx.prng.hex(16).toUpperCase(),
    host: host(ctx, c.bucket),
    ...(c.error ? { error: c.error } : {}),
    needs: [{ action: c.action, resource: objectArn(c.bucket, c.key) }],
  };
}

function sse(kmsKeyArn: string | undefined): JsonObject {
  return kmsKeyArn
    ? { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': kmsKeyArn }
    : { 'x-amz-server-side-encryption': 'AES256' };
}

export function getObject(ctx: Ctx, bucket: string, key: string, bytes: number, error?: S3Error): Call {
  return objectCall(ctx, {
    name: 'GetObject',
    readOnly: true,
    bucket,
    key,
    bytesOut: bytes,
    error,
    action: 's3:GetObject',
  });
}

export function headObject(ctx: Ctx, bucket: string, key: string, error?: S3Error): Call {
  return objectCall(ctx, { name: 'HeadObject', readOnly: true, bucket, key, error, action: 's3:GetObject' });
}

export function putObject(
  ctx: Ctx,
  bucket: string,
  key: string,
  bytes: number,
  kmsKeyArn?: string,
  error?: S3Error,
): Call {
  return objectCall(ctx, {
    name: 'PutObject',
    readOnly: false,
    bucket,
    key,
    params: kmsKeyArn ? sse(kmsKeyArn) : {},
    response: sse(kmsKeyArn),
    bytesIn: bytes,
    error,
    action: 's3:PutObject',
  });
}

export function deleteObject(ctx: Ctx, bucket: string, key: string, error?: S3Error): Call {
  return objectCall(ctx, {
    name: 'DeleteObject',
    readOnly: false,
    bucket,
    key,
    error,
    action: 's3:DeleteObject',
  });
}

/** CopyObject needs GetObject on the source and PutObject on the destination; both appear in resources[]. */
export function copyObject(
  ctx: Ctx,
  source: { bucket: string; key: string },
  target: { bucket: string; key: string },
  kmsKeyArn?: string,
  error?: S3Error,
): Call {
  const call = objectCall(ctx, {
    name: 'CopyObject',
    readOnly: false,
    bucket: target.bucket,
    key: target.key,
    params: { 'x-amz-copy-source': `${source.bucket}/${source.key}`, ...(kmsKeyArn ? sse(kmsKeyArn) : {}) },
    response: { ...sse(kmsKeyArn) },
    error,
    action: 's3:PutObject',
  });
  call.resources = [
    ...objectResources(ctx, target.bucket, target.key),
    ...objectResources(ctx, source.bucket, source.key),
  ];
  call.needs = [
    { action: 's3:GetObject', resource: objectArn(source.bucket, source.key) },
    { action: 's3:PutObject', resource: objectArn(target.bucket, target.key) },
  ];
  return call;
}

/** ListObjectsV2, as CloudTrail logs it. */
export function listObjectsV2(ctx: Ctx, bucket: string, prefix: string, error?: S3Error): Call {
  return {
    eventSource: 's3.amazonaws.com',
    eventName: 'ListObjects',
    region: ctx.region,
    readOnly: true,
    category: 'Data',
    requestParameters: {
      'list-type': '2',
      bucketName: bucket,
      'encoding-type': 'url',
      Host: host(ctx, bucket),
      prefix,
    },
    responseElements: null,
    additionalEventData: extra(ctx, 0, error ? 0 : ctx.prng.int(600, 9000)),
    resources: [
      { type: 'AWS::S3::Object', ARNPrefix: `${bucketArn(bucket)}/${prefix}` },
      { accountId: ctx.accountId, type: 'AWS::S3::Bucket', ARN: bucketArn(bucket) },
    ],
    requestID: ctx.prng.hex(16).toUpperCase(),
    host: host(ctx, bucket),
    ...(error ? { error } : {}),
    needs: [{ action: 's3:ListBucket', resource: bucketArn(bucket) }],
  };
}

/** CreateMultipartUpload, UploadPart × parts, CompleteMultipartUpload: all need s3:PutObject. */
export function multipartUpload(
  ctx: Ctx,
  bucket: string,
  key: string,
  parts: number,
  partBytes: number,
  kmsKeyArn?: string,
): Call[] {
  const uploadId = ctx.prng.base64(64).replace(/[+/]/g, '.');
  const calls: Call[] = [
    objectCall(ctx, {
      name: 'CreateMultipartUpload',
      readOnly: false,
      bucket,
      key,
      params: { uploads: '', ...(kmsKeyArn ? sse(kmsKeyArn) : {}) },
      response: { ...sse(kmsKeyArn), uploadId },
      action: 's3:PutObject',
    }),
  ];
  for (let part = 1; part <= parts; part++) {
    calls.push(
      objectCall(ctx, {
        name: 'UploadPart',
        readOnly: false,
        bucket,
        key,
        params: { partNumber: String(part), uploadId },
        response: sse(kmsKeyArn),
        bytesIn: partBytes,
        action: 's3:PutObject',
      }),
    );
  }
  calls.push(
    objectCall(ctx, {
      name: 'CompleteMultipartUpload',
      readOnly: false,
      bucket,
      key,
      params: { uploadId },
      response: sse(kmsKeyArn),
      action: 's3:PutObject',
    }),
  );
  return calls;
}
