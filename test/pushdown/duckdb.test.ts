import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { duckdb, type Dialect } from '../../src/activity/pushdown-dialect.js';
import { loadMappingIndex } from '../../src/data/mappings.js';
import { runAnalyze } from '../../src/app/analyze.js';
import { projections } from '../../src/mapping/projection.js';
import { DEFAULT_WINDOW, type WindowSpec } from '../../src/usage/window.js';
import { readTree } from '../helpers/analyze.js';
import { tempDir } from '../helpers/cli.js';
import { duckSource, readEvents, tableOf, tableRow } from './duckdb.js';

const WIDE = { since: '2000-01-01T00:00:00.000Z', until: '2099-12-31T23:59:59.999Z' };

async function both(
  account: string,
  options: {
    window?: WindowSpec;
    since?: string;
    until?: string;
    roles?: string[];
    dialect?: Dialect;
  } = {},
): Promise<{ local: Map<string, string>; pushed: Map<string, string>; groups: number; records: number }> {
  const window = options.window ?? DEFAULT_WINDOW;
  const roles = options.roles ?? [];
  const base = {
    iam: [join(account, 'iam.json')],
    lambda: [join(account, 'lambda.json')],
    window,
    selection: { roles, functions: [] },
    perFunction: false,
    skipBadFiles: false,
  };
  const localOut = join(tempDir(), 'local');
  await runAnalyze({ ...base, logs: [join(account, 'logs')], out: localOut });
  const events = await readEvents([join(account, 'logs')]);
  const connection = await tableOf(events.map(tableRow));
  const source = duckSource(
    connection,
    {
      projections: projections(await loadMappingIndex()),
      since: options.since ?? WIDE.since,
      until: options.until ?? WIDE.until,
      roles,
    },
    options.dialect,
  );
  let groups = 0;
  const counting = {
    ...source,
    async *groups() {
      for await (const g of source.groups()) {
        groups++;
        yield g;
      }
    },
  };
  const pushedOut = join(tempDir(), 'pushed');
  // The same --logs value, so that the manifest and the report's footer name the same input.
  await runAnalyze({ ...base, logs: [join(account, 'logs')], out: pushedOut, source: counting });
  return { local: readTree(localOut), pushed: readTree(pushedOut), groups, records: events.length };
}

/** Equal texts; else the first difference, with some context (report.html is large). */
function assertSame(actual: string | undefined, expected: string, name: string): void {
  if (actual === expected) return;
  const a = actual ?? '';
  let i = 0;
  while (i < a.length && a[i] === expected[i]) i++;
  assert.fail(
    `${name} differs at ${i}: ${JSON.stringify(a.slice(i - 80, i + 120))}\nexpected ${JSON.stringify(expected.slice(i - 80, i + 120))}`,
  );
}

describe('pushdown SQL run in DuckDB', () => {
  it('wild-rydes: the same policies, findings, diffs and usage as --logs, from far fewer rows', async () => {
    const { local, pushed, groups, records } = await both('examples/wild-rydes');
    assert.deepEqual([...pushed.keys()], [...local.keys()]);
    for (const [name, text] of local) assertSame(pushed.get(name), text, name);
    // Each S3 key, log stream and shard iterator is a resource of its own; the rest groups well.
    assert.ok(groups < records * 0.75, `${groups} groups for ${records} records`);
  });

  it('with a length limit (as for Lake): one cased map_filter, whole objects where patterns do not fit', async () => {
    const { local, pushed } = await both('examples/wild-rydes', {
      dialect: { ...duckdb, maxLength: 10_000 },
    });
    for (const [name, text] of local) assertSame(pushed.get(name), text, name);
  });

  it('an org trail with overlapping copies: duplicates count once, and are counted', async () => {
    const { local, pushed } = await both('test/fixtures/accounts/unseen');
    for (const [name, text] of local) assertSame(pushed.get(name), text, name);
    const usage = JSON.parse(local.get('usage.json') ?? '{}') as { counts: { duplicates: number } };
    assert.ok(usage.counts.duplicates > 0);
  });

  it('a fixed window: the same policies and findings; only the records outside it are not read', async () => {
    const since = '2026-11-05T00:00:00.000Z';
    const until = '2026-11-15T12:30:00.000Z';
    const { local, pushed } = await both('examples/wild-rydes', {
      window: { since: { at: since }, until: { at: until } },
      since,
      until,
    });
    for (const [name, text] of local) {
      if (name === 'usage.json' || name === 'report.html' || name === 'summary.json') continue;
      assertSame(pushed.get(name), text, name);
    }
    const counts = (text: string | undefined): Record<string, number> => {
      const usage = JSON.parse(text ?? '{}') as { counts: Record<string, number> };
      return usage.counts;
    };
    const a = counts(local.get('usage.json'));
    const b = counts(pushed.get('usage.json'));
    assert.equal(b['inWindow'], a['inWindow']);
    assert.equal(b['outsideWindow'], 0);
    assert.equal(b['records'], (a['records'] ?? 0) - (a['outsideWindow'] ?? 0));
    const strip = (text: string | undefined): unknown => ({
      ...(JSON.parse(text ?? '{}') as object),
      counts: 0,
    });
    assert.deepEqual(strip(pushed.get('usage.json')), strip(local.get('usage.json')));
  });

  it('--role pushed down (a name and a glob): the same policies and findings for those roles', async () => {
    const roles = ['wild-rydes-order-processor', 'wild-rydes-data-*'];
    const { local, pushed } = await both('examples/wild-rydes', { roles });
    const kept = [...local.keys()].filter((n) => /^(policies|diffs)\//.test(n));
    assert.ok(kept.length >= 3);
    for (const name of kept) assertSame(pushed.get(name), local.get(name) ?? '', name);
    // Findings about the selected roles; posture findings on others (a shared role's functions' used
    // actions) see only what the query returned.
    const about = (text: string | undefined): unknown[] =>
      (JSON.parse(text ?? '[]') as { role?: string }[]).filter(
        (f) => f.role === 'wild-rydes-order-processor' || f.role?.startsWith('wild-rydes-data-'),
      );
    const findings = about(local.get('findings.json'));
    assert.ok(findings.length > 0);
    assert.deepEqual(about(pushed.get('findings.json')), findings);
  });
});
