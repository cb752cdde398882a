import { athenaSource } from '../activity/athena-source.js';
import { lakeSource, parseEventDataStore } from '../activity/lake-source.js';
import { localSource } from '../activity/local-source.js';
import { LOOKUP_EVENTS_WARNING, lookupEventsSource } from '../activity/lookup-events-source.js';
import { s3Source } from '../activity/s3-source.js';
import type { ActivitySource } from '../activity/source.js';
import { awsClients, type AwsSettings } from '../aws/clients.js';
import { loadMappingIndex } from '../data/mappings.js';
import { UsageError } from '../errors.js';
import { projections } from '../mapping/projection.js';
import { addDays, dayOf, fixedBounds, type WindowSpec } from '../usage/window.js';
import { regionsToRead } from '../aws/regions.js';

/** Where `analyze` reads activity: exactly one of these. */
export interface ActivityChoice {
  logs: string[];
  /** `s3://bucket[/prefix/]`: the trail's bucket. */
  s3?: string;
  lookupEvents?: boolean;
  /** `DATABASE.TABLE`: a CloudTrail table in Athena. */
  athenaTable?: string;
  athenaWorkgroup?: string;
  /** `s3://bucket/prefix/` for Athena's results, when the workgroup has no result location. */
  athenaOutput?: string;
  /** A CloudTrail Lake event data store, ID or ARN. */
  lake?: string;
  /** `--role` values, pushed into the Athena and Lake queries. */
  roles?: readonly string[];
  /** For LookupEvents; default: every region enabled in the account. */
  regions?: string[];
  aws?: AwsSettings;
  window: WindowSpec;
  /** Today (YYYY-MM-DD, UTC): where an open-ended window ends when listing S3 or asking LookupEvents. */
  today: string;
  skipBadFiles: boolean;
  stdin?: NodeJS.ReadableStream;
  onBytes: (done: number, total: number) => void;
  /** Result rows fetched from Athena or Lake. */
  onRows?: (rows: number) => void;
  warn: (message: string) => void;
}

export async function chooseActivitySource(choice: ActivityChoice): Promise<ActivitySource> {
  const chosen = [
    choice.logs.length > 0,
    choice.s3 !== undefined,
    choice.lookupEvents === true,
    choice.athenaTable !== undefined,
    choice.lake !== undefined,
  ].filter(Boolean);
  if (chosen.length === 0)
    throw new UsageError(
      'analyze needs an activity source: --logs PATH..., --s3 s3://bucket/prefix, --lookup-events, --athena-table DB.TABLE or --lake EVENT_DATA_STORE',
    );
  if (chosen.length > 1)
    throw new UsageError(
      'analyze takes one activity source: --logs, --s3, --lookup-events, --athena-table or --lake, not several',
    );
  if ((choice.athenaWorkgroup !== undefined || choice.athenaOutput !== undefined) && !choice.athenaTable)
    throw new UsageError('--athena-workgroup and --athena-output are for --athena-table');
  if (choice.regions !== undefined && choice.lookupEvents !== true)
    throw new UsageError('--regions is for --lookup-events (--s3 reads every region under the prefix)');
  if (choice.logs.length > 0)
    return localSource(choice.logs, {
      skipBadFiles: choice.skipBadFiles,
      ...(choice.stdin ? { stdin: choice.stdin } : {}),
      onProgress: (p) => choice.onBytes(p.bytesDone, p.bytesTotal),
    });
  const aws = awsClients(choice.aws ?? {});
  const { since, until } = bounds(choice.window, choice.today);
  if (choice.s3 !== undefined) {
    // A file delivered just after midnight UTC holds the day before's last minutes: list one day more.
    const last = dayOf(until) < choice.today ? addDays(dayOf(until), 1) : choice.today;
    return s3Source({
      client: aws.s3(),
      url: choice.s3,
      days: { first: dayOf(since), last },
      skipBadFiles: choice.skipBadFiles,
      onProgress: (p) => choice.onBytes(p.bytesDone, p.bytesTotal),
    });
  }
  if (choice.athenaTable !== undefined || choice.lake !== undefined) {
    const shared = {
      projections: projections(await loadMappingIndex()),
      since,
      until,
      ...(choice.roles !== undefined && choice.roles.length > 0 ? { roles: choice.roles } : {}),
      ...(choice.onRows !== undefined ? { onProgress: choice.onRows } : {}),
    };
    if (choice.athenaTable !== undefined)
      return athenaSource({
        ...shared,
        client: aws.athena(),
        table: choice.athenaTable,
        ...(choice.athenaWorkgroup !== undefined ? { workgroup: choice.athenaWorkgroup } : {}),
        ...(choice.athenaOutput !== undefined ? { outputLocation: choice.athenaOutput } : {}),
      });
    const store = parseEventDataStore(choice.lake ?? '');
    return lakeSource({
      ...shared,
      client: aws.cloudTrail(store.region ?? (await aws.defaultRegion())),
      eventDataStore: choice.lake ?? '',
    });
  }
  const regions = await regionsToRead(aws, choice.regions);
  choice.warn(LOOKUP_EVENTS_WARNING);
  const open = choice.window.until === 'end-of-data';
  return lookupEventsSource({
    clientFor: (region) => aws.cloudTrail(region),
    regions,
    startTime: new Date(since),
    ...(open ? {} : { endTime: new Date(until) }),
  });
}

/**
 * The window's bounds before reading. An open end (the default, the last event in the data) is today
 * for the AWS sources: the last `days` days up to today are listed, and the usage window still ends
 * with the last event found, as for local files.
 */
function bounds(window: WindowSpec, today: string): { since: string; until: string } {
  const fixed = fixedBounds(window);
  const until = fixed.until ?? `${today}T23:59:59.999Z`;
  if (fixed.since !== undefined) return { since: fixed.since, until };
  const days = 'days' in window.since ? window.since.days : 90;
  return { since: `${addDays(dayOf(until), 1 - days)}T00:00:00.000Z`, until };
}
