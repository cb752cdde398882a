import { GetQueryResultsCommand, StartQueryCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { GetQueryResultsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { callAws, DEFAULT_RETRY, sleep as realSleep } from '../aws/call.js';
import { UsageError } from '../errors.js';
import { lake } from './pushdown-dialect.js';
import { decodeRow, type PushdownRow } from './pushdown-rows.js';
import { COUNT_COLUMNS, GROUP_COLUMNS, pushdownSql, type PushdownColumn } from './pushdown-sql.js';
import { pollUntilDone, queryActivitySource, type QueryOptions, type QuerySource } from './query-source.js';

export interface LakeSourceOptions extends QueryOptions {
  /** The CloudTrail client in the event data store's region. */
  client: CloudTrailClient;
  /** `--lake`: the event data store's ID or ARN. */
  eventDataStore: string;
}

const EDS_ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):eventdatastore\/([A-Za-z0-9-]{3,128})$/;
const EDS_ID = /^[A-Za-z0-9-]{3,128}$/;

/** `--lake ID|ARN` → the ID (what FROM takes) and, from an ARN, the region. */
export function parseEventDataStore(value: string): { id: string; region?: string } {
  const arn = EDS_ARN.exec(value);
  if (arn !== null) return { id: arn[3] ?? '', region: arn[1] ?? '' };
  if (EDS_ID.test(value)) return { id: value };
  throw new UsageError(
    `--lake ${value}: not an event data store ID or ARN (arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID)`,
  );
}

/**
 * A CloudTrail Lake event data store as an activity source: StartQuery with the pushdown SQL, then
 * GetQueryResults, which reports the status until the query has FINISHED and then pages the rows.
 */
export function lakeSource(options: LakeSourceOptions): QuerySource {
  const { id } = parseEventDataStore(options.eventDataStore);
  const retry = options.retry ?? DEFAULT_RETRY;
  const wait = options.sleep ?? realSleep;
  const where = `CloudTrail Lake ${id}`;
  const resultsAction = `cloudtrail:GetQueryResults on the event data store ${id}`;
  return queryActivitySource(async function* (stats) {
    const sql = lakeSql(options, id);
    const started = await callAws(
      () => options.client.send(new StartQueryCommand({ QueryStatement: sql })),
      {
        operation: 'cloudtrail StartQuery',
        requiredAction: `cloudtrail:StartQuery on the event data store ${id}`,
      },
      retry,
    );
    const queryId = started.QueryId ?? '';
    const page = async (token?: string): Promise<GetQueryResultsCommandOutput> =>
      callAws(
        () =>
          options.client.send(
            new GetQueryResultsCommand({
              QueryId: queryId,
              MaxQueryResults: 1000,
              ...(token !== undefined ? { NextToken: token } : {}),
            }),
          ),
        { operation: 'cloudtrail GetQueryResults', requiredAction: resultsAction },
        retry,
      );
    let current: GetQueryResultsCommandOutput | undefined;
    await pollUntilDone(wait, async () => {
      current = await page();
      const status = current.QueryStatus ?? 'QUEUED';
      if (status === 'FINISHED') return true;
      if (status === 'FAILED' || status === 'CANCELLED' || status === 'TIMED_OUT')
        throw new UsageError(
          `CloudTrail Lake query ${queryId} on ${id} ${status.toLowerCase().replace('_', ' ')}: ${current.ErrorMessage ?? 'no reason given'}`,
        );
      return false;
    });
    while (current !== undefined) {
      for (const cells of current.QueryResultRows ?? []) {
        yield decodeRow(rowOf(cells), 'lake', where);
        stats.files = 1;
        options.onProgress?.(++stats.rows);
      }
      const token = current.NextToken;
      current = token !== undefined && token !== '' ? await page(token) : undefined;
    }
  });
}

export function lakeSql(
  options: Pick<LakeSourceOptions, 'projections' | 'since' | 'until' | 'roles'>,
  id: string,
): string {
  return pushdownSql({
    dialect: lake,
    from: id,
    projections: options.projections,
    since: options.since,
    until: options.until,
    ...(options.roles !== undefined ? { roles: options.roles } : {}),
    title: `CloudTrail usage from event data store ${id}`,
  });
}

/** Lake gives each cell as `{column: value}`; a NULL has no cell. */
function rowOf(cells: readonly Record<string, string>[]): PushdownRow {
  const known = new Set<string>([...GROUP_COLUMNS, ...COUNT_COLUMNS]);
  const row: PushdownRow = {};
  for (const cell of cells)
    for (const [k, v] of Object.entries(cell)) if (known.has(k)) row[k as PushdownColumn] = v;
  return row;
}
