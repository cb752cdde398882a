/**
 * IAM's last-accessed data per role, live: GenerateServiceLastAccessedDetails (action level) starts a
 * job, GetServiceLastAccessedDetails polls it and pages the report. The entries come out as
 * `last-accessed.json` holds them (the AWS CLI's shape), so live and offline runs share one parser.
 */
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { UsageError } from '../errors.js';
import { callAws, DEFAULT_RETRY, sleep, type RetryPolicy } from './call.js';
import type { AwsClients } from './clients.js';

export const LAST_ACCESSED_FILE = 'last-accessed.json';

/** One entry of `last-accessed.json`. */
export interface LastAccessedEntry {
  Arn: string;
  JobCompletionDate?: string;
  ServicesLastAccessed: unknown[];
}

export interface LastAccessedOptions {
  retry?: RetryPolicy;
  /** Waits between polls of a job still IN_PROGRESS; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Roles whose jobs run at once: IAM throttles its API per account. Default 4. */
  concurrency?: number;
  /** Polls per job before giving up. Default 40 (about 5 minutes with the backoff). */
  maxPolls?: number;
}

const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 10_000;

/** The report for each role, in the order given; at most `concurrency` jobs in flight. */
export async function fetchLastAccessed(
  clients: AwsClients,
  roleArns: readonly string[],
  options: LastAccessedOptions = {},
): Promise<LastAccessedEntry[]> {
  const out: LastAccessedEntry[] = new Array<LastAccessedEntry>(roleArns.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < roleArns.length) {
      const i = next++;
      const arn = roleArns[i] ?? '';
      out[i] = await roleReport(clients, arn, options);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, roleArns.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return out;
}

async function roleReport(
  clients: AwsClients,
  arn: string,
  options: LastAccessedOptions,
): Promise<LastAccessedEntry> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const wait = options.sleep ?? sleep;
  const name = arn.slice(arn.indexOf(':role/') + ':role/'.length);
  const started = await callAws(
    () =>
      clients
        .iam()
        .send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' })),
    {
      operation: `iam GenerateServiceLastAccessedDetails for role ${name}`,
      requiredAction: `iam:GenerateServiceLastAccessedDetails on ${arn}`,
    },
    retry,
  );
  const jobId = started.JobId ?? '';
  const get = (marker: string | undefined): Promise<GetServiceLastAccessedDetailsCommandOutput> =>
    callAws(
      () =>
        clients.iam().send(
          new GetServiceLastAccessedDetailsCommand({
            JobId: jobId,
            ...(marker !== undefined ? { Marker: marker } : {}),
          }),
        ),
      {
        operation: `iam GetServiceLastAccessedDetails for role ${name}`,
        requiredAction: 'iam:GetServiceLastAccessedDetails',
      },
      retry,
    );
  let page = await get(undefined);
  let delay = FIRST_POLL_MS;
  for (let polls = 1; page.JobStatus === 'IN_PROGRESS'; polls++) {
    if (polls >= (options.maxPolls ?? 40))
      throw new UsageError(`iam GetServiceLastAccessedDetails for role ${name}: the job did not complete`);
    await wait(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
    page = await get(undefined);
  }
  if (page.JobStatus !== 'COMPLETED')
    throw new UsageError(
      `iam GetServiceLastAccessedDetails for role ${name}: the job failed (${oneLine(page.Error?.Message ?? page.JobStatus ?? 'no status')})`,
    );
  const services: unknown[] = [];
  for (;;) {
    services.push(...(page.ServicesLastAccessed ?? []).map(plain));
    if (page.IsTruncated !== true || page.Marker === undefined) break;
    page = await get(page.Marker);
  }
  return {
    Arn: arn,
    ...(page.JobCompletionDate !== undefined
      ? { JobCompletionDate: page.JobCompletionDate.toISOString() }
      : {}),
    ServicesLastAccessed: services,
  };
}

/** Dates become ISO text, as in the CLI's output; `undefined` fields go. */
function plain(value: object): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
