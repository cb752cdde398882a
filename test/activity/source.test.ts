import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { localSource, memorySource, normaliseRecord, type ActivitySource } from '../../src/activity/index.js';
import type { Event } from '../../src/model/event.js';
import { FIXTURES, record } from './helpers.js';

async function drain(source: ActivitySource): Promise<Event[]> {
  const events: Event[] = [];
  for await (const event of source.events()) events.push(event);
  return events;
}

test('memorySource: a fake for the modules downstream', async () => {
  const events = [record(1), record(2)].map((r) => normaliseRecord(r) as Event);
  const source = memorySource(events);
  assert.deepEqual(await drain(source), events);
  assert.deepEqual(await drain(source), events);
  assert.deepEqual(source.stats(), { files: 0, bytes: 0, records: 2, badFiles: [], emptyDirs: [] });
});

test('localSource: every events() call reads the files again', async () => {
  const source = localSource([join(FIXTURES, 'cloudtrail-file.json')]);
  assert.equal(source.stats().records, 0);
  assert.equal((await drain(source)).length, 3);
  assert.equal((await drain(source)).length, 3);
  assert.equal(source.stats().records, 3);
  assert.equal(source.stats().files, 1);
});
