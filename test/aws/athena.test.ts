import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  type Row,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { athenaSource } from '../../src/activity/athena-source.js';
import { COUNT_COLUMNS, GROUP_COLUMNS, type PushdownColumn } from '../../src/activity/pushdown-sql.js';
import { AwsAccessError, UsageError } from '../../src/errors.js';
import { awsError, collect, fakeRetry } from './helpers.js';

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());

const COLUMNS = [...GROUP_COLUMNS, ...COUNT_COLUMNS];
const header: Row = { Data: COLUMNS.map((c) => ({ VarCharValue: c })) };

/** A result row of one role's DynamoDB GetItem calls on a day. */
function row(day: string, events: number, records = events): Row {
  const values: Partial<Record<PushdownColumn, string>> = {
    role_arn: 'arn:aws:iam::123456789012:role/app-role',
    role_name: 'app-role',
    principal_arn: 'arn:aws:sts::123456789012:assumed-role/app-role/app-fn',
    identity_type: 'AssumedRole',
    principal_account: '123456789012',
    event_source: 'dynamodb.amazonaws.com',
    event_name: 'GetItem',
    aws_region: 'us-east-1',
    recipient_account: '123456789012',
    event_type: 'AwsApiCall',
    event_category: 'Data',
    day,
    request: '{"tableName":"orders"}',
    events: String(events),
    records: String(records),
    first_seen: `${day}T01:00:00Z`,
    last_seen: `${day}T02:00:00Z`,
  };
  // Athena leaves VarCharValue out for NULL.
  return { Data: COLUMNS.map((c) => (values[c] === undefined ? {} : { VarCharValue: values[c] })) };
}

const metadata = (partitionKeys: { Name: string; Type: string }[], parameters = {}) => ({
  TableMetadata: {
    Name: 'cloudtrail',
    TableType: 'EXTERNAL_TABLE',
    Columns: [
      { Name: 'eventid', Type: 'string' },
      { Name: 'eventcategory', Type: 'string' },
    ],
    PartitionKeys: partitionKeys,
    Parameters: parameters,
  },
});

