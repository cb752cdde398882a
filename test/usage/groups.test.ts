import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { expandGroups, type EventGroup } from '../../src/activity/source.js';
import type { Event } from '../../src/model/event.js';
import { UsageAggregator, type UsageMapper } from '../../src/usage/aggregate.js';
import { childResource, commonPrefix, FOLD_BUDGET } from '../../src/usage/child-resources.js';
import type { UsageModel } from '../../src/model/usage.js';
import type { WindowSpec } from '../../src/usage/window.js';
import { fakeMapper, roleEvent } from '../helpers/events.js';

/** A record, or the same record again (as two inputs deliver it). */
const recordArb = fc.record({
  id: fc.integer({ min: 0, max: 40 }),
  role: fc.constantFrom('app-role', 'etl-role'),
  day: fc.constantFrom('2026-11-01', '2026-11-02', '2026-11-04'),
  second: fc.integer({ min: 0, max: 86_399 }),
  kind: fc.constantFrom('get', 'object', 'denied', 'unknown', 'none', 'signin', 'user'),
  key: fc.constantFrom('a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'b/1'),
});

type RecordSpec = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function eventOf(r: Omit<RecordSpec, 'day' | 'key'> & { day: string; key: string }): Event {
  const time = new Date(Date.parse(`${r.day}T00:00:00.000Z`) + r.second * 1000).toISOString();
  const base = roleEvent({
    role: r.role,
    eventID: `id-${r.id}-${r.day}-${r.second}-${r.kind}-${r.role}-${r.key}`,
    eventTime: time,
  });
  if (r.kind === 'object')
    return {
      ...base,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      requestParameters: { arn: `arn:aws:s3:::bucket/${r.key}` },
      eventCategory: 'Data',
    };
  if (r.kind === 'denied') return { ...base, errorCode: 'AccessDenied' };
  if (r.kind === 'unknown') return { ...base, eventName: 'MysteryCall' };
  if (r.kind === 'none') return { ...base, eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' };
  if (r.kind === 'signin') return { ...base, eventType: 'AwsConsoleSignIn' };
  if (r.kind === 'user')
    return { ...base, principal: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/u' } };
  return base;
}

/**
 * What the engine does: keep the window's fixed bounds, group by every field but eventID and
 * eventTime, per day; count distinct ids. (An eventID names one record: copies are identical.)
 */
function group(events: readonly Event[], bounds: { since?: string; until?: string }): EventGroup[] {
  const groups = new Map<
    string,
    { event: Event; ids: Set<string>; records: number; first: string; last: string }
  >();
  for (const e of events) {
    if ((bounds.since && e.eventTime < bounds.since) || (bounds.until && e.eventTime > bounds.until))
      continue;
    const eventTime = e.eventTime;
    const key = JSON.stringify([eventTime.slice(0, 10), { ...e, eventID: '', eventTime: '' }]);
    const g = groups.get(key);
    if (!g)
      groups.set(key, { event: e, ids: new Set([e.eventID]), records: 1, first: eventTime, last: eventTime });
    else {
      g.ids.add(e.eventID);
      g.records++;
      if (eventTime < g.first) g.first = eventTime;
      if (eventTime > g.last) g.last = eventTime;
    }
  }
  return [...groups.values()].map((g) => ({
    event: { ...g.event, eventTime: g.first },
    count: g.ids.size,
    records: g.records,
    firstSeen: g.first,
    lastSeen: g.last,
  }));
}

/**
 * What pushdown-fold.ts does: groups of one S3 object each, alike but for the key and the day, are a
 * cluster's; on a day from which on the cluster has more than FOLD_BUDGET keys, its groups become one.
 */
function fold(groups: readonly EventGroup[]): EventGroup[] {
  const out: EventGroup[] = [];
  const clusters = new Map<string, { key: string; day: string; group: EventGroup }[]>();
  for (const g of groups) {
    const arn = g.event.requestParameters?.['arn'];
    const child = typeof arn === 'string' ? childResource(arn) : undefined;
    if (!child || g.event.eventSource !== 's3.amazonaws.com') {
      out.push(g);
      continue;
    }
    const shape = JSON.stringify([
      child.parent,
      child.cluster,
      { ...g.event, eventID: '', eventTime: '', requestParameters: {} },
    ]);
    clusters.set(shape, [
      ...(clusters.get(shape) ?? []),
      { key: child.key, day: g.firstSeen.slice(0, 10), group: g },
    ]);
  }
  for (const members of clusters.values()) {
    const byDay = new Map<string, typeof members>();
    for (const m of members) byDay.set(m.day, [...(byDay.get(m.day) ?? []), m]);
    for (const [day, today] of byDay) {
      const keys = new Set(members.filter((m) => m.day >= day).map((m) => m.key));
      if (keys.size <= FOLD_BUDGET) {
        out.push(...today.map((m) => m.group));
        continue;
      }
      const sorted = [...today].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const low = sorted[0] as (typeof today)[number];
      const high = sorted[sorted.length - 1] as (typeof today)[number];
      out.push({
        event: low.group.event,
        count: today.reduce((n, m) => n + m.group.count, 0),
        records: today.reduce((n, m) => n + m.group.records, 0),
        firstSeen: today.reduce(
          (t, m) => (m.group.firstSeen < t ? m.group.firstSeen : t),
          low.group.firstSeen,
        ),
        lastSeen: today.reduce((t, m) => (m.group.lastSeen > t ? m.group.lastSeen : t), low.group.lastSeen),
        foldedKeys: { key: low.key, prefix: commonPrefix(low.key, high.key) },
      });
    }
  }
  return out;
}

const mapper: UsageMapper = {
  ...fakeMapper,
  mapEvent: (e) => fakeMapper.mapEvent(e.eventName === 'HeadObject' ? { ...e, eventName: 'GetObject' } : e),
};

/** The grouped model and the one-by-one model; the engine never returns records outside fixed bounds. */
function both(
  events: readonly Event[],
  window: WindowSpec,
  options: { foldBudget?: number; fold?: boolean } = { foldBudget: 3 },
): [UsageModel, UsageModel] {
  const budget = options.foldBudget !== undefined ? { foldBudget: options.foldBudget } : {};
  const one = new UsageAggregator(mapper, { window, ...budget });
  for (const e of events) one.add(e);
  const grouped = new UsageAggregator(mapper, { window, ...budget });
  const fixed =
    'at' in window.since && window.until !== 'end-of-data'
      ? { since: window.since.at, until: window.until.at }
      : {};
  const groups = group(events, fixed);
  for (const g of options.fold === true ? fold(groups) : groups) grouped.addGroup(g);
  return [grouped.finish(), one.finish()];
}

/** Bursts of object accesses on keys under a few prefixes, some far past FOLD_BUDGET in a day. */
const burstArb = fc.record({
  role: fc.constantFrom('app-role', 'etl-role'),
  day: fc.constantFrom('2026-11-01', '2026-11-02', '2026-11-03', '2026-11-05'),
  denied: fc.boolean(),
  prefix: fc.constantFrom('', 'a/', 'a/b', 'a/b/', 'c/x-', 'ab'),
  keys: fc.array(fc.stringMatching(/^[a-c/]{0,4}$/), { maxLength: 150, size: 'max' }),
  // HeadObject needs s3:GetObject too: two groups of one cluster.
  eventName: fc.constantFrom('GetObject', 'HeadObject'),
  seconds: fc.array(fc.integer({ min: 0, max: 86_399 }), { minLength: 1, maxLength: 5 }),
});

function burstEvents(b: typeof burstArb extends fc.Arbitrary<infer T> ? T : never, n: number): Event[] {
  return b.keys.map((key, i) => ({
    ...eventOf({
      id: n * 1000 + i,
      role: b.role,
      day: b.day,
      second: b.seconds[i % b.seconds.length] ?? 0,
      kind: 'object',
      key: b.prefix + key,
    }),
    eventName: b.eventName,
    ...(b.denied ? { errorCode: 'AccessDenied' } : {}),
  }));
}

describe('UsageAggregator.addGroup', () => {
  it('counts a group exactly as its records one by one (fixed window, copies, S3 keys folding)', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (records, copies) => {
          const events = records.map(eventOf);
          // Identical copies of some records, as overlapping inputs hold them.
          for (const i of copies) if (events.length > 0) events.push(events[i % events.length] as Event);
          const window: WindowSpec = {
            since: { at: '2026-11-01T06:00:00.000Z' },
            until: { at: '2026-11-04T12:00:00.000Z' },
          };
          const [grouped, one] = both(events, window);
          const inside = (m: UsageModel): UsageModel => ({
            ...m,
            counts: { ...m.counts, records: 0, outsideWindow: 0 },
            dataEventSources: [],
          });
          assert.deepEqual(inside(grouped), inside(one));
          // Records outside the window also tell which sources have data events; the engine drops them.
          assert.ok(grouped.dataEventSources.every((s) => one.dataEventSources.includes(s)));
          // What the engine leaves out is what the aggregator would have counted outside.
          assert.equal(grouped.counts.records, one.counts.records - one.counts.outsideWindow);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('groups of S3 keys the engine folded count as their records one by one would', () => {
    fc.assert(
      fc.property(
        fc.array(burstArb, { maxLength: 8 }),
        fc.array(recordArb, { maxLength: 30 }),
        fc.constantFrom<WindowSpec>(
          { since: { days: 2 }, until: 'end-of-data' },
          { since: { at: '2026-11-02T06:00:00.000Z' }, until: { at: '2026-11-05T12:00:00.000Z' } },
        ),
        (bursts, records, window) => {
          const events = [...bursts.flatMap((b, n) => burstEvents(b, n)), ...records.map(eventOf)];
          const [grouped, one] = both(events, window, { fold: true });
          const inside = (m: UsageModel): UsageModel => ({
            ...m,
            counts: { ...m.counts, records: 0, outsideWindow: 0 },
            dataEventSources: [],
          });
          assert.deepEqual(inside(grouped), inside(one));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a window of days counted back from the last event drops the same days', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(recordArb, { selector: (r) => `${r.id} ${r.day}`, maxLength: 50 }),
        (records) => {
          const [grouped, one] = both(records.map(eventOf), { since: { days: 2 }, until: 'end-of-data' });
          assert.deepEqual(grouped, one);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('expandGroups gives each group’s records one by one, at its first and last times', async () => {
    const event = roleEvent();
    const groups = [
      {
        event,
        count: 3,
        records: 4,
        firstSeen: '2026-11-01T01:00:00.000Z',
        lastSeen: '2026-11-01T05:00:00.000Z',
      },
    ];
    async function* source(): AsyncGenerator<EventGroup> {
      yield* groups;
    }
    const out: Event[] = [];
    for await (const e of expandGroups(source())) out.push(e);
    assert.deepEqual(
      out.map((e) => e.eventTime),
      ['2026-11-01T01:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-01T05:00:00.000Z'],
    );
    assert.equal(new Set(out.map((e) => e.eventID)).size, 3);
  });
});
