import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { localSource } from '../../src/activity/local-source.js';
import { duckdb, type Dialect } from '../../src/activity/pushdown-dialect.js';
import { decodeRow, type PushdownRow } from '../../src/activity/pushdown-rows.js';
import { pushdownSql, type PushdownQuery } from '../../src/activity/pushdown-sql.js';
import { queryActivitySource, type QuerySource } from '../../src/activity/query-source.js';
import type { Event } from '../../src/model/event.js';

/** The Athena CloudTrail table's shape (the documented DDL), the columns pare reads. */
const TABLE = `CREATE TABLE cloudtrail (
  eventid VARCHAR, eventtime VARCHAR, eventsource VARCHAR, eventname VARCHAR, awsregion VARCHAR,
  eventtype VARCHAR, eventcategory VARCHAR, recipientaccountid VARCHAR, errorcode VARCHAR,
  useridentity STRUCT(type VARCHAR, arn VARCHAR, accountid VARCHAR, principalid VARCHAR, invokedby VARCHAR,
    sessioncontext STRUCT(sessionissuer STRUCT(arn VARCHAR, username VARCHAR))),
  requestparameters VARCHAR, responseelements VARCHAR,
  resources STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[]
)`;

const COLUMNS = `{eventid: 'VARCHAR', eventtime: 'VARCHAR', eventsource: 'VARCHAR', eventname: 'VARCHAR',
  awsregion: 'VARCHAR', eventtype: 'VARCHAR', eventcategory: 'VARCHAR', recipientaccountid: 'VARCHAR',
  errorcode: 'VARCHAR',
  useridentity: 'STRUCT(type VARCHAR, arn VARCHAR, accountid VARCHAR, principalid VARCHAR, invokedby VARCHAR, sessioncontext STRUCT(sessionissuer STRUCT(arn VARCHAR, username VARCHAR)))',
  requestparameters: 'VARCHAR', responseelements: 'VARCHAR',
  resources: 'STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[]'}`;

/** An Event as the table row Athena's SerDe would make of its record. */
export function tableRow(e: Event): Record<string, unknown> {
  const p = e.principal;
  return {
    eventid: e.eventID,
    // CloudTrail's own shape: whole seconds, `Z`.
    eventtime: e.eventTime.endsWith('.000Z') ? `${e.eventTime.slice(0, 19)}Z` : e.eventTime,
    eventsource: e.eventSource,
    eventname: e.eventName,
    awsregion: e.awsRegion,
    eventtype: e.eventType ?? null,
    eventcategory: e.eventCategory ?? null,
    recipientaccountid: e.recipientAccountId ?? null,
    errorcode: e.errorCode ?? null,
    useridentity: {
      type: p.type,
      arn: p.arn ?? null,
      accountid: p.accountId ?? null,
      principalid: p.sessionName !== undefined ? `AROAEXAMPLE:${p.sessionName}` : null,
      invokedby: p.invokedBy ?? null,
      sessioncontext:
        p.roleArn !== undefined ? { sessionissuer: { arn: p.roleArn, username: p.roleName ?? null } } : null,
    },
    requestparameters: e.requestParameters ? JSON.stringify(e.requestParameters) : null,
    responseelements: e.responseElements ? JSON.stringify(e.responseElements) : null,
    resources:
      e.resources?.map((r) => ({
        arn: r.arn ?? null,
        accountid: r.accountId ?? null,
        type: r.type ?? null,
      })) ?? null,
  };
}

export async function readEvents(dirs: readonly string[]): Promise<Event[]> {
  const events: Event[] = [];
  for await (const e of localSource(dirs).events()) events.push(e);
  return events;
}

/** A DuckDB database with the table filled from these rows. */
export async function tableOf(rows: readonly Record<string, unknown>[]): Promise<DuckDBConnection> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(TABLE);
  if (rows.length > 0) {
    const file = join(mkdtempSync(join(tmpdir(), 'pare-duck-')), 'rows.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    await connection.run(
      `INSERT INTO cloudtrail SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = ${COLUMNS})`,
    );
  }
  return connection;
}

export async function runQuery(connection: DuckDBConnection, sql: string): Promise<PushdownRow[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson().map((row) => {
    const out: PushdownRow = {};
    for (const [k, v] of Object.entries(row))
      out[k as keyof PushdownRow] = v === null || v === undefined ? null : String(v);
    return out;
  });
}

/** The duckdb-dialect query over the table, as a source the analysis reads groups from. */
export function duckSource(
  connection: DuckDBConnection,
  query: Omit<PushdownQuery, 'dialect' | 'from'>,
  dialect: Dialect = duckdb,
): QuerySource {
  return queryActivitySource(async function* () {
    const rows = await runQuery(connection, pushdownSql({ ...query, dialect, from: 'cloudtrail' }));
    for (const row of rows) yield decodeRow(row, 'duckdb', 'duckdb');
  });
}
