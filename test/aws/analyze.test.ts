import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, it } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runAnalyze } from '../../src/app/analyze.js';
import { UsageError } from '../../src/errors.js';
import { body, CLI_FIXTURE as FIX, fixtureOptions } from './helpers.js';

const LOG = '111122223333_CloudTrail_us-east-1_20261101T1000Z_abc.json';
const DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/';

const s3 = mockClient(S3Client);
const trail = mockClient(CloudTrailClient);
afterEach(() => {
  s3.reset();
  trail.reset();
});

const options = fixtureOptions;

describe('analyze from AWS', () => {
  it('--s3 gives the same usage and policies as --logs on the same files', async () => {
    const text = readFileSync(join(FIX, 'logs', LOG));
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(ListObjectsV2Command, { Prefix: 'AWSLogs/', Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: 'AWSLogs/111122223333/' }],
    });
    s3.on(ListObjectsV2Command, { Prefix: 'AWSLogs/111122223333/CloudTrail/', Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: 'AWSLogs/111122223333/CloudTrail/us-east-1/' }],
    });
    s3.on(ListObjectsV2Command, { Prefix: DAY }).resolves({ Contents: [{ Key: `${DAY}${LOG}.gz` }] });
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(gzipSync(text)) }));

    const local = await runAnalyze(options({ logs: [join(FIX, 'logs')] }));
    const remote = await runAnalyze(options({ s3: 's3://trail-bucket' }));
    assert.ok(local.analysis.usage.counts.inWindow > 0);
    assert.deepEqual(remote.analysis.usage, local.analysis.usage);
    assert.deepEqual(
      remote.analysis.roles.map((r) => r.synth.documents),
      local.analysis.roles.map((r) => r.synth.documents),
    );
    // The window's 32 days plus the day after, under the one account and region.
    const days = s3
      .commandCalls(ListObjectsV2Command)
      .map((c) => c.args[0].input)
      .filter((i) => i.Delimiter === undefined);
    assert.equal(days.length, 33);
    assert.equal(days[0]?.Prefix, 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/01/');
    assert.equal(days.at(-1)?.Prefix, 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/02/');
  });

  it('--lookup-events warns that data events are absent and asks the given regions in the window', async () => {
    const records = (JSON.parse(readFileSync(join(FIX, 'logs', LOG), 'utf8')) as { Records: object[] })
      .Records;
    trail
      .on(LookupEventsCommand)
      .resolves({ Events: records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })) });
    const warnings: string[] = [];
    const run = await runAnalyze(
      options({ lookupEvents: true, regions: ['eu-west-1'], warn: (m) => warnings.push(m) }),
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /management events only/);
    assert.ok(run.analysis.usage.counts.inWindow > 0);
    const input = trail.commandCalls(LookupEventsCommand)[0]?.args[0].input;
    assert.equal(input?.StartTime?.toISOString(), '2026-10-01T00:00:00.000Z');
    assert.equal(input?.EndTime?.toISOString(), '2026-11-01T23:59:59.999Z');
  });

  it('takes exactly one activity source', async () => {
    await assert.rejects(
      runAnalyze(options({})),
      (e) => e instanceof UsageError && /needs an activity source/.test(e.message),
    );
    await assert.rejects(
      runAnalyze(options({ logs: [join(FIX, 'logs')], s3: 's3://b' })),
      (e) => e instanceof UsageError && /not several/.test(e.message),
    );
    await assert.rejects(
      runAnalyze(options({ s3: 's3://b', regions: ['us-east-1'] })),
      (e) => e instanceof UsageError && /--regions is for --lookup-events/.test(e.message),
    );
  });
});
