import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { s3Source } from '../../src/activity/s3-source.js';
import { dayPrefixes, layoutLevel, parseS3Url } from '../../src/activity/s3-layout.js';
import { AwsAccessError, InputError, UsageError } from '../../src/errors.js';
import { awsError, body, collect, fakeRetry, logBody, record } from './helpers.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const client = new S3Client({ region: 'us-east-1' });
const ROOT = 'AWSLogs/123456789012/CloudTrail/';
const REGION = `${ROOT}us-east-1/`;

function source(url: string, first: string, last: string, extra: { skipBadFiles?: boolean } = {}) {
  return s3Source({ client, url, days: { first, last }, retry: fakeRetry(), concurrency: 3, ...extra });
}

/** The Prefix of every ListObjectsV2 call, with or without Delimiter. */
function listed(): { prefix: string; delimiter: boolean }[] {
  return s3.commandCalls(ListObjectsV2Command).map((c) => ({
    prefix: c.args[0].input.Prefix ?? '',
    delimiter: c.args[0].input.Delimiter === '/',
  }));
}

describe('s3Source', () => {
  it('lists only the day prefixes of a window spanning months', async () => {
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(ListObjectsV2Command, { Prefix: ROOT, Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: REGION }, { Prefix: `${ROOT}eu-west-1/` }],
    });
    const events = await collect(source(`s3://trail-bucket/${ROOT}`, '2026-01-30', '2026-03-02').events());
    assert.deepEqual(events, []);
    const days = [
      '2026/01/30/',
      '2026/01/31/',
      ...Array.from({ length: 28 }, (_, i) => `2026/02/${String(i + 1).padStart(2, '0')}/`),
      '2026/03/01/',
      '2026/03/02/',
    ];
    const calls = listed();
    assert.deepEqual(calls[0], { prefix: ROOT, delimiter: true });
    assert.deepEqual(
      calls
        .slice(1)
        .map((c) => c.prefix)
        .sort(),
      [...days.map((d) => `${ROOT}eu-west-1/${d}`), ...days.map((d) => REGION + d)].sort(),
    );
    assert.ok(calls.slice(1).every((c) => !c.delimiter));
  });

  it('walks organisations, accounts and regions from the bucket root, skipping digests', async () => {
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(ListObjectsV2Command, { Prefix: 'AWSLogs/', Delimiter: '/' }).resolves({
      CommonPrefixes: [
        { Prefix: 'AWSLogs/o-exampleorg1/' },
        { Prefix: 'AWSLogs/111111111111/' },
        { Prefix: 'AWSLogs/junk/' },
      ],
    });
    s3.on(ListObjectsV2Command, { Prefix: 'AWSLogs/o-exampleorg1/', Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: 'AWSLogs/o-exampleorg1/222222222222/' }],
    });
    const orgRegion = 'AWSLogs/o-exampleorg1/222222222222/CloudTrail/us-east-1/';
    s3.on(ListObjectsV2Command, {
      Prefix: 'AWSLogs/o-exampleorg1/222222222222/CloudTrail/',
      Delimiter: '/',
    }).resolves({
      CommonPrefixes: [{ Prefix: orgRegion }],
    });
    s3.on(ListObjectsV2Command, { Prefix: `${orgRegion}2026/11/01/` }).resolves({
      Contents: [
        {
          Key: `${orgRegion}2026/11/01/222222222222_CloudTrail_us-east-1_20261101T0000Z_a.json.gz`,
          Size: 10,
        },
        { Key: `${orgRegion}2026/11/01/notes.txt`, Size: 3 },
      ],
    });
    s3.on(GetObjectCommand).resolves({ Body: logBody([record('GetItem', '2026-11-01T00:01:00Z')]) });
    const src = source('s3://trail-bucket', '2026-11-01', '2026-11-01');
    const events = await collect(src.events());
    assert.deepEqual(
      events.map((e) => e.eventName),
      ['GetItem'],
    );
    assert.deepEqual(
      listed().map((c) => c.prefix),
      [
        'AWSLogs/',
        'AWSLogs/o-exampleorg1/',
        'AWSLogs/o-exampleorg1/222222222222/CloudTrail/',
        'AWSLogs/111111111111/CloudTrail/',
        `${orgRegion}2026/11/01/`,
      ],
    );
    assert.equal(src.stats().files, 1);
    assert.equal(src.stats().records, 1);
  });

  it('follows ListObjectsV2 pages and reads every object', async () => {
    const day = `${REGION}2026/11/01/`;
    const key = (n: number) => `${day}123456789012_CloudTrail_us-east-1_20261101T00${n}0Z_x.json.gz`;
    s3.on(ListObjectsV2Command, { Prefix: day })
      .resolvesOnce({ Contents: [{ Key: key(1) }], IsTruncated: true, NextContinuationToken: 't1' })
      .resolvesOnce({ Contents: [{ Key: key(2) }], IsTruncated: true, NextContinuationToken: 't2' })
      .resolves({ Contents: [{ Key: key(3) }], IsTruncated: false });
    for (const n of [1, 2, 3])
      s3.on(GetObjectCommand, { Key: key(n) }).resolves({
        Body: logBody([
          record(`Call${n}`, `2026-11-01T00:0${n}:00Z`),
          record(`Call${n}b`, `2026-11-01T00:0${n}:30Z`),
        ]),
      });
    const events = await collect(source(`s3://trail-bucket/${REGION}`, '2026-11-01', '2026-11-01').events());
    assert.deepEqual(events.map((e) => e.eventName).sort(), [
      'Call1',
      'Call1b',
      'Call2',
      'Call2b',
      'Call3',
      'Call3b',
    ]);
    assert.deepEqual(
      s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.ContinuationToken),
      [undefined, 't1', 't2'],
    );
  });

  it('retries SlowDown and ThrottlingException, then reads the page', async () => {
    const day = `${REGION}2026/11/01/`;
    const key = `${day}f.json.gz`;
    s3.on(ListObjectsV2Command, { Prefix: day })
      .rejectsOnce(awsError('SlowDown', 503, 'server'))
      .resolves({ Contents: [{ Key: key }] });
    s3.on(GetObjectCommand)
      .rejectsOnce(awsError('ThrottlingException', 400))
      .resolves({ Body: logBody([record('GetItem', '2026-11-01T01:00:00Z')]) });
    const events = await collect(source(`s3://trail-bucket/${REGION}`, '2026-11-01', '2026-11-01').events());
    assert.equal(events.length, 1);
    assert.equal(s3.commandCalls(ListObjectsV2Command).length, 2);
    assert.equal(s3.commandCalls(GetObjectCommand).length, 2);
  });

  it('names s3:ListBucket on the bucket when listing is refused', async () => {
    s3.on(ListObjectsV2Command).rejects(awsError('AccessDenied', 403));
    const error = await collect(
      source('s3://trail-bucket/AWSLogs/', '2026-11-01', '2026-11-01').events(),
    ).catch((e: unknown) => e);
    assert.ok(error instanceof AwsAccessError);
    assert.equal(
      error.message,
      's3 ListObjectsV2 was refused: pare needs s3:ListBucket on arn:aws:s3:::trail-bucket',
    );
  });

  it('names s3:GetObject under the prefix when reading is refused', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: `${REGION}2026/11/01/f.json.gz` }] });
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 403));
    const error = await collect(
      source(`s3://trail-bucket/${REGION}`, '2026-11-01', '2026-11-01').events(),
    ).catch((e: unknown) => e);
    assert.ok(error instanceof AwsAccessError);
    assert.equal(error.operation, 's3 GetObject');
    assert.match(
      error.requiredAction,
      /^s3:GetObject on arn:aws:s3:::trail-bucket\/AWSLogs\/123456789012\/CloudTrail\/us-east-1\/\*/,
    );
  });

  it('yields nothing from an empty bucket', async () => {
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
    const src = source('s3://empty-bucket', '2026-11-01', '2026-11-03');
    assert.deepEqual(await collect(src.events()), []);
    assert.equal(src.stats().files, 0);
    assert.deepEqual(listed(), [{ prefix: 'AWSLogs/', delimiter: true }]);
  });

  it('stops on a truncated gzip with an InputError naming s3://bucket/key, or skips it', async () => {
    const good = `${REGION}2026/11/01/a.json.gz`;
    const bad = `${REGION}2026/11/01/b.json.gz`;
    const whole = gzipSync(JSON.stringify({ Records: [record('GetItem', '2026-11-01T00:00:00Z')] }));
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: good }, { Key: bad }] });
    s3.on(GetObjectCommand, { Key: good }).callsFake(() => ({
      Body: logBody([record('PutItem', '2026-11-01T00:00:00Z')]),
    }));
    s3.on(GetObjectCommand, { Key: bad }).callsFake(() => ({
      Body: body(whole.subarray(0, whole.length - 10)),
    }));
    const error = await collect(
      source(`s3://trail-bucket/${REGION}`, '2026-11-01', '2026-11-01').events(),
    ).catch((e: unknown) => e);
    assert.ok(error instanceof InputError);
    assert.equal(error.file, `s3://trail-bucket/${bad}`);
    assert.match(error.problem, /gzip/);

    const skipping = source(`s3://trail-bucket/${REGION}`, '2026-11-01', '2026-11-01', {
      skipBadFiles: true,
    });
    const events = await collect(skipping.events());
    assert.deepEqual(
      events.map((e) => e.eventName),
      ['PutItem'],
    );
    assert.equal(skipping.stats().badFiles.length, 1);
    assert.equal(skipping.stats().badFiles[0]?.file, `s3://trail-bucket/${bad}`);
  });

  it('rejects a URL that is not s3://', () => {
    assert.throws(() => parseS3Url('trail-bucket/AWSLogs'), UsageError);
    assert.deepEqual(parseS3Url('s3://b/AWSLogs/'), { bucket: 'b', prefix: 'AWSLogs/' });
  });

  it('knows the delivery layout', () => {
    assert.equal(layoutLevel('').kind, 'above-logs');
    assert.equal(layoutLevel('trail/').kind, 'above-logs');
    assert.equal(layoutLevel('trail/AWSLogs/').kind, 'logs');
    assert.equal(layoutLevel('AWSLogs/o-abcdefghij/').kind, 'organisation');
    assert.equal(layoutLevel('AWSLogs/o-abcdefghij/123456789012/').kind, 'account');
    assert.equal(layoutLevel('AWSLogs/123456789012/CloudTrail/').kind, 'cloudtrail');
    assert.equal(layoutLevel('AWSLogs/123456789012/CloudTrail/us-east-1/').kind, 'region');
    assert.equal(layoutLevel('AWSLogs/123456789012/CloudTrail/us-east-1/2026/').kind, 'inside-region');
    assert.deepEqual(dayPrefixes('2024-02-28', '2024-03-01'), ['2024/02/28/', '2024/02/29/', '2024/03/01/']);
  });
});
