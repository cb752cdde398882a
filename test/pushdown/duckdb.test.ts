import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
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
    /** Logs other than the account's own, read with its iam.json and lambda.json. */
    logs?: string;
  } = {},
): Promise<{
  local: Map<string, string>;
  pushed: Map<string, string>;
  groups: number;
  folded: number;
  records: number;
}> {
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
  const logs = options.logs ?? join(account, 'logs');
  const localOut = join(tempDir(), 'local');
  await runAnalyze({ ...base, logs: [logs], out: localOut });
  const events = await readEvents([logs]);
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
  let folded = 0;
  const counting = {
    ...source,
    async *groups() {
      for await (const g of source.groups()) {
        groups++;
        if (g.foldedKeys !== undefined) folded++;
        yield g;
      }
    },
  };
  const pushedOut = join(tempDir(), 'pushed');
  // The same --logs value, so that the manifest and the report's footer name the same input.
  await runAnalyze({ ...base, logs: [logs], out: pushedOut, source: counting });
  return { local: readTree(localOut), pushed: readTree(pushedOut), groups, folded, records: events.length };
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

const ROLE = 'wild-rydes-data-lake-dev-us-east-1-lambdaRole';
const BUCKET = 'wild-rydes-data-lake-dev-wildrydesdatalakebucket-1jhtjotdqf5bb';

/** A data event of the example's data lake function on one object, as CloudTrail logs it. */
function objectRecord(eventName: string, key: string, time: string, n: number, errorCode?: string): object {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROA2672FM64ZHLHWOUIU:wild-rydes-data-lake-dev-WriteRecord',
      arn: `arn:aws:sts::123456789012:assumed-role/${ROLE}/wild-rydes-data-lake-dev-WriteRecord`,
      accountId: '123456789012',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: `arn:aws:iam::123456789012:role/${ROLE}`,
          accountId: '123456789012',
          userName: ROLE,
        },
      },
    },
    eventTime: time,
    eventSource: 's3.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    requestParameters: { bucketName: BUCKET, Host: `${BUCKET}.s3.us-east-1.amazonaws.com`, key },
    ...(errorCode !== undefined ? { errorCode, errorMessage: 'Access Denied' } : {}),
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    readOnly: eventName.startsWith('Get'),
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${BUCKET}/${key}` },
      { accountId: '123456789012', type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${BUCKET}` },
    ],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '123456789012',
    eventCategory: 'Data',
  };
}

/** Keys JSON escapes or that hold SQL's and LIKE's special characters, unicode and odd slashes. */
const ODD = [
  `it's "quoted"`,
  'back\\slash',
  '100%_done',
  'caf\u00e9/\u00fc\u00df',
  '\u{1F600}/emoji',
  '/leading',
  'double//slash/',
  'trailing/',
  'tab\there',
  'wild',
  'rides',
];

/** Days of many unique keys (some odd), a day of a few, denied attempts: CloudTrail file in a new folder. */
function manyKeysLogs(): string {
  const records: object[] = [];
  let n = 0;
  const add = (eventName: string, key: string, day: string, errorCode?: string): void => {
    const second = n % 86_400;
    const time = `${day}T${[second / 3600, (second / 60) % 60, second % 60].map((x) => String(Math.floor(x)).padStart(2, '0')).join(':')}Z`;
    records.push(objectRecord(eventName, key, time, n++, errorCode));
  };
  for (const [day, count] of [
    ['2026-11-20', 300],
    ['2026-11-21', 40],
    ['2026-11-22', 30],
    ['2026-11-23', 5],
  ] as const) {
    for (let i = 0; i < count; i++) add('PutObject', `rides/${day.replaceAll('-', '/')}/${i}.json`, day);
    for (const odd of ODD) {
      add('PutObject', `rides/${odd}/${day}`, day);
      add('GetObject', odd, day);
      add('GetObject', `${odd}-${day}`, day);
    }
    for (let i = 0; i < 70; i++) add('GetObject', `k${i}-\u00e9`, day);
    for (let i = 0; i < count / 4; i++) add('DeleteObject', `rides/old/${i}`, day, 'AccessDenied');
  }
  // A second copy of a few records (overlapping deliveries).
  records.push(...records.slice(0, 10));
  const dir = join(tempDir(), 'logs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'records.json'), JSON.stringify({ Records: records }));
  return dir;
}

describe('pushdown SQL run in DuckDB', () => {
  it('wild-rydes: the same policies, findings, diffs and usage as --logs, from far fewer rows', async () => {
    const { local, pushed, groups, folded, records } = await both('examples/wild-rydes');
    assert.deepEqual([...pushed.keys()], [...local.keys()]);
    for (const [name, text] of local) assertSame(pushed.get(name), text, name);
    // Each log stream and shard iterator is a resource of its own; the rest groups well.
    assert.ok(groups < records * 0.7, `${groups} groups for ${records} records`);
    // The data lake function's keys under rides/ fold on the days that have more than 64 keys from
    // there on (about 140 rows of 2,047 become 22).
    assert.ok(folded >= 20, `${folded} rows of folded keys`);
  });

  it('thousands of unique keys, some with quotes, %, unicode and odd slashes: one row per day and prefix', async () => {
    const { local, pushed, groups, folded, records } = await both('examples/wild-rydes', {
      logs: manyKeysLogs(),
    });
    for (const [name, text] of local) assertSame(pushed.get(name), text, name);
    const usage = JSON.parse(local.get('usage.json') ?? '{}') as { counts: { duplicates: number } };
    assert.equal(usage.counts.duplicates, 10);
    assert.ok(folded >= 7, `${folded} rows of folded keys`);
    assert.ok(groups < records / 5, `${groups} groups for ${records} records`);
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
