import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { callAws, DEFAULT_RETRY, sleep as realSleep } from '../aws/call.js';
import { UsageError } from '../errors.js';
import { dayOf } from '../usage/window.js';
import { partitionPredicates, type TableShape } from './athena-partitions.js';
import { athena } from './pushdown-dialect.js';
import { sqlIdentifier } from './pushdown-quote.js';
import { checkHeader, decodeRow, type PushdownRow } from './pushdown-rows.js';
import { GROUP_COLUMNS, COUNT_COLUMNS, pushdownSql } from './pushdown-sql.js';
import { pollUntilDone, queryActivitySource, type QueryOptions, type QuerySource } from './query-source.js';
import type { EventGroup } from './source.js';

export interface AthenaSourceOptions extends QueryOptions {
  client: AthenaClient;
  /** `DATABASE.TABLE`: the CloudTrail table in the AWS Glue Data Catalog. */
  table: string;
  workgroup?: string;
  /** `s3://bucket/prefix/`: where Athena writes results, when the workgroup does not say. */
  outputLocation?: string;
}

const CATALOG = 'AwsDataCatalog';

/** `--athena-table DB.TABLE`, checked: both parts are Glue names. */
export function parseTable(value: string): { database: string; table: string } {
  const dot = value.indexOf('.');
  const database = value.slice(0, dot);
  const table = value.slice(dot + 1);
  if (dot < 0) throw new UsageError(`--athena-table ${value}: give DATABASE.TABLE`);
  sqlIdentifier(database, '--athena-table database');
  sqlIdentifier(table, '--athena-table table');
  return { database, table };
}

/**
 * A CloudTrail table in Athena as an activity source: one query (pushdown-sql.ts) groups the window's
 * records in Athena, and only the groups come back. GetTableMetadata first, for the date partition to
 * prune by and for whether the table has eventcategory.
 */
export function athenaSource(options: AthenaSourceOptions): QuerySource {
  const { database, table } = parseTable(options.table);
  if (options.outputLocation !== undefined && !/^s3:\/\/[^/\s]+(\/\S*)?$/.test(options.outputLocation))
    throw new UsageError(`--athena-output ${options.outputLocation}: give s3://bucket/prefix/`);
  const retry = options.retry ?? DEFAULT_RETRY;
  const wait = options.sleep ?? realSleep;
  const name = `${database}.${table}`;
  const where = `athena ${name}`;
  const wg = options.workgroup ?? 'primary';
  const output = options.outputLocation ?? "the workgroup's result location";
  return queryActivitySource(async function* (stats) {
    const metadata = await callAws(
      () =>
        options.client.send(
          new GetTableMetadataCommand({
            CatalogName: CATALOG,
            DatabaseName: database,
            TableName: table,
            ...(options.workgroup !== undefined ? { WorkGroup: options.workgroup } : {}),
          }),
        ),
      {
        operation: 'athena GetTableMetadata',
        requiredAction: `athena:GetTableMetadata and glue:GetTable on ${name}`,
      },
      retry,
    );
    const shape: TableShape = {
      columns: (metadata.TableMetadata?.Columns ?? []).map((c) => (c.Name ?? '').toLowerCase()),
      partitionKeys: (metadata.TableMetadata?.PartitionKeys ?? []).map((k) => ({
        name: k.Name ?? '',
        type: k.Type ?? 'string',
      })),
      parameters: metadata.TableMetadata?.Parameters ?? {},
    };
    const sql = athenaSql(options, shape);
    const started = await callAws(
      () =>
        options.client.send(
          new StartQueryExecutionCommand({
            QueryString: sql,
            QueryExecutionContext: { Catalog: CATALOG, Database: database },
            WorkGroup: wg,
            ...(options.outputLocation !== undefined
              ? { ResultConfiguration: { OutputLocation: options.outputLocation } }
              : {}),
          }),
        ),
      {
        operation: 'athena StartQueryExecution',
        requiredAction: `athena:StartQueryExecution on workgroup ${wg}, glue:GetDatabase, glue:GetTable and glue:GetPartitions on ${name}, s3:GetObject and s3:ListBucket on the table's location, s3:PutObject and s3:GetBucketLocation on ${output}`,
      },
      retry,
    );
    const id = started.QueryExecutionId ?? '';
    await pollUntilDone(wait, async () => {
      const execution = await callAws(
        () => options.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
        {
          operation: 'athena GetQueryExecution',
          requiredAction: `athena:GetQueryExecution on workgroup ${wg}`,
        },
        retry,
      );
      const state = execution.QueryExecution?.Status?.State ?? 'QUEUED';
      const reason = execution.QueryExecution?.Status?.StateChangeReason ?? 'no reason given';
      if (state === 'SUCCEEDED') return true;
      if (state === 'FAILED') throw new UsageError(`Athena query ${id} on ${name} failed: ${reason}`);
      if (state === 'CANCELLED') throw new UsageError(`Athena query ${id} on ${name} was cancelled`);
      return false;
    });
    let token: string | undefined;
    let first = true;
    do {
      const page = await callAws(
        () =>
          options.client.send(
            new GetQueryResultsCommand({
              QueryExecutionId: id,
              MaxResults: 1000,
              ...(token !== undefined ? { NextToken: token } : {}),
            }),
          ),
        {
          operation: 'athena GetQueryResults',
          requiredAction: `athena:GetQueryResults on workgroup ${wg} and s3:GetObject on ${output}`,
        },
        retry,
      );
      const rows = page.ResultSet?.Rows ?? [];
      for (const [i, row] of rows.entries()) {
        const cells = (row.Data ?? []).map((d) => d.VarCharValue);
        if (first && i === 0) {
          checkHeader(cells, where);
          continue;
        }
        yield decodeRow(rowOf(cells), 'athena', where) satisfies EventGroup;
        stats.files = 1;
        options.onProgress?.(++stats.rows);
      }
      first = false;
      token = page.NextToken;
    } while (token !== undefined && token !== '');
  });
}

/** The query for a table of that shape. */
export function athenaSql(
  options: Pick<AthenaSourceOptions, 'table' | 'projections' | 'since' | 'until' | 'roles'>,
  shape: TableShape,
): string {
  const { database, table } = parseTable(options.table);
  return pushdownSql({
    dialect: athena,
    from: `${sqlIdentifier(database, 'database')}.${sqlIdentifier(table, 'table')}`,
    projections: options.projections,
    since: options.since,
    until: options.until,
    ...(options.roles !== undefined ? { roles: options.roles } : {}),
    predicates: partitionPredicates(shape, dayOf(options.since), dayOf(options.until)),
    hasEventCategory: shape.columns.length === 0 || shape.columns.includes('eventcategory'),
    title: `CloudTrail usage from ${database}.${table}`,
  });
}

function rowOf(cells: readonly (string | undefined)[]): PushdownRow {
  const row: PushdownRow = {};
  [...GROUP_COLUMNS, ...COUNT_COLUMNS].forEach((c, i) => (row[c] = cells[i] ?? null));
  return row;
}
