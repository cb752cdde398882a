import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readActivity } from '../../src/activity/index.js';
import {
  cloudTrailFile,
  FIXTURES,
  fixture,
  ids,
  put,
  readAll,
  record,
  sampleRecords,
  stdinOf,
  tempDir,
} from './helpers.js';

const SAMPLE_IDS = [1, 2, 3].map((n) => `00000000-0000-4000-8000-00000000000${n}`);

test('a CloudTrail file {"Records": […]}, plain and gzipped', async () => {
  const dir = await tempDir();
  const gz = await put(dir, 'x.json.gz', await fixture('cloudtrail-file.json'));
  for (const input of [join(FIXTURES, 'cloudtrail-file.json'), gz]) {
    const { events, stats } = await readAll([input]);
    assert.deepEqual(ids(events), SAMPLE_IDS);
    assert.equal(stats.files, 1);
    assert.equal(stats.records, 3);
  }
  const { stats } = await readAll([gz]);
  assert.equal(stats.bytes, gzipSync(await fixture('cloudtrail-file.json')).length);
});

test('JSON Lines (.jsonl, .ndjson, gzipped or not; blank lines and CRLF allowed)', async () => {
  const dir = await tempDir();
  const lines = (await fixture('records.jsonl')).trim().split('\n');
  const text = `${lines[0]}\r\n\r\n${lines[1]}\n   \n${lines[2]}`;
  const inputs = [
    join(FIXTURES, 'records.jsonl'),
    await put(dir, 'a.jsonl.gz', text),
    await put(dir, 'b.ndjson', text),
    await put(dir, 'c.ndjson.gz', text),
  ];
  for (const input of inputs) assert.deepEqual(ids((await readAll([input])).events), SAMPLE_IDS, input);
});

test('LookupEvents output, a bare array, an EventBridge envelope, a single record', async () => {
  const lookup = await readAll([join(FIXTURES, 'lookup-events.json')]);
  assert.deepEqual(ids(lookup.events), SAMPLE_IDS.slice(0, 2));
  const role = lookup.events.find((e) => e.eventName === 'PutItem');
  assert.equal(role?.principal.roleArn, 'arn:aws:iam::111111111111:role/service-role/orders-role');

  assert.deepEqual(ids((await readAll([join(FIXTURES, 'array.json')])).events), SAMPLE_IDS.slice(0, 2));

  const envelope = await readAll([join(FIXTURES, 'eventbridge-envelope.json')]);
  assert.deepEqual(ids(envelope.events), SAMPLE_IDS.slice(0, 1));

  const dir = await tempDir();
  const single = await put(dir, 'one.json', JSON.stringify((await sampleRecords())[2], null, 2));
  assert.deepEqual(ids((await readAll([single])).events), SAMPLE_IDS.slice(2));
});

test('content decides, not the name: JSON Lines in a .json, plain text in a .json.gz, concatenated values', async () => {
  const dir = await tempDir();
  const records = await sampleRecords();
  const lines = records.map((r) => JSON.stringify(r)).join('\n');
  const jq = records.map((r) => JSON.stringify(r, null, 2)).join('\n');
  const inputs = [
    await put(dir, 'lines.json', lines),
    join(dir, 'plain.json.gz'),
    await put(dir, 'jq.json', jq),
    await put(dir, 'noext', cloudTrailFile(records)),
    await put(dir, 'bom.json', `\ufeff${cloudTrailFile(records)}`),
  ];
  await writeFile(join(dir, 'plain.json.gz'), cloudTrailFile(records));
  for (const input of inputs) assert.deepEqual(ids((await readAll([input])).events), SAMPLE_IDS, input);
});

test('stdin: any of the formats, gzipped or not, detected by content', async () => {
  const file = await fixture('cloudtrail-file.json');
  const cases = [
    stdinOf(file.slice(0, 10), file.slice(10)),
    stdinOf(gzipSync(file)),
    stdinOf(await fixture('records.jsonl')),
    stdinOf(await fixture('lookup-events.json')),
    stdinOf(await fixture('array.json')),
    stdinOf(await fixture('eventbridge-envelope.json')),
  ];
  const expected = [
    SAMPLE_IDS,
    SAMPLE_IDS,
    SAMPLE_IDS,
    SAMPLE_IDS.slice(0, 2),
    SAMPLE_IDS.slice(0, 2),
    SAMPLE_IDS.slice(0, 1),
  ];
  for (const [i, stdin] of cases.entries()) {
    const { events, stats } = await readAll(['-'], { stdin });
    assert.deepEqual(ids(events), expected[i], `case ${i}`);
    assert.equal(stats.files, 1);
    assert.ok(stats.bytes > 0);
  }
});

