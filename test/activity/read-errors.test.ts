import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readActivity } from '../../src/activity/index.js';
import { InputError } from '../../src/errors.js';
import { cloudTrailFile, ids, put, readAll, record, rejection, stdinOf, tempDir } from './helpers.js';

function lines(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

test('a truncated gzip stops the run with an InputError naming the file', async () => {
  const dir = await tempDir();
  const whole = gzipSync(cloudTrailFile([record(1), record(2)]));
  const file = await put(dir, 'logs/x.json', whole.subarray(0, whole.length - 12));
  const error = await rejection(readAll([file]));
  assert.ok(error instanceof InputError);
  assert.equal(error.file, file);
  assert.equal(error.message, `${file}: truncated gzip (unexpected end of file)`);
  // Streamed (larger than the in-memory limit) it fails the same way.
  const streamed = await rejection(readAll([file], { maxInMemoryBytes: 16 }));
  assert.equal(streamed.message, `${file}: truncated gzip (unexpected end of file)`);
});

test('invalid JSON, a bad JSON line, a non-CloudTrail file, a bad record: each named', async () => {
  const dir = await tempDir();
  const cases: [string, string | Buffer, RegExp][] = [
    ['bad.json', '{"Records": [', /^.*bad\.json: invalid JSON \(.+\)$/],
    [
      'a.jsonl',
      lines([record(1), record(2)]) + '{"eventName": oops}\n',
      /a\.jsonl: line 3: invalid JSON \(Unexpected token/,
    ],
    ['policy.json', '{"Version": "2012-10-17", "Statement": []}', /policy\.json: not a CloudTrail file/],
    ['number.json', '42', /number\.json: not a CloudTrail file .*: found a number$/],
    [
      'rec.json',
      cloudTrailFile([record(1), record(2, { eventTime: undefined })]),
      /rec\.json: Records\[1\]: missing eventTime$/,
    ],
    [
      'rec.jsonl',
      lines([record(1), { ...record(2), eventSource: '...' }]),
      /rec\.jsonl: line 2: missing eventSource$/,
    ],
    ['notarray.json', '{"Records": {"a": 1}}', /notarray\.json: Records is an object, not an array$/],
    ['empty.json', '  \n', /empty\.json: empty file$/],
    [
      'lookup.json',
      '{"Events": [{"CloudTrailEvent": "{nope"}]}',
      /lookup\.json: Events\[0\]: CloudTrailEvent is not valid JSON/,
    ],
  ];
  for (const [name, content, expected] of cases) {
    const file = await put(dir, name, content);
    for (const maxInMemoryBytes of [undefined, 8]) {
      const options = maxInMemoryBytes === undefined ? {} : { maxInMemoryBytes };
      const error = await rejection(readAll([file], options));
      assert.ok(error instanceof InputError, `${name}: ${error.message}`);
      if (maxInMemoryBytes === undefined || name.endsWith('.jsonl')) assert.match(error.message, expected);
      else assert.ok(error.message.startsWith(`${file}: `), error.message);
    }
  }
});

test('an empty .jsonl is fine: no events', async () => {
  const dir = await tempDir();
  const { events, stats } = await readAll([await put(dir, 'e.jsonl', '')]);
  assert.equal(events.length, 0);
  assert.equal(stats.files, 1);
});

test('skipBadFiles: bad files are counted, reported, and contribute no events', async () => {
  const dir = await tempDir();
  const good = await put(dir, 'good.json.gz', cloudTrailFile([record(1), record(2)]));
  const truncated = gzipSync(cloudTrailFile([record(10), record(11)]));
  await put(dir, 'trunc.json', truncated.subarray(0, truncated.length - 8));
  // Good records come before the bad line: none of them may get out.
  await put(dir, 'late.jsonl', lines([record(20), record(21), record(22)]) + 'not json\n');
  await put(dir, 'badrec.json', cloudTrailFile([record(30), { eventName: 'x' }]));
  for (const maxInMemoryBytes of [undefined, 64]) {
    const options = maxInMemoryBytes === undefined ? {} : { maxInMemoryBytes };
    const { events, stats } = await readAll([dir], { skipBadFiles: true, ...options });
    assert.deepEqual(ids(events), ['id-1', 'id-2'], `limit ${maxInMemoryBytes}`);
    assert.equal(stats.files, 4);
    assert.equal(stats.records, 2);
    assert.deepEqual(
      stats.badFiles.map((b) => [b.file, b.problem.replace(/ \(.*/, '')]),
      [
        [join(dir, 'badrec.json'), 'Records[1]: missing eventSource'],
        [join(dir, 'late.jsonl'), 'line 4: invalid JSON'],
        [join(dir, 'trunc.json'), 'truncated gzip'],
      ],
    );
  }
  assert.ok(good);
});

test('streaming above the in-memory limit gives the same events as parsing whole', async () => {
  const dir = await tempDir();
  const records = Array.from({ length: 300 }, (_, i) => record(i));
  const inputs = [
    await put(dir, 'doc.json.gz', cloudTrailFile(records)),
    await put(dir, 'pretty.json', JSON.stringify({ Records: records }, null, 2)),
    await put(dir, 'lines.jsonl.gz', lines(records)),
    await put(dir, 'lines-named-json.json', lines(records)),
    await put(
      dir,
      'lookup.json',
      JSON.stringify({ Events: records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })) }),
    ),
    await put(dir, 'array.json', JSON.stringify(records)),
  ];
  const expected = ids((await readAll([inputs[0]!])).events);
  assert.equal(expected.length, 300);
  for (const input of inputs) {
    for (const skipBadFiles of [false, true]) {
      const { events, stats } = await readAll([input], { maxInMemoryBytes: 1024, skipBadFiles });
      assert.deepEqual(ids(events), expected, input);
      assert.equal(stats.records, 300);
    }
  }
});

test('stdin above the limit with skipBadFiles: a bad record after events went out stops the run', async () => {
  const text = lines(Array.from({ length: 2000 }, (_, i) => record(i))) + 'broken\n';
  const chunks = text.match(/[^]{1,4096}/g) ?? [];
  const stdin = stdinOf(...chunks);
  const error = await rejection(readAll(['-'], { stdin, skipBadFiles: true, maxInMemoryBytes: 1024 }));
  assert.ok(error instanceof InputError);
  assert.match(
    error.message,
    /^<stdin>: line 2001: invalid JSON \(.*\); cannot skip it: \d+ of its events were already read$/,
  );
  // Within the limit it is skipped like a file.
  const small = await readAll(['-'], { stdin: stdinOf('broken\n'), skipBadFiles: true });
  assert.deepEqual(
    small.stats.badFiles.map((b) => b.file),
    ['<stdin>'],
  );
});

test('a failure stops the other readers; breaking early releases them', async () => {
  const dir = await tempDir();
  for (let i = 0; i < 20; i++)
    await put(dir, `f${String(i).padStart(2, '0')}.json.gz`, cloudTrailFile([record(i)]));
  await put(dir, 'f05-bad.json', '{');
  await assert.rejects(readAll([dir], { concurrency: 3 }), /f05-bad\.json: invalid JSON/);

  const many = Array.from({ length: 5000 }, (_, i) => record(i));
  await put(dir, 'big/a.jsonl', lines(many));
  await put(dir, 'big/b.jsonl', lines(many));
  const read = readActivity([join(dir, 'big')], { maxInMemoryBytes: 4096 });
  let n = 0;
  const seen: string[] = [];
  for await (const event of read.events) {
    seen.push(event.eventID);
    if (++n === 10) break;
  }
  assert.equal(seen.length, 10);
});
