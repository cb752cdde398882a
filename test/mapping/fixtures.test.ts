import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { mapEvent } from '../../src/mapping/index.js';
import type { Access } from '../../src/model/access.js';
import type { Event } from '../../src/model/event.js';
import { bundled, event } from './helpers.js';

/**
 * Scenario families: each fixtures/*.json holds records (only the fields that matter; `null` removes a
 * default field) and the exact mapping expected of them.
 */
interface Fixture {
  name: string;
  event: Partial<Record<keyof Event, unknown>> & { eventSource: string; eventName: string };
  expect: { status: string; accesses?: Access[]; whyIncludes?: string };
}

const dir = new URL('./fixtures/', import.meta.url);

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const fixtures = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture[];
  describe(`mapping fixtures ${file}`, () => {
    for (const f of fixtures) {
      test(f.name, async () => {
        const { index } = await bundled();
        const record = event(f.event as Event) as unknown as Record<string, unknown>;
        for (const [k, v] of Object.entries(f.event)) if (v === null) delete record[k];
        const result = mapEvent(record as unknown as Event, index);
        assert.equal(result.status, f.expect.status, JSON.stringify(result));
        if (f.expect.accesses !== undefined) {
          assert.ok(result.status === 'mapped');
          assert.deepEqual(result.accesses, f.expect.accesses);
        }
        if (f.expect.whyIncludes !== undefined) {
          const why = result.status === 'mapped' ? result.why.join(' | ') : result.why;
          assert.ok(why.includes(f.expect.whyIncludes), `why: ${why}`);
        }
      });
    }
  });
}
