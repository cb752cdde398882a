import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pare, ROOT } from '../helpers/cli.js';

const LOGS = join(ROOT, 'test/fixtures/cli/logs');

test('map prints one JSON line per record: status, actions, resources, why', () => {
  const run = pare(['map', '--logs', LOGS]);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 4);
  const first = lines[0]!;
  assert.deepEqual(
    { status: first['status'], actions: first['actions'], resources: first['resources'] },
    {
      status: 'mapped',
      actions: ['dynamodb:GetItem'],
      resources: ['arn:aws:dynamodb:us-east-1:111122223333:table/Orders'],
    },
  );
  assert.equal(first['principal'], 'arn:aws:sts::111122223333:assumed-role/orders-fn-role/orders');
  assert.ok(Array.isArray(first['why']) && (first['why'] as string[]).length > 0);
  assert.equal(lines[3]!['errorCode'], 'AccessDeniedException');
});

test('map --summary counts statuses and lists unknown pairs; records without a time are still explained', () => {
  const input = [
    JSON.stringify({
      eventSource: 'lambda.amazonaws.com',
      eventName: 'InvokeFunction',
      awsRegion: 'us-east-1',
    }),
    JSON.stringify({
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventTime: '2026-11-01T00:00:00Z',
    }),
  ].join('\n');
  const run = pare(['map', '--logs', '-', '--summary', '--format', 'json'], { input });
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout) as {
    records: number;
    statuses: Record<string, number>;
    unknown: { eventName: string }[];
  };
  assert.equal(summary.records, 2);
  assert.equal(summary.statuses['no-permission'], 1);
  assert.deepEqual(
    summary.unknown.map((u) => u.eventName),
    ['InvokeFunction'],
  );
  const text = pare(['map', '--logs', '-', '--summary'], { input });
  assert.match(
    text.stdout,
    /unknown \(eventSource eventName: records\):\n {2}lambda\.amazonaws\.com InvokeFunction: 1/,
  );
});

test('map without --logs is a usage error', () => {
  const run = pare(['map']);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'pare: map needs --logs PATH...\n');
});
