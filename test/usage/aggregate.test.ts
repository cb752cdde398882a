import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageAggregator } from '../../src/usage/aggregate.js';
import { DEFAULT_WINDOW, type WindowSpec } from '../../src/usage/window.js';
import type { Event } from '../../src/model/event.js';
import { fakeMapper, roleEvent } from '../helpers/events.js';

function aggregate(events: Event[], window: WindowSpec = DEFAULT_WINDOW, foldBudget?: number) {
  const agg = new UsageAggregator(fakeMapper, { window, ...(foldBudget ? { foldBudget } : {}) });
  for (const e of events) agg.add(e);
  return agg.finish();
}

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/T';

test('usage is per role and per session, with counts and first/last seen', () => {
  const usage = aggregate([
    roleEvent({ session: 'fn-a', eventTime: '2026-11-01T10:00:00.000Z', requestParameters: { arn: TABLE } }),
    roleEvent({ session: 'fn-a', eventTime: '2026-11-03T10:00:00.000Z', requestParameters: { arn: TABLE } }),
    roleEvent({
      session: 'fn-b',
      eventName: 'PutItem',
      eventTime: '2026-11-02T10:00:00.000Z',
      requestParameters: { arn: TABLE },
    }),
  ]);
  assert.equal(usage.roles.length, 1);
  const role = usage.roles[0]!;
  assert.equal(role.roleName, 'app-role');
  assert.deepEqual(
    role.accesses.map((a) => [a.action, a.count, a.firstSeen, a.lastSeen]),
    [
      ['dynamodb:GetItem', 2, '2026-11-01T10:00:00.000Z', '2026-11-03T10:00:00.000Z'],
      ['dynamodb:PutItem', 1, '2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.000Z'],
    ],
  );
  assert.deepEqual(
    role.sessions.map((s) => [s.sessionName, s.accesses.map((a) => a.action)]),
    [
      ['fn-a', ['dynamodb:GetItem']],
      ['fn-b', ['dynamodb:PutItem']],
    ],
  );
  assert.equal(usage.window.until, '2026-11-03T10:00:00.000Z');
  assert.equal(usage.window.since, '2026-08-06T00:00:00.000Z');
});

test('the default window is the 90 days that end with the last event; older events are outside', () => {
  const usage = aggregate([
    roleEvent({ eventName: 'OldCall', eventTime: '2026-08-05T23:59:59.999Z' }),
    roleEvent({ eventName: 'Edge', eventTime: '2026-08-06T00:00:00.000Z' }),
    roleEvent({ eventName: 'Late', eventTime: '2026-11-03T10:00:00.000Z' }),
  ]);
  const actions = usage.roles[0]!.accesses.map((a) => a.action);
  assert.deepEqual(actions, ['dynamodb:Edge', 'dynamodb:Late']);
  assert.equal(usage.counts.outsideWindow, 1);
  assert.equal(usage.counts.inWindow, 2);
  assert.equal(usage.counts.records, 3);
});

test('explicit bounds filter exactly', () => {
  const usage = aggregate(
    [
      roleEvent({ eventName: 'Before', eventTime: '2026-10-31T23:59:59.000Z' }),
      roleEvent({ eventName: 'Inside', eventTime: '2026-11-01T00:00:00.000Z' }),
      roleEvent({ eventName: 'After', eventTime: '2026-11-02T00:00:00.001Z' }),
    ],
    { since: { at: '2026-11-01T00:00:00.000Z' }, until: { at: '2026-11-02T00:00:00.000Z' } },
  );
  assert.deepEqual(
    usage.roles[0]!.accesses.map((a) => a.action),
    ['dynamodb:Inside'],
  );
  assert.equal(usage.counts.outsideWindow, 2);
  assert.deepEqual(usage.window, { since: '2026-11-01T00:00:00.000Z', until: '2026-11-02T00:00:00.000Z' });
});

test('denied attempts are separated; other errors count as use; failed authentication proves nothing', () => {
  const usage = aggregate([
    roleEvent({
      eventName: 'DeleteItem',
      errorCode: 'AccessDeniedException',
      requestParameters: { arn: TABLE },
    }),
    roleEvent({
      eventName: 'PutItem',
      errorCode: 'ConditionalCheckFailedException',
      requestParameters: { arn: TABLE },
    }),
    roleEvent({ eventName: 'Scan', errorCode: 'ExpiredToken' }),
  ]);
  const role = usage.roles[0]!;
  assert.deepEqual(
    role.accesses.map((a) => [a.action, a.errorCount]),
    [['dynamodb:PutItem', 1]],
  );
  assert.deepEqual(
    role.denied.map((d) => [d.action, d.resource, d.errorCode]),
    [['dynamodb:DeleteItem', TABLE, 'AccessDeniedException']],
  );
});

