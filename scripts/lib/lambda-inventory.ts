/**
 * Builds what `aws lambda list-functions` prints, field for field. One addition: list-functions does not
 * return tags, so each function carries the `Tags` map `aws lambda get-function` (ListTags) returns, as
 * `pare collect` would merge it in; readers treat it as optional.
 */
import type { Prng } from './prng.js';
import type { JsonObject } from './cloudtrail/types.js';

export interface FunctionDef {
  name: string;
  accountId: string;
  region: string;
  roleArn: string;
  runtime: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  codeSize: number;
  lastModified: string;
  environment?: Record<string, string>;
  tracing: 'Active' | 'PassThrough';
  deadLetterTarget?: string;
  kmsKeyArn?: string;
  vpc?: { subnetIds: string[]; securityGroupIds: string[]; vpcId: string };
  layers?: { arn: string; codeSize: number }[];
  architecture: 'x86_64' | 'arm64';
  logGroup?: string;
  logFormat?: 'Text' | 'JSON';
  tags?: Record<string, string>;
}

export const functionArnOf = (f: { accountId: string; region: string; name: string }): string =>
  `arn:aws:lambda:${f.region}:${f.accountId}:function:${f.name}`;

export function functionConfiguration(f: FunctionDef, prng: Prng): JsonObject {
  const out: JsonObject = {
    FunctionName: f.name,
    FunctionArn: functionArnOf(f),
    Runtime: f.runtime,
    Role: f.roleArn,
    Handler: f.handler,
    CodeSize: f.codeSize,
    Description: f.description,
    Timeout: f.timeout,
    MemorySize: f.memorySize,
    LastModified: f.lastModified,
    CodeSha256: `${prng.base64(43)}=`,
    Version: '$LATEST',
  };
  if (f.vpc) {
    out['VpcConfig'] = {
      SubnetIds: f.vpc.subnetIds,
      SecurityGroupIds: f.vpc.securityGroupIds,
      VpcId: f.vpc.vpcId,
      Ipv6AllowedForDualStack: false,
    };
  }
  if (f.environment) out['Environment'] = { Variables: f.environment };
  if (f.kmsKeyArn) out['KMSKeyArn'] = f.kmsKeyArn;
  out['TracingConfig'] = { Mode: f.tracing };
  out['RevisionId'] = prng.uuid();
  if (f.deadLetterTarget) out['DeadLetterConfig'] = { TargetArn: f.deadLetterTarget };
  if (f.layers) out['Layers'] = f.layers.map((l) => ({ Arn: l.arn, CodeSize: l.codeSize }));
  out['PackageType'] = 'Zip';
  out['Architectures'] = [f.architecture];
  out['EphemeralStorage'] = { Size: 512 };
  out['SnapStart'] = { ApplyOn: 'None', OptimizationStatus: 'Off' };
  out['LoggingConfig'] = {
    LogFormat: f.logFormat ?? 'Text',
    LogGroup: f.logGroup ?? `/aws/lambda/${f.name}`,
  };
  if (f.tags) out['Tags'] = f.tags;
  return out;
}

export function listFunctions(functions: readonly FunctionDef[], prng: Prng): JsonObject {
  return { Functions: functions.map((f) => functionConfiguration(f, prng.fork(f.name))) };
}
