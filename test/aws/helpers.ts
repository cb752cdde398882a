import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach } from 'node:test';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock } from '../../src/aws/rate-limit.js';
import type { AnalyzeOptions } from '../../src/app/analyze.js';
import type { RetryPolicy } from '../../src/aws/call.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/** A CloudTrail record as the trail delivers it. */
export function record(eventName: string, eventTime: string, extra: Record<string, unknown> = {}): object {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/app-role/app-fn',
      accountId: '123456789012',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/app-role', userName: 'app-role' },
      },
    },
    eventTime,
    eventSource: 'dynamodb.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    eventID: `${eventName}-${eventTime}`,
    eventType: 'AwsApiCall',
    ...extra,
  };
}

/** A gzipped CloudTrail log file body, as GetObject streams it. */
export function logBody(records: object[]): ReturnType<typeof sdkStreamMixin> {
  return body(gzipSync(JSON.stringify({ Records: records })));
}

export function body(bytes: Buffer): ReturnType<typeof sdkStreamMixin> {
  return sdkStreamMixin(Readable.from([bytes]));
}

/** An SDK service error as the client throws it. */
export function awsError(name: string, status: number, fault: 'client' | 'server' = 'client'): Error {
  return Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

/** A clock whose sleeps advance it at once, recording each wait. */
export function fakeClock(): Clock & { sleeps: number[]; time: number } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

export function fakeRetry(): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { attempts: 4, baseDelayMs: 100, waits, sleep: async (ms) => void waits.push(ms) };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export const ROLE = 'arn:aws:iam::123456789012:role/app-role';
export const FN = 'arn:aws:lambda:us-east-1:123456789012:function:app-fn';

/**
 * Every IAM and Lambda client the code under test builds, mocked, and reset after each test; the
 * account's enabled regions are us-east-1 unless a test says otherwise.
 */
export function mockIamAndLambda() {
  const iam = mockClient(IAMClient);
  const lambda = mockClient(LambdaClient);
  const account = mockClient(AccountClient);
  const regions = (): void => {
    account.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1' }] });
  };
  regions();
  afterEach(() => {
    iam.reset();
    lambda.reset();
    account.reset();
    regions();
  });
  return { iam, lambda, account };
}

/** test/fixtures/cli: one role, one function, a day of logs. */
export const CLI_FIXTURE = join(ROOT, 'test/fixtures/cli');

/** Analyze on the CLI fixture's grants and window, reading nothing until a test names the source. */
export function fixtureOptions(extra: Partial<AnalyzeOptions>): AnalyzeOptions {
  return {
    logs: [],
    iam: [join(CLI_FIXTURE, 'iam.json')],
    lambda: [join(CLI_FIXTURE, 'lambda.json')],
    window: { since: { at: '2026-10-01T00:00:00.000Z' }, until: { at: '2026-11-01T23:59:59.999Z' } },
    selection: { roles: [], functions: [] },
    perFunction: false,
    skipBadFiles: false,
    out: join(tempDir(), 'out'),
    aws: { region: 'us-east-1' },
    today: '2026-12-01',
    warn: () => {},
    ...extra,
  };
}
