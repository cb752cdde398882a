import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { athenaSql } from '../../src/activity/athena-source.js';
import { lakeSql } from '../../src/activity/lake-source.js';
import { loadMappingIndex } from '../../src/data/mappings.js';
import { projections } from '../../src/mapping/projection.js';
import { readEvents } from './duckdb.js';

/**
 * The queries for the bundled example, as a reader sees them: `UPDATE_GOLDEN=1` rewrites the files.
 * The projections are cut to the example's eventSources to keep the text short; a real run lists
 * every source the mapping knows.
 */
const DIR = 'test/fixtures/pushdown';

async function exampleQuery(): Promise<{
  projections: ReturnType<typeof projections>;
  since: string;
  until: string;
  roles: string[];
}> {
  const sources = new Set((await readEvents(['examples/wild-rydes/logs'])).map((e) => e.eventSource));
  return {
    projections: projections(await loadMappingIndex()).filter((p) => sources.has(p.eventSource)),
    since: '2026-08-31T00:00:00.000Z',
    until: '2026-11-28T23:59:59.999Z',
    roles: ['wild-rydes-order-processor', 'wild-rydes-data-*'],
  };
}

function golden(file: string, text: string): void {
  const path = `${DIR}/${file}`;
  if (process.env['UPDATE_GOLDEN']) writeFileSync(path, text);
  assert.equal(text, readFileSync(path, 'utf8'), `${path} (UPDATE_GOLDEN=1 rewrites it)`);
}

describe('pushdown SQL for the example', () => {
  it('athena: an organization trail table with partition projection on timestamp', async () => {
    const q = await exampleQuery();
    const sql = athenaSql(
      { ...q, table: 'security.cloudtrail_org' },
      {
        columns: ['eventid', 'eventtime', 'eventcategory'],
        partitionKeys: [
          { name: 'account', type: 'string' },
          { name: 'region', type: 'string' },
          { name: 'timestamp', type: 'string' },
        ],
        parameters: { 'projection.enabled': 'true', 'projection.timestamp.format': 'yyyy/MM/dd' },
      },
    );
    golden('wild-rydes.athena.sql', sql);
  });

  it('lake: an event data store by ARN', async () => {
    const q = await exampleQuery();
    golden('wild-rydes.lake.sql', lakeSql(q, 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE'));
  });
});
