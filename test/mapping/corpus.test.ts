import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { isProblem, normaliseRecord } from '../../src/activity/normalise.js';
import type { NotRealEventsFile } from '../../src/mapping/data.js';
import { mapEvent } from '../../src/mapping/index.js';
import type { Event } from '../../src/model/event.js';
import { bundled } from './helpers.js';

// shared/ sits beside the repository clone (locally and in CI).
const CORPUS = [
  fileURLToPath(new URL('../../../shared/corpus', import.meta.url)),
  '/work/shared/corpus',
].find((d) => existsSync(d));
const skip = CORPUS === undefined ? 'no shared/corpus beside the repository' : false;

let loaded: Event[] | undefined;

/** Every corpus record, records without an eventTime too (`pare map` explains those as well). */
function corpusEvents(): Event[] {
  if (loaded !== undefined) return loaded;
  const events: Event[] = [];
  for (const folder of CORPUS === undefined ? [] : readdirSync(CORPUS).sort()) {
    let text: string;
    try {
      text = readFileSync(`${CORPUS}/${folder}/records.jsonl`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const normalised = normaliseRecord(JSON.parse(line), { timeOptional: true });
      if (!isProblem(normalised)) events.push(normalised);
    }
  }
  loaded = events;
  return events;
}

const pairOf = (e: { eventSource: string; eventName: string }): string => `${e.eventSource} ${e.eventName}`;

test(
  'every corpus record maps to catalog actions, or is unknown only as listed in not-real-events.json',
  { skip },
  async (t) => {
    const { index, catalog, data } = await bundled();
    const notReal = new Map(
      (data.files['not-real-events.json'] as NotRealEventsFile).entries.map((e) => [pairOf(e), e.why]),
    );
    const events = corpusEvents();
    assert.ok(events.length > 1500, `only ${events.length} corpus records`);
    const counts: Record<string, number> = {};
    const unexpected = new Map<string, string>();
    const seenNotReal = new Set<string>();
    for (const e of events) {
      const result = mapEvent(e, index);
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      const pair = pairOf(e);
      const listed = notReal.get(pair);
      if (listed !== undefined) {
        seenNotReal.add(pair);
        // A listed pair that maps (or is told apart as no API call) means the list is stale.
        assert.equal(
          result.status,
          'unknown',
          `${pair} is in not-real-events.json but comes out ${result.status}`,
        );
        assert.ok(result.why.includes(listed), `${pair}: ${result.why}`);
        continue;
      }
      if (result.status === 'unknown') {
        unexpected.set(pair, result.why);
        continue;
      }
      if (result.status !== 'mapped') continue;
      assert.ok(result.accesses.length > 0);
      for (const a of result.accesses) {
        assert.equal(catalog.canonical(a.action), a.action, `${pair}: ${a.action}`);
        if (a.resource === '*') assert.ok(a.wildcard !== undefined, `${a.action}: * without a reason`);
        else {
          assert.equal(a.wildcard, undefined);
          assert.match(a.resource, /^arn:[^:]+:[^:]+:/, `${pair}: ${a.resource}`);
        }
      }
    }
    t.diagnostic(`corpus: ${events.length} records ${JSON.stringify(counts)}`);
    const report = [...unexpected].map(([pair, why]) => `${pair}: ${why}`).join('\n');
    assert.equal(
      unexpected.size,
      0,
      `unknown pairs: map them in mappings/ or list them, with a reason, in mappings/not-real-events.json\n${report}`,
    );
    const gone = [...notReal.keys()].filter((p) => !seenNotReal.has(p));
    assert.deepEqual(gone, [], 'not-real-events.json lists pairs the corpus no longer holds');
  },
);

test(
  'mapping is fast enough for the hot path (a million events in well under a minute)',
  { skip },
  async (t) => {
    const { index } = await bundled();
    const events = corpusEvents();
    const start = process.hrtime.bigint();
    let n = 0;
    while (n < 100_000) for (const e of events) if (n++ < 100_000) mapEvent(e, index);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    t.diagnostic(`100k corpus events mapped in ${seconds.toFixed(2)} s`);
    assert.ok(seconds < 5, `100k events took ${seconds.toFixed(2)} s`);
  },
);
