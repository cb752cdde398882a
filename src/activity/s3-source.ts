import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { callAws, DEFAULT_RETRY, type RetryPolicy } from '../aws/call.js';
import { InputError } from '../errors.js';
import type { Event } from '../model/event.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_IN_MEMORY_BYTES,
  readMany,
  type ActivityProgress,
  type OpenedInput,
} from './read-many.js';
import {
  dayPrefixes,
  isAccountOrOrganisation,
  isLogKey,
  layoutLevel,
  parseS3Url,
  s3Url,
  type S3Location,
} from './s3-layout.js';
import { emptyStats, type ActivitySource, type ActivityStats } from './source.js';

export interface S3SourceOptions {
  client: S3Client;
  /** `s3://bucket[/prefix/]`: the bucket, `AWSLogs/`, an organisation, an account or a region. */
  url: string;
  /** UTC days (YYYY-MM-DD, inclusive) whose day prefixes are listed under each account and region. */
  days: { first: string; last: string };
  skipBadFiles?: boolean;
  /** Objects read (and day prefixes listed) at the same time; default 8. */
  concurrency?: number;
  maxInMemoryBytes?: number;
  retry?: RetryPolicy;
  onProgress?: (progress: ActivityProgress) => void;
}

interface S3Object {
  key: string;
  size: number;
}

/**
 * The trail's bucket as an activity source. Only the window's day prefixes are listed: accounts
 * (and organisations) and regions are found with Delimiter '/', then each `YYYY/MM/DD/` of the window
 * is listed, so a 90-day window over years of logs costs 90 listings per account and region. Objects
 * are parsed by the same code as local files (read-input.ts), as they stream in, `concurrency` at once.
 */
export function s3Source(options: S3SourceOptions): ActivitySource {
  const location = parseS3Url(options.url);
  let stats = emptyStats();
  return {
    events() {
      stats = emptyStats();
      return run(location, options, stats);
    },
    stats: () => ({
      ...stats,
      badFiles: [...stats.badFiles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    }),
  };
}

async function* run(
  location: S3Location,
  options: S3SourceOptions,
  stats: ActivityStats,
): AsyncGenerator<Event> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const objects = await listObjects(location, options, concurrency);
  stats.files = objects.length;
  const open = async ({ key, size }: S3Object, signal: AbortSignal): Promise<OpenedInput> => {
    const name = s3Url(location.bucket, key);
    const object = await callAws(
      () =>
        options.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }), {
          abortSignal: signal,
        }),
      {
        operation: 's3 GetObject',
        requiredAction: `s3:GetObject on arn:aws:s3:::${location.bucket}/${location.prefix}* (and kms:Decrypt on the trail's KMS key, if it has one)`,
      },
      options.retry ?? DEFAULT_RETRY,
    );
    const body = object.Body;
    if (body === undefined) throw new InputError(name, 'empty object');
    return {
      file: { name, size, regular: false, format: /\.jsonl(\.gz)?$/i.test(key) ? 'lines' : 'auto' },
      // read-input reads a non-regular input from this stream, as it reads stdin.
      stream: () => body as unknown as NodeJS.ReadableStream,
    };
  };
  yield* readMany(
    objects,
    {
      skipBadFiles: options.skipBadFiles === true,
      concurrency,
      maxInMemoryBytes: options.maxInMemoryBytes ?? DEFAULT_MAX_IN_MEMORY_BYTES,
      record: {},
      size: (o) => o.size,
      open,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    stats,
  );
}

/** The log objects under the location, in the window's day prefixes, sorted by key. */
async function listObjects(
  location: S3Location,
  options: S3SourceOptions,
  concurrency: number,
): Promise<S3Object[]> {
  const { bucket } = location;
  const retry = options.retry ?? DEFAULT_RETRY;
  const list = async (prefix: string, delimiter: boolean, token?: string) =>
    callAws(
      () =>
        options.client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(delimiter ? { Delimiter: '/' } : {}),
            ...(token !== undefined ? { ContinuationToken: token } : {}),
          }),
        ),
      { operation: 's3 ListObjectsV2', requiredAction: `s3:ListBucket on arn:aws:s3:::${bucket}` },
      retry,
    );
  const children = async (prefix: string): Promise<string[]> => {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await list(prefix, true, token);
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix !== undefined) out.push(p.Prefix);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out;
  };
  const days = dayPrefixes(options.days.first, options.days.last);
  const leaves: string[] = [];
  const walk = async (prefix: string): Promise<void> => {
    const level = layoutLevel(prefix);
    switch (level.kind) {
      case 'above-logs':
        return walk(`${prefix}AWSLogs/`);
      case 'logs':
      case 'organisation':
        for (const child of await children(prefix))
          if (isAccountOrOrganisation(child.slice(prefix.length, -1))) await walk(child);
        return;
      case 'account':
        // Only CloudTrail/: CloudTrail-Digest/ and CloudTrail-Insight/ are not API activity.
        return walk(`${prefix}CloudTrail/`);
      case 'cloudtrail':
        for (const region of await children(prefix)) await walk(region);
        return;
      case 'region':
        for (const day of days) leaves.push(prefix + day);
        return;
      case 'inside-region':
        leaves.push(prefix);
    }
  };
  const start =
    location.prefix === '' || location.prefix.endsWith('/') ? location.prefix : `${location.prefix}/`;
  await walk(start);

  const objects: S3Object[] = [];
  await pool(leaves, concurrency, async (prefix) => {
    let token: string | undefined;
    do {
      const page = await list(prefix, false, token);
      for (const o of page.Contents ?? [])
        if (o.Key !== undefined && isLogKey(o.Key)) objects.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  });
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Runs `task` over `items`, `concurrency` at a time. The first failure calls `onFailure` (to abort the
 * tasks running) and starts no more; it is thrown once every running task has let go.
 */
async function pool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
  onFailure?: () => void,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      try {
        await task(items[next++]!);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          onFailure?.();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
