/**
 * A Lambda function's execution environments as CloudTrail sees them. A new environment (cold start)
 * shows as the Lambda service assuming the execution role (AWSService, session name = function name),
 * then the Lambda worker creating the log stream with those credentials; the function's own calls, its
 * event source mapping's polls and the calls services make on its behalf all use that session.
 */
import type { Prng } from '../prng.js';
import { awsEgressIp, temporaryAccessKey } from './ids.js';
import { awsServiceIdentity, onBehalfOf, type Recorder, roleSessionIdentity } from '../cloudtrail/record.js';
import {
  createLogGroupExists,
  createLogStream,
  LAMBDA_WORKER_AGENT,
  lambdaAssumesRole,
} from '../cloudtrail/platform.js';
import type { Ctx } from '../cloudtrail/s3.js';
import type { Actor, Call, RoleSession } from '../cloudtrail/types.js';

export interface RoleRef {
  name: string;
  arn: string;
  id: string;
}

export interface FunctionRuntimeConfig {
  accountId: string;
  region: string;
  functionName: string;
  role: RoleRef;
  logGroup: string;
  /** The SDK user agent of the function's code, for a call to `eventSource`. */
  sdkAgent: (eventSource: string) => string;
  /** The role may create the log group, so the worker tries; the group exists and the call fails. */
  triesCreateLogGroup: boolean;
  /** How long an idle environment lives, in minutes. */
  idleMinutes: [number, number];
  /** How long an environment lives at most, in hours (default 8). */
  maxLifetimeHours?: number;
  /** In a VPC, calls leave through a gateway endpoint from a private address. */
  vpc?: { endpointId: string; addressPrefix: string };
  coldStart?: (time: number, runtime: LambdaRuntime) => void;
}

interface Environment {
  session: RoleSession;
  ip: string;
  started: number;
  lastUsed: number;
  idleMs: number;
}

const MINUTE = 60_000;

export class LambdaRuntime {
  private current: Environment | undefined;
  readonly ctx: Ctx;
  coldStarts = 0;

  constructor(
    private readonly recorder: Recorder,
    readonly prng: Prng,
    readonly config: FunctionRuntimeConfig,
  ) {
    this.ctx = { accountId: config.accountId, region: config.region, prng };
  }

  /** The environment serving an invocation at `time`, starting a new one when the last is gone. */
  private environment(time: number): Environment {
    const env = this.current;
    if (
      env &&
      time - env.lastUsed <= env.idleMs &&
      time - env.started <= (this.config.maxLifetimeHours ?? 8) * 60 * MINUTE
    ) {
      env.lastUsed = Math.max(env.lastUsed, time);
      return env;
    }
    return this.coldStart(time);
  }

  session(time: number): RoleSession {
    return this.environment(time).session;
  }

  private coldStart(time: number): Environment {
    const { config, prng, recorder, ctx } = this;
    this.coldStarts++;
    const issued = time - prng.int(1500, 2500);
    const session: RoleSession = {
      accountId: config.accountId,
      roleName: config.role.name,
      roleArn: config.role.arn,
      roleId: config.role.id,
      sessionName: config.functionName,
      accessKeyId: temporaryAccessKey(prng),
      creationDate: Math.floor(issued / 1000) * 1000,
    };
    const env: Environment = {
      session,
      ip: awsEgressIp(prng),
      started: time,
      lastUsed: time,
      idleMs: prng.int(config.idleMinutes[0], config.idleMinutes[1]) * MINUTE,
    };
    this.current = env;
    const lambda: Actor = {
      identity: awsServiceIdentity('lambda.amazonaws.com'),
      sourceIPAddress: 'lambda.amazonaws.com',
      userAgent: 'lambda.amazonaws.com',
      tls: false,
    };
    recorder.emit(
      issued,
      lambda,
      lambdaAssumesRole(
        ctx,
        config.role.arn,
        config.functionName,
        session.accessKeyId,
        issued + 12 * 60 * MINUTE,
      ),
    );
    const day = new Date(time).toISOString().slice(0, 10).replace(/-/g, '/');
    const stream = `${day}/[$LATEST]${prng.hex(32)}`;
    if (config.triesCreateLogGroup)
      recorder.emit(issued + 600, this.worker(), createLogGroupExists(ctx, config.logGroup));
    recorder.emit(issued + 700, this.worker(), createLogStream(ctx, config.logGroup, stream));
    config.coldStart?.(issued + 900, this);
    return env;
  }

  /** The Lambda worker, using the environment's credentials (log streams, environment decryption). */
  worker(): Actor {
    const env = this.current;
    if (!env) throw new Error(`${this.config.functionName}: no environment yet`);
    return {
      identity: roleSessionIdentity(env.session),
      sourceIPAddress: env.ip,
      userAgent: LAMBDA_WORKER_AGENT,
      session: env.session,
      tls: true,
    };
  }

  /** The function's own code calling `eventSource` at `time`. S3 logs the user agent in brackets. */
  code(time: number, eventSource: string): Actor {
    const env = this.environment(time);
    const vpc = this.config.vpc;
    const agent = this.config.sdkAgent(eventSource);
    return {
      identity: roleSessionIdentity(env.session),
      sourceIPAddress: vpc ? `${vpc.addressPrefix}${this.prng.int(1, 254)}` : env.ip,
      userAgent: eventSource === 's3.amazonaws.com' ? `[${agent}]` : agent,
      session: env.session,
      tls: true,
      ...(vpc ? { vpcEndpointId: vpc.endpointId } : {}),
    };
  }

  /** The function's code makes `call` at `time`. */
  call(time: number, call: Call): void {
    this.recorder.emit(time, this.code(time, call.eventSource), call);
  }

  /** The function's event source mapping polls with its credentials. */
  poll(time: number, call: Call): void {
    this.recorder.emit(time, onBehalfOf(this.environment(time).session, 'lambda.amazonaws.com'), call);
  }

  /** An AWS service acting with the function's credentials (KMS via S3 or Secrets Manager). */
  via(time: number, service: string, call: Call): void {
    this.recorder.emit(time, onBehalfOf(this.environment(time).session, service), call);
  }

  /** The Lambda worker calls with the current environment's credentials (during a cold start). */
  workerCall(time: number, call: Call): void {
    this.recorder.emit(time, this.worker(), call);
  }
}

const KERNEL = 'os/linux#5.10.227-239.884.amzn2.x86_64';

export const boto3Agent = (python: string) => (): string =>
  `Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 ${KERNEL} md/arch#x86_64 lang/python#${python} md/pyimpl#CPython exec-env/AWS_Lambda_python${python.split('.').slice(0, 2).join('.')} cfg/retry-mode#legacy Botocore/1.34.0`;

/** SDK for JavaScript v3 names the client's service in the user agent. */
export const jsSdkAgent =
  (node: string) =>
  (eventSource: string): string =>
    `aws-sdk-js/3.637.0 ua/2.1 ${KERNEL} lang/js md/nodejs#${node} api/${eventSource.split('.')[0]}#3.637.0 exec-env/AWS_Lambda_nodejs${node.split('.')[0]}.x m/E`;
