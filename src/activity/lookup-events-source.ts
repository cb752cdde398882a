import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { callAws, DEFAULT_RETRY, type RetryPolicy } from '../aws/call.js';
import { systemClock, TokenBucket, type Clock } from '../aws/rate-limit.js';
import { InputError } from '../errors.js';
import type { Event } from '../model/event.js';
import { isProblem, normaliseRecord } from './normalise.js';
import { emptyStats, type ActivitySource, type ActivityStats } from './source.js';

export interface LookupEventsOptions {
  /** The CloudTrail client of a region (LookupEvents reads one region's event history). */
  clientFor(region: string): CloudTrailClient;
  regions: readonly string[];
  /** The window's bounds, pushed into the request; absent: CloudTrail's default (its 90 days, to now). */
  startTime?: Date;
  endTime?: Date;
  /** Time for the rate limit and the retry waits; tests pass a fake. */
  clock?: Clock;
  retry?: RetryPolicy;
  onProgress?: (records: number) => void;
}

/** What `pare analyze --lookup-events` tells the user on stderr. */
export const LOOKUP_EVENTS_WARNING =
  'LookupEvents returns management events only: data-plane actions (s3:GetObject, dynamodb:GetItem, lambda:Invoke, …) are reported as not observable, not as unused';

/**
 * LookupEvents' documented limit: 2 requests per second per account and region. A burst of 1 spaces
 * requests 500 ms apart, so no second-long span ever holds a third.
 */
const REQUESTS_PER_SECOND = 2;

/**
 * CloudTrail's event history (LookupEvents) as an activity source: each region in turn, page by page
 * (NextToken), at most 2 requests per second per region, each `CloudTrailEvent` through
 * `normaliseRecord` like any record. Management events only: with no data event in the stream the
 * usage model's dataEventSources stays empty, so data-plane actions come out "not observable".
 */
export function lookupEventsSource(
  options: LookupEventsOptions,
): ActivitySource & { readonly managementEventsOnly: true } {
  let stats = emptyStats();
  return {
    managementEventsOnly: true,
    events() {
      stats = emptyStats();
      return run(options, stats);
    },
    stats: () => ({ ...stats, badFiles: [...stats.badFiles] }),
  };
}

async function* run(options: LookupEventsOptions, stats: ActivityStats): AsyncGenerator<Event> {
  const clock = options.clock ?? systemClock;
  const retry = options.retry ?? { ...DEFAULT_RETRY, sleep: (ms: number) => clock.sleep(ms) };
  for (const region of options.regions) {
    const client = options.clientFor(region);
    const bucket = new TokenBucket(REQUESTS_PER_SECOND, 1, clock);
    const name = `LookupEvents ${region}`;
    stats.files++;
    let token: string | undefined;
    let page = 0;
    do {
      page++;
      const response = await callAws(
        async () => {
          await bucket.take();
          return client.send(
            new LookupEventsCommand({
              MaxResults: 50,
              ...(options.startTime !== undefined ? { StartTime: options.startTime } : {}),
              ...(options.endTime !== undefined ? { EndTime: options.endTime } : {}),
              ...(token !== undefined ? { NextToken: token } : {}),
            }),
          );
        },
        {
          operation: 'cloudtrail LookupEvents',
          requiredAction: `cloudtrail:LookupEvents in ${region} (resource *)`,
        },
        retry,
      );
      for (const entry of response.Events ?? []) {
        if (entry.CloudTrailEvent === undefined) continue;
        stats.bytes += Buffer.byteLength(entry.CloudTrailEvent);
        const event = normaliseRecord({ CloudTrailEvent: entry.CloudTrailEvent });
        if (isProblem(event))
          throw new InputError(name, event.problem, `page ${page}, event ${entry.EventId ?? '?'}`);
        stats.records++;
        yield event;
      }
      options.onProgress?.(stats.records);
      token = response.NextToken;
    } while (token !== undefined && token !== '');
  }
}
