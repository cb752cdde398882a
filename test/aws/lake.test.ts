import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CloudTrailClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { lakeSource, lakeSql, parseEventDataStore } from '../../src/activity/lake-source.js';
import { loadMappingIndex } from '../../src/data/mappings.js';
import { projections } from '../../src/mapping/projection.js';
import { AwsAccessError, UsageError } from '../../src/errors.js';
import { awsError, collect, fakeRetry } from './helpers.js';

const trail = mockClient(CloudTrailClient);
afterEach(() => trail.reset());

const STORE = 'arn:aws:cloudtrail:eu-west-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';

/** A Lake result row: one `{column: value}` per cell, NULLs left out; nested values as JSON text. */
function row(day: string, events: number): Record<string, string>[] {
  return Object.entries({
    role_arn: 'arn:aws:iam::123456789012:role/service-role/app-role',
    role_name: 'app-role',
    principal_arn: 'arn:aws:sts::123456789012:assumed-role/app-role/app-fn',
    identity_type: 'AssumedRole',
    principal_account: '123456789012',
    event_source: 'dynamodb.amazonaws.com',
    event_name: 'BatchGetItem',
    aws_region: 'eu-west-1',
    recipient_account: '123456789012',
    event_type: 'AwsApiCall',
    event_category: 'Data',
    day,
    request: JSON.stringify({ requestItems: '{"orders":{"keys":[{"id":{"S":"1"}}]}}', limit: '10' }),
    events: String(events),
    records: String(events),
    first_seen: `${day} 01:00:00.000`,
    last_seen: `${day} 02:30:00.000`,
  }).map(([k, v]) => ({ [k]: v }));
}

function source(extra: Partial<Parameters<typeof lakeSource>[0]> = {}) {
  const sleeps: number[] = [];
  const src = lakeSource({
    client: new CloudTrailClient({ region: 'eu-west-1' }),
    eventDataStore: STORE,
    projections: [],
    since: '2026-10-30T00:00:00.000Z',
    until: '2026-11-02T23:59:59.999Z',
    retry: fakeRetry(),
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
  return { src, sleeps };
}

describe('lakeSource', () => {
  it('QUEUED → RUNNING → FINISHED, then pages; Lake times and map values decoded', async () => {
    trail.on(StartQueryCommand).resolves({ QueryId: 'lq-1' });
    trail
      .on(GetQueryResultsCommand)
      .resolvesOnce({ QueryStatus: 'QUEUED' })
      .resolvesOnce({ QueryStatus: 'RUNNING' })
      .resolvesOnce({ QueryStatus: 'FINISHED', QueryResultRows: [row('2026-10-31', 4)], NextToken: 'p2' })
      .resolves({ QueryStatus: 'FINISHED', QueryResultRows: [row('2026-11-01', 1)] });
    const { src, sleeps } = source();
    const groups = await collect(src.groups());
    assert.deepEqual(
      groups.map((g) => [g.count, g.firstSeen, g.lastSeen]),
      [
        [4, '2026-10-31T01:00:00.000Z', '2026-10-31T02:30:00.000Z'],
        [1, '2026-11-01T01:00:00.000Z', '2026-11-01T02:30:00.000Z'],
      ],
    );
    const event = groups[0]?.event;
    assert.equal(event?.principal.roleArn, 'arn:aws:iam::123456789012:role/service-role/app-role');
    assert.deepEqual(event?.requestParameters, {
      requestItems: { orders: { keys: [{ id: { S: '1' } }] } },
      limit: '10',
    });
    assert.deepEqual(sleeps, [250, 500]);
    assert.equal(src.stats().records, 5);
    const sql = trail.commandCalls(StartQueryCommand)[0]?.args[0].input.QueryStatement ?? '';
    assert.match(sql, /FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE\n/);
    // A window spanning months: Lake compares timestamps, no partitions.
    assert.match(
      sql,
      /eventTime >= TIMESTAMP '2026-10-30 00:00:00'\n {2}AND eventTime <= TIMESTAMP '2026-11-02 23:59:59'/,
    );
    const tokens = trail.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken);
    assert.deepEqual(tokens, [undefined, undefined, undefined, 'p2']);
  });

  for (const status of ['FAILED', 'TIMED_OUT', 'CANCELLED'] as const) {
    it(`${status}: one line with Lake's message`, async () => {
      trail.on(StartQueryCommand).resolves({ QueryId: 'lq-2' });
      trail
        .on(GetQueryResultsCommand)
        .resolves({ QueryStatus: status, ErrorMessage: 'Query exceeded limits' });
      await assert.rejects(collect(source().src.groups()), (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.match(
          e.message,
          /^CloudTrail Lake query lq-2 on EXAMPLE-\S+ (failed|timed out|cancelled): Query exceeded limits$/,
        );
        return true;
      });
    });
  }

  it('an empty result (an account with no activity) yields nothing', async () => {
    trail.on(StartQueryCommand).resolves({ QueryId: 'lq-3' });
    trail.on(GetQueryResultsCommand).resolves({ QueryStatus: 'FINISHED', QueryResultRows: [] });
    const { src } = source();
    assert.deepEqual(await collect(src.groups()), []);
    assert.equal(src.stats().records, 0);
  });

  it('AccessDenied names cloudtrail:StartQuery; throttling is retried', async () => {
    trail.on(StartQueryCommand).rejects(awsError('AccessDeniedException', 400));
    await assert.rejects(collect(source().src.groups()), (e: unknown) => {
      assert.ok(e instanceof AwsAccessError);
      assert.equal(e.operation, 'cloudtrail StartQuery');
      assert.match(e.requiredAction, /^cloudtrail:StartQuery on the event data store EXAMPLE-/);
      return true;
    });
    trail.reset();
    trail.on(StartQueryCommand).resolves({ QueryId: 'lq-4' });
    trail
      .on(GetQueryResultsCommand)
      .rejectsOnce(awsError('ThrottlingException', 400))
      .resolves({ QueryStatus: 'FINISHED', QueryResultRows: [row('2026-11-01', 2)] });
    const retry = fakeRetry();
    assert.equal((await collect(source({ retry }).src.groups())).length, 1);
    assert.deepEqual(retry.waits, [100]);
  });

  it('takes an ID or an ARN (whose region it tells), nothing else', () => {
    assert.deepEqual(parseEventDataStore(STORE), {
      id: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE',
      region: 'eu-west-1',
    });
    assert.deepEqual(parseEventDataStore('abc-123'), { id: 'abc-123' });
    for (const bad of ['a b', "x' OR 1=1", 'arn:aws:s3:::bucket', 'x;y'])
      assert.throws(() => parseEventDataStore(bad), UsageError, bad);
  });

  it('fits StartQuery’s 10,000 characters: sources with data events keep their patterns', async () => {
    const all = projections(await loadMappingIndex());
    const roles = ['app-role', 'etl-*', "o'brien"];
    const sql = lakeSql(
      { projections: all, since: '2026-08-01T00:00:00.000Z', until: '2026-11-01T00:00:00.000Z', roles },
      'eds-1',
    );
    assert.ok(sql.length <= 10_000, `${sql.length} characters`);
    for (const p of all.filter((p) => p.dataEvents))
      assert.ok(sql.includes(`'${p.eventSource}'`), p.eventSource);
    // The others fall to the whole object: never less than the mapping reads.
    assert.match(sql, /ELSE '\.\*'/);
    assert.match(sql, /IN \('app-role', 'o''brien'\)/);
  });
});
