import assert from 'node:assert/strict';
import { join } from 'node:path';
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
import { duckdb } from '../../src/activity/pushdown-dialect.js';
import { COUNT_COLUMNS, GROUP_COLUMNS, pushdownSql } from '../../src/activity/pushdown-sql.js';
import { chooseActivitySource } from '../../src/app/activity-source.js';
import { runAnalyze } from '../../src/app/analyze.js';
import { loadMappingIndex } from '../../src/data/mappings.js';
import { UsageError } from '../../src/errors.js';
import { projections } from '../../src/mapping/projection.js';
import { DEFAULT_WINDOW } from '../../src/usage/window.js';
import { readTree } from '../helpers/analyze.js';
import { tempDir } from '../helpers/cli.js';
import { readEvents, runQuery, tableOf, tableRow } from './duckdb.js';

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());

const ACCOUNT = 'examples/wild-rydes';
const COLUMNS = [...GROUP_COLUMNS, ...COUNT_COLUMNS];

describe('analyze --athena-table', () => {
  it('runs end to end through the Athena API and writes what --logs writes', async () => {
    const since = '2026-08-31T00:00:00.000Z';
    const until = '2026-11-28T23:59:59.999Z';
    const connection = await tableOf((await readEvents([join(ACCOUNT, 'logs')])).map(tableRow));
    const sql = pushdownSql({
      dialect: duckdb,
      from: 'cloudtrail',
      projections: projections(await loadMappingIndex()),
      since,
      until,
    });
    const rows: Row[] = (await runQuery(connection, sql)).map((r) => ({
      Data: COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? {} : { VarCharValue: r[c] })),
    }));
    const header: Row = { Data: COLUMNS.map((c) => ({ VarCharValue: c })) };
    const pages = [[header, ...rows.slice(0, 1000)], rows.slice(1000)];
    athena.on(GetTableMetadataCommand).resolves({ TableMetadata: { Name: 'cloudtrail', Columns: [] } });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({ ResultSet: { Rows: pages[0] }, NextToken: 'n' })
      .resolves({ ResultSet: { Rows: pages[1] } });

    const base = {
      iam: [join(ACCOUNT, 'iam.json')],
      lambda: [join(ACCOUNT, 'lambda.json')],
      window: DEFAULT_WINDOW,
      selection: { roles: [], functions: [] },
      perFunction: false,
      skipBadFiles: false,
    };
    const localOut = join(tempDir(), 'local');
    await runAnalyze({ ...base, logs: [join(ACCOUNT, 'logs')], out: localOut });
    const athenaOut = join(tempDir(), 'athena');
    await runAnalyze({
      ...base,
      logs: [],
      athenaTable: 'security.cloudtrail',
      aws: { region: 'us-east-1' },
      today: '2026-11-28',
      out: athenaOut,
    });
    const sent = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString ?? '';
    assert.match(sent, /eventtime >= '2026-08-31T00:00:00Z'/);
    const local = readTree(localOut);
    const pushed = readTree(athenaOut);
    // The 17 records of July are outside the 90 days: the query does not return them at all.
    for (const name of local.keys()) {
      if (/^(pare|summary|usage)\.json$|^report\.html$/.test(name)) continue;
      assert.equal(pushed.get(name), local.get(name), name);
    }
    const roles = (text: string | undefined): unknown =>
      (JSON.parse(text ?? '{}') as { roles: unknown }).roles;
    assert.deepEqual(roles(pushed.get('usage.json')), roles(local.get('usage.json')));
    assert.match(pushed.get('pare.json') ?? '', /"athena": \{\s+"table": "security.cloudtrail"/);
  });

  it('one activity source at a time; the Athena options need --athena-table', async () => {
    const choice = {
      logs: [],
      window: DEFAULT_WINDOW,
      today: '2026-11-28',
      skipBadFiles: false,
      onBytes: () => {},
      warn: () => {},
    };
    await assert.rejects(
      chooseActivitySource({ ...choice, athenaTable: 'db.t', lake: 'abc-123' }),
      (e: unknown) => e instanceof UsageError && /one activity source/.test(e.message),
    );
    await assert.rejects(
      chooseActivitySource({ ...choice, logs: ['x'], lake: 'abc-123' }),
      /one activity source/,
    );
    await assert.rejects(
      chooseActivitySource({ ...choice, lake: 'abc-123', athenaWorkgroup: 'wg' }),
      /--athena-workgroup and --athena-output are for --athena-table/,
    );
    await assert.rejects(chooseActivitySource(choice), /--athena-table DB.TABLE or --lake/);
  });
});