test('unknown events are counted per role and in the run, never dropped; other principals are counted', () => {
  const usage = aggregate([
    roleEvent({ eventName: 'MysteryCall' }),
    roleEvent({ eventName: 'MysteryCall' }),
    roleEvent({ eventName: 'GetCallerIdentity' }),
    {
      ...roleEvent(),
      principal: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' },
    },
    { ...roleEvent(), eventType: 'AwsConsoleSignIn' },
  ]);
  assert.deepEqual(usage.unmapped, [
    { eventSource: 'dynamodb.amazonaws.com', eventName: 'MysteryCall', count: 2, why: 'not in mappings' },
  ]);
  assert.equal(usage.roles[0]!.unmapped[0]?.count, 2);
  assert.equal(usage.counts.notFromRoles, 1);
  assert.equal(usage.counts.notApiCalls, 1);
  assert.equal(usage.counts.noPermission, 1);
});

test('a record read twice (same eventID) counts once', () => {
  const event = roleEvent({ requestParameters: { arn: TABLE } });
  const usage = aggregate([event, { ...event }, roleEvent({ requestParameters: { arn: TABLE } })]);
  assert.equal(usage.roles[0]!.accesses[0]!.count, 2);
  assert.equal(usage.counts.duplicates, 1);
  assert.equal(usage.counts.inWindow, 2);
});

test('data event sources are remembered from any principal', () => {
  const usage = aggregate([
    { ...roleEvent({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' }), eventCategory: 'Data' },
  ]);
  assert.deepEqual(usage.dataEventSources, ['s3.amazonaws.com']);
});

test('the role ARN keeps the path from sessionIssuer even when some records lack it', () => {
  const withPath = roleEvent({ role: 'r' });
  withPath.principal.roleArn = 'arn:aws:iam::123456789012:role/service-role/r';
  const usage = aggregate([roleEvent({ role: 'r' }), withPath]);
  assert.equal(usage.roles[0]!.roleArn, 'arn:aws:iam::123456789012:role/service-role/r');
});

test('many S3 keys fold into prefixes so memory stays bounded; counts are kept', () => {
  const events: Event[] = [];
  for (let day = 1; day <= 20; day++) {
    for (let i = 0; i < 10; i++) {
      const d = String(day).padStart(2, '0');
      events.push(
        roleEvent({
          eventSource: 's3.amazonaws.com',
          eventName: 'PutObject',
          requestParameters: { arn: `arn:aws:s3:::lake/rides/2026/11/${d}/${i}.json` },
        }),
      );
    }
  }
  const usage = aggregate(events, DEFAULT_WINDOW, 16);
  const accesses = usage.roles[0]!.accesses;
  assert.ok(accesses.length <= 16, `${accesses.length} entries`);
  assert.equal(
    accesses.reduce((n, a) => n + a.count, 0),
    200,
  );
  assert.ok(
    accesses.every(
      (a) => a.resource.startsWith('arn:aws:s3:::lake/rides/2026/11/') && a.resource.endsWith('/*'),
    ),
  );
});

test('usage does not depend on the order of events', () => {
  const times = [
    '2026-07-01T00:00:00.000Z',
    '2026-09-15T00:00:00.000Z',
    '2026-11-01T00:00:00.000Z',
    '2026-11-20T05:00:00.000Z',
  ];
  const arb = fc.array(
    fc.record({
      session: fc.constantFrom('a', 'b'),
      eventName: fc.constantFrom('GetItem', 'PutItem', 'MysteryX'),
      eventTime: fc.constantFrom(...times),
      errorCode: fc.constantFrom(undefined, 'AccessDenied', 'ValidationException'),
      key: fc.integer({ min: 0, max: 30 }),
    }),
    { maxLength: 60 },
  );
  fc.assert(
    fc.property(arb, fc.infiniteStream(fc.nat()), (specs, seeds) => {
      const events = specs.map((s) =>
        roleEvent({
          session: s.session,
          eventName: s.eventName,
          eventTime: s.eventTime,
          ...(s.errorCode ? { errorCode: s.errorCode } : {}),
          eventSource: 's3.amazonaws.com',
          requestParameters: { arn: `arn:aws:s3:::b/k/${s.key % 7}/${s.key}` },
        }),
      );
      const shuffled = [...events];
      const it = seeds[Symbol.iterator]();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = (it.next().value as number) % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      assert.deepEqual(aggregate(shuffled, DEFAULT_WINDOW, 4), aggregate(events, DEFAULT_WINDOW, 4));
    }),
    { numRuns: 150, seed: 20261201 },
  );
});