function source(extra: Partial<Parameters<typeof athenaSource>[0]> = {}) {
  const sleeps: number[] = [];
  const src = athenaSource({
    client: new AthenaClient({ region: 'us-east-1' }),
    table: 'security.cloudtrail',
    workgroup: 'audit',
    outputLocation: 's3://results-bucket/pare/',
    projections: [],
    since: '2026-11-01T00:00:00.000Z',
    until: '2026-11-02T23:59:59.999Z',
    retry: fakeRetry(),
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
  return { src, sleeps };
}

const sentSql = (): string =>
  athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString ?? '';

describe('athenaSource', () => {
  it('queued → running → succeeded, three pages of results (the header first), groups decoded', async () => {
    athena
      .on(GetTableMetadataCommand)
      .resolves(
        metadata([{ Name: 'timestamp', Type: 'string' }], { 'projection.timestamp.format': 'yyyy/MM/dd' }),
      );
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({ ResultSet: { Rows: [header, row('2026-11-01', 3)] }, NextToken: 't1' })
      .resolvesOnce({ ResultSet: { Rows: [row('2026-11-02', 2, 3)] }, NextToken: 't2' })
      .resolves({ ResultSet: { Rows: [row('2026-11-02', 1)] } });
    const { src, sleeps } = source();
    const groups = await collect(src.groups());
    assert.deepEqual(
      groups.map((g) => [g.count, g.records, g.firstSeen, g.lastSeen]),
      [
        [3, 3, '2026-11-01T01:00:00.000Z', '2026-11-01T02:00:00.000Z'],
        [2, 3, '2026-11-02T01:00:00.000Z', '2026-11-02T02:00:00.000Z'],
        [1, 1, '2026-11-02T01:00:00.000Z', '2026-11-02T02:00:00.000Z'],
      ],
    );
    const event = groups[0]?.event;
    assert.equal(event?.principal.roleName, 'app-role');
    assert.equal(event?.principal.sessionName, 'app-fn');
    assert.deepEqual(event?.requestParameters, { tableName: 'orders' });
    assert.equal(event?.eventCategory, 'Data');
    assert.equal(src.stats().records, 7);
    assert.deepEqual(sleeps, [250, 500]);
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    assert.equal(start?.WorkGroup, 'audit');
    assert.deepEqual(start?.QueryExecutionContext, { Catalog: 'AwsDataCatalog', Database: 'security' });
    assert.deepEqual(start?.ResultConfiguration, { OutputLocation: 's3://results-bucket/pare/' });
    assert.match(sentSql(), /"timestamp" BETWEEN '2026\/11\/01' AND '2026\/11\/03'/);
    assert.match(sentSql(), /FROM "security"\."cloudtrail"/);
    const pages = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken);
    assert.deepEqual(pages, [undefined, 't1', 't2']);
  });

  it('FAILED: one line with the reason', async () => {
    athena.on(GetTableMetadataCommand).resolves(metadata([]));
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: "COLUMN_NOT_FOUND: line 9: Column 'eventcategory' cannot be resolved",
        },
      },
    });
    await assert.rejects(collect(source().src.groups()), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /^Athena query q-2 on security\.cloudtrail failed: COLUMN_NOT_FOUND/);
      return true;
    });
  });

  it('CANCELLED: one line', async () => {
    athena.on(GetTableMetadataCommand).resolves(metadata([]));
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'CANCELLED' } } });
    await assert.rejects(
      collect(source().src.groups()),
      /Athena query q-3 on security.cloudtrail was cancelled/,
    );
  });

  it('throttling, then success; an empty result (no activity) yields nothing', async () => {
    athena.on(GetTableMetadataCommand).resolves(metadata([]));
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(awsError('ThrottlingException', 400))
      .resolves({ QueryExecutionId: 'q-4' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [header] } });
    const retry = fakeRetry();
    const { src } = source({ retry });
    assert.deepEqual(await collect(src.groups()), []);
    assert.deepEqual(retry.waits, [100]);
    assert.equal(src.stats().records, 0);
    // No partition keys: only the eventtime filter.
    assert.doesNotMatch(sentSql(), /BETWEEN/);
  });

  it('AccessDenied names the operation and the actions to grant', async () => {
    athena.on(GetTableMetadataCommand).resolves(metadata([]));
    athena.on(StartQueryExecutionCommand).rejects(awsError('AccessDeniedException', 400));
    await assert.rejects(collect(source().src.groups()), (e: unknown) => {
      assert.ok(e instanceof AwsAccessError);
      assert.equal(e.operation, 'athena StartQueryExecution');
      assert.match(
        e.requiredAction,
        /^athena:StartQueryExecution on workgroup audit, glue:GetDatabase, glue:GetTable/,
      );
      assert.match(e.requiredAction, /s3:PutObject .* on s3:\/\/results-bucket\/pare\//);
      return true;
    });
    athena.reset();
    athena.on(GetTableMetadataCommand).rejects(awsError('AccessDeniedException', 400));
    await assert.rejects(
      collect(source().src.groups()),
      /athena:GetTableMetadata and glue:GetTable on security.cloudtrail/,
    );
  });

  it('year/month/day partitions over a window spanning months: one clause per month', async () => {
    athena.on(GetTableMetadataCommand).resolves(
      metadata([
        { Name: 'region', Type: 'string' },
        { Name: 'year', Type: 'string' },
        { Name: 'month', Type: 'string' },
        { Name: 'day', Type: 'string' },
      ]),
    );
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-5' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [header] } });
    const { src } = source({ since: '2026-10-30T00:00:00.000Z', until: '2026-11-01T10:00:00.000Z' });
    await collect(src.groups());
    const sql = sentSql();
    assert.match(sql, /\("year" = '2026' AND "month" = '10' AND "day" IN \('30', '31'\)\)/);
    assert.match(sql, /OR \("year" = '2026' AND "month" = '11' AND "day" IN \('01', '02'\)\)/);
    assert.match(sql, /eventtime >= '2026-10-30T00:00:00Z'/);
    assert.match(sql, /eventtime <= '2026-11-01T10:00:00Z'/);
  });

  it('refuses a table name that is not DATABASE.TABLE of Glue names, and a bad output location', () => {
    for (const table of ['cloudtrail', 'db.ta"ble', 'db.t;drop', '.t'])
      assert.throws(() => source({ table }), UsageError, table);
    assert.throws(() => source({ outputLocation: 'bucket/prefix' }), UsageError);
  });
});
