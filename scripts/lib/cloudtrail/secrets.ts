/**
 * Secrets Manager, Systems Manager Parameter Store, AWS KMS and STS calls (all management events).
 * GetSecretValue records carry only the secretId the caller passed (often a name, without the random
 * six-character suffix the secret's ARN has) and no resources[]. KMS records name the key in resources[];
 * the encryption context says on whose behalf (SecretARN for Secrets Manager, aws:s3:arn for S3,
 * aws:lambda:FunctionArn for Lambda environment variables).
 */
import type { Ctx } from './s3.js';
import type { Call, JsonObject } from './types.js';

export interface ServiceError {
  code: string;
  message: string;
}

export function getSecretValue(ctx: Ctx, secretId: string, secretArn: string, error?: ServiceError): Call {
  return {
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: { secretId },
    responseElements: null,
    host: `secretsmanager.${ctx.region}.amazonaws.com`,
    ...(error ? { error } : {}),
    needs: [{ action: 'secretsmanager:GetSecretValue', resource: secretArn }],
  };
}

export const parameterArn = (ctx: Ctx, name: string): string =>
  `arn:aws:ssm:${ctx.region}:${ctx.accountId}:parameter/${name.replace(/^\//, '')}`;

export function getParameter(ctx: Ctx, name: string, withDecryption: boolean, error?: ServiceError): Call {
  return {
    eventSource: 'ssm.amazonaws.com',
    eventName: 'GetParameter',
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: { name, withDecryption },
    responseElements: null,
    host: `ssm.${ctx.region}.amazonaws.com`,
    ...(error ? { error } : {}),
    needs: [{ action: 'ssm:GetParameter', resource: parameterArn(ctx, name) }],
  };
}

export function getParametersByPath(ctx: Ctx, path: string, recursive: boolean): Call {
  return {
    eventSource: 'ssm.amazonaws.com',
    eventName: 'GetParametersByPath',
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: { path, recursive, withDecryption: false },
    responseElements: null,
    host: `ssm.${ctx.region}.amazonaws.com`,
    needs: [{ action: 'ssm:GetParametersByPath', resource: parameterArn(ctx, path) }],
  };
}

function kmsCall(ctx: Ctx, eventName: string, keyArn: string, params: JsonObject): Call {
  return {
    eventSource: 'kms.amazonaws.com',
    eventName,
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: params,
    responseElements: null,
    resources: [{ accountId: ctx.accountId, type: 'AWS::KMS::Key', ARN: keyArn }],
    host: `kms.${ctx.region}.amazonaws.com`,
    needs: [{ action: `kms:${eventName}`, resource: keyArn }],
  };
}

/** Symmetric Decrypt: the ciphertext names the key, so the request has no keyId. */
export function decrypt(ctx: Ctx, keyArn: string, encryptionContext: JsonObject): Call {
  return kmsCall(ctx, 'Decrypt', keyArn, { encryptionContext, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
}

export function generateDataKey(ctx: Ctx, keyArn: string, encryptionContext: JsonObject): Call {
  return kmsCall(ctx, 'GenerateDataKey', keyArn, { keyId: keyArn, encryptionContext, keySpec: 'AES_256' });
}

/** GetCallerIdentity needs no permission: IAM cannot deny it. */
export function getCallerIdentity(ctx: Ctx): Call {
  return {
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: null,
    responseElements: null,
    host: `sts.${ctx.region}.amazonaws.com`,
    needs: [],
  };
}