test('the S3 layout, with an org trail level, digests and other files skipped', async () => {
  const dir = await tempDir();
  const day = 'CloudTrail/us-east-1/2026/01/02';
  await put(
    dir,
    `AWSLogs/111111111111/${day}/111111111111_CloudTrail_us-east-1_20260102T0305Z_a.json.gz`,
    cloudTrailFile([record(1), record(2)]),
  );
  await put(
    dir,
    `AWSLogs/o-abc123/222222222222/${day}/222222222222_CloudTrail_us-east-1_20260102T0310Z_b.json.gz`,
    cloudTrailFile([record(3)]),
  );
  await put(
    dir,
    `AWSLogs/o-abc123/333333333333/CloudTrail/eu-west-1/2026/01/03/c.json.gz`,
    cloudTrailFile([record(4)]),
  );
  // Digests are JSON without Records: reading them would fail the run.
  await put(
    dir,
    `AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/01/02/111111111111_CloudTrail-Digest_us-east-1_x.json.gz`,
    '{"digestStartTime":"x"}',
  );
  await put(
    dir,
    `AWSLogs/111111111111/${day}/111111111111_CloudTrail-Digest_us-east-1_y.json.gz`,
    '{"digestStartTime":"x"}',
  );
  // The same bucket often receives Config snapshots (also .json.gz) and Insights: not trail records.
  await put(
    dir,
    'AWSLogs/111111111111/Config/us-east-1/2026/1/2/ConfigSnapshot/x.json.gz',
    '{"fileVersion":"1.0"}',
  );
  await put(
    dir,
    'AWSLogs/o-abc123/222222222222/CloudTrail-Insight/us-east-1/2026/01/02/i.json.gz',
    '{"Records":[]}',
  );
  await put(dir, 'AWSLogs/README.md', '# not a log');
  await put(dir, 'AWSLogs/.DS_Store', 'junk');
  await put(dir, `AWSLogs/111111111111/${day}/._resource-fork.json.gz`, 'junk');
  await put(dir, 'AWSLogs/111111111111/manifest.csv', 'a,b');
  const progress: number[] = [];
  const { events, stats } = await readAll([dir], { onProgress: (p) => progress.push(p.filesDone) });
  assert.deepEqual(ids(events), ['id-1', 'id-2', 'id-3', 'id-4']);
  assert.equal(stats.files, 3);
  assert.deepEqual(stats.emptyDirs, []);
  assert.deepEqual(progress.at(-1), 3);
});

test('a directory without log files is not an error; a missing path is', async () => {
  const dir = await tempDir();
  await put(dir, 'notes.txt', 'hello');
  const { events, stats } = await readAll([dir]);
  assert.equal(events.length, 0);
  assert.equal(stats.files, 0);
  assert.deepEqual(stats.emptyDirs, [dir]);

  const missing = join(dir, 'nope');
  const read = readActivity([missing]);
  await assert.rejects(
    async () => {
      for await (const _ of read.events) void _;
    },
    { name: 'InputError', message: `${missing}: no such file or directory` },
  );
});

test('progress: the total is known before reading, bytes add up to it', async () => {
  const dir = await tempDir();
  for (let i = 0; i < 5; i++) await put(dir, `f${i}.json.gz`, cloudTrailFile([record(i)]));
  const seen: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number }[] = [];
  const { stats } = await readAll([dir], { onProgress: (p) => seen.push(p), concurrency: 2 });
  assert.deepEqual(seen[0], { filesDone: 0, filesTotal: 5, bytesDone: 0, bytesTotal: stats.bytes });
  assert.deepEqual(seen.at(-1), {
    filesDone: 5,
    filesTotal: 5,
    bytesDone: stats.bytes,
    bytesTotal: stats.bytes,
  });
});

test('the same file through two inputs is read once; events can be iterated once', async () => {
  const file = join(FIXTURES, 'cloudtrail-file.json');
  const { events } = await readAll([file, FIXTURES.replace(/\/$/, ''), file]);
  // FIXTURES holds cloudtrail-file.json, records.jsonl, lookup-events.json, array.json, the envelope.
  assert.equal(events.length, 3 + 3 + 2 + 2 + 1);
  const read = readActivity([file]);
  for await (const _ of read.events) void _;
  assert.throws(() => read.events[Symbol.asyncIterator](), /only once/);
});
