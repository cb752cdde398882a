import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { isProblem, normaliseRecord } from '../../src/activity/normalise.js';
import { mapEvent } from '../../src/mapping/index.js';
import type { Event } from '../../src/model/event.js';
import { bundled } from './helpers.js';

// shared/ sits beside the repository clone (locally and in CI).
const CORPUS = [
  fileURLToPath(new URL('../../../shared/corpus', import.meta.url)),
  '/work/shared/corpus',
].find((d) => existsSync(d));
const skip = CORPUS === undefined ? 'no shared/corpus beside the repository' : false;

function corpusEvents(): Event[] {
  const events: Event[] = [];
  if (CORPUS === undefined) return events;
  for (const folder of readdirSync(CORPUS).sort()) {
    let text: string;
    try {
      text = readFileSync(`${CORPUS}/${folder}/records.jsonl`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const normalised = normaliseRecord(JSON.parse(line));
      if (!isProblem(normalised)) events.push(normalised);
    }
  }
  return events;
}

test(
  'every corpus record maps without a throw, and every mapped action is a catalog action',
  { skip },
  async (t) => {
    const { index, catalog } = await bundled();
    const events = corpusEvents();
    assert.ok(events.length > 1000, `only ${events.length} corpus records`);
    const counts: Record<string, number> = {};
    const unknown = new Map<string, number>();
    for (const e of events) {
      const result = mapEvent(e, index);
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      if (result.status === 'unknown') {
        const key = `${e.eventSource} ${e.eventName}`;
        unknown.set(key, (unknown.get(key) ?? 0) + 1);
        continue;
      }
      if (result.status !== 'mapped') continue;
      assert.ok(result.accesses.length > 0);
      for (const a of result.accesses) {
        assert.equal(catalog.canonical(a.action), a.action, `${e.eventSource} ${e.eventName}: ${a.action}`);
        if (a.resource === '*') assert.ok(a.wildcard !== undefined, `${a.action}: * without a reason`);
        else {
          assert.equal(a.wildcard, undefined);
          assert.match(a.resource, /^arn:[^:]+:[^:]+:/, `${e.eventSource} ${e.eventName}: ${a.resource}`);
        }
      }
    }
    const top = [...unknown].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
    t.diagnostic(`corpus: ${events.length} records ${JSON.stringify(counts)}`);
    t.diagnostic(`top unknown: ${top.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    // The corpus is mostly real records: a jump in unknowns means a mapping regressed.
    assert.ok((counts['unknown'] ?? 0) < events.length * 0.04, JSON.stringify(counts));
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
