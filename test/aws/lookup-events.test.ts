import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { lookupEventsSource } from '../../src/activity/lookup-events-source.js';
import { TokenBucket } from '../../src/aws/rate-limit.js';
import { AwsAccessError, InputError } from '../../src/errors.js';
import { awsError, collect, fakeClock, record } from './helpers.js';

const trail = mockClient(CloudTrailClient);
afterEach(() => trail.reset());

const clients = new Map<string, CloudTrailClient>();
const clientFor = (region: string): CloudTrailClient => {
  let c = clients.get(region);
  if (!c) clients.set(region, (c = new CloudTrailClient({ region })));
  return c;
};

const entry = (name: string, time: string) => ({
  EventId: `${name}-id`,
  EventName: name,
  CloudTrailEvent: JSON.stringify(record(name, time, { managementEvent: true, eventCategory: 'Management' })),
});

describe('lookupEventsSource', () => {
  it('pages with NextToken within the window, through normaliseRecord', async () => {
    trail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [entry('ListTables', '2026-11-01T00:00:00Z')], NextToken: 'n1' })
      .resolvesOnce({ Events: [entry('DescribeTable', '2026-11-01T00:01:00Z')], NextToken: 'n2' })
      .resolves({ Events: [entry('CreateTable', '2026-11-01T00:02:00Z')] });
    const startTime = new Date('2026-10-01T00:00:00Z');
    const endTime = new Date('2026-11-02T00:00:00Z');
    const src = lookupEventsSource({
      clientFor,
      regions: ['us-east-1'],
      startTime,
      endTime,
      clock: fakeClock(),
    });
    assert.equal(src.managementEventsOnly, true);
    const events = await collect(src.events());
    assert.deepEqual(
      events.map((e) => e.eventName),
      ['ListTables', 'DescribeTable', 'CreateTable'],
    );
    assert.equal(events[0]?.principal.roleName, 'app-role');
    const inputs = trail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    assert.deepEqual(
      inputs.map((i) => i.NextToken),
      [undefined, 'n1', 'n2'],
    );
    assert.ok(inputs.every((i) => i.StartTime === startTime && i.EndTime === endTime));
    assert.equal(src.stats().records, 3);
  });

  it('sends at most 2 requests per second per region', async () => {
    const clock = fakeClock();
    const times: number[] = [];
    let page = 0;
    trail.on(LookupEventsCommand).callsFake(() => {
      times.push(clock.time);
      page++;
      return { Events: [], ...(page < 6 ? { NextToken: `n${page}` } : {}) };
    });
    await collect(lookupEventsSource({ clientFor, regions: ['us-east-1'], clock }).events());
    assert.equal(times.length, 6);
    // One every 500 ms: no span of a second holds a third request.
    assert.deepEqual(times, [0, 500, 1000, 1500, 2000, 2500]);
    for (let i = 2; i < times.length; i++) assert.ok(times[i]! - times[i - 2]! >= 1000);
  });

  it('reads each region asked, with its own client', async () => {
    trail.on(LookupEventsCommand).resolves({ Events: [] });
    await collect(
      lookupEventsSource({ clientFor, regions: ['us-east-1', 'eu-west-1'], clock: fakeClock() }).events(),
    );
    const regions = await Promise.all(
      trail.commandCalls(LookupEventsCommand).map((c) => (c.thisValue as CloudTrailClient).config.region()),
    );
    assert.deepEqual(regions, ['us-east-1', 'eu-west-1']);
  });

  it('retries ThrottlingException, then reads the page', async () => {
    const clock = fakeClock();
    trail
      .on(LookupEventsCommand)
      .rejectsOnce(awsError('ThrottlingException', 400))
      .resolves({ Events: [entry('ListTables', '2026-11-01T00:00:00Z')] });
    const events = await collect(lookupEventsSource({ clientFor, regions: ['us-east-1'], clock }).events());
    assert.equal(events.length, 1);
    assert.equal(trail.commandCalls(LookupEventsCommand).length, 2);
    assert.ok(clock.sleeps.length > 0);
  });

  it('names cloudtrail:LookupEvents when refused', async () => {
    trail.on(LookupEventsCommand).rejects(awsError('AccessDeniedException', 400));
    const error = await collect(
      lookupEventsSource({ clientFor, regions: ['eu-west-1'], clock: fakeClock() }).events(),
    ).catch((e: unknown) => e);
    assert.ok(error instanceof AwsAccessError);
    assert.equal(
      error.message,
      'cloudtrail LookupEvents was refused: pare needs cloudtrail:LookupEvents in eu-west-1 (resource *)',
    );
  });

  it('yields nothing for an account with no events', async () => {
    trail.on(LookupEventsCommand).resolves({ Events: [] });
    const src = lookupEventsSource({ clientFor, regions: ['us-east-1'], clock: fakeClock() });
    assert.deepEqual(await collect(src.events()), []);
    assert.equal(src.stats().records, 0);
  });

  it('reports an event it cannot read as an InputError', async () => {
    trail.on(LookupEventsCommand).resolves({ Events: [{ EventId: 'x1', CloudTrailEvent: '{not json' }] });
    const error = await collect(
      lookupEventsSource({ clientFor, regions: ['us-east-1'], clock: fakeClock() }).events(),
    ).catch((e: unknown) => e);
    assert.ok(error instanceof InputError);
    assert.equal(error.file, 'LookupEvents us-east-1');
    assert.equal(error.pointer, 'page 1, event x1');
  });
});

describe('TokenBucket', () => {
  it('refills at its rate up to its burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, 2, clock);
    await bucket.take();
    await bucket.take();
    assert.equal(clock.now(), 0);
    await bucket.take();
    assert.equal(clock.now(), 500);
    clock.time += 10_000; // a long pause refills only up to the burst
    await bucket.take();
    await bucket.take();
    const before = clock.time;
    await bucket.take();
    assert.equal(clock.time - before, 500);
  });
});
