import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { localSource } from '../../src/activity/local-source.js';
import { isProblem, normaliseRecord } from '../../src/activity/normalise.js';
import { mapEvent } from '../../src/mapping/index.js';
import { COMPACT_SUFFIXES } from '../../src/activity/pushdown-sql.js';
import {
  compactProjection,
  projectObject,
  projections,
  type SourceProjection,
} from '../../src/mapping/projection.js';
import type { MappingResult } from '../../src/model/access.js';
import type { Event } from '../../src/model/event.js';
import { bundled } from './helpers.js';

const CORPUS = '/work/shared/corpus';
const LOGS = ['examples/wild-rydes/logs', 'test/fixtures/accounts/unseen/logs'];

async function allEvents(): Promise<Event[]> {
  const events: Event[] = [];
  for (const folder of existsSync(CORPUS) ? readdirSync(CORPUS).sort() : []) {
    const file = `${CORPUS}/${folder}/records.jsonl`;
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const e = normaliseRecord(JSON.parse(line), { timeOptional: true });
      if (!isProblem(e)) events.push(e);
    }
  }
  for await (const e of localSource(LOGS).events()) events.push(e);
  return events;
}

/** The record as the engine returns it: projected request and response, resources by ARN only. */
function projected(event: Event, projection: SourceProjection | undefined): Event {
  const out: Event = { ...event };
  delete out.requestParameters;
  delete out.responseElements;
  delete out.resources;
  const request = projectObject(
    event.requestParameters,
    projection?.request ?? 'all',
    projection?.requestSuffixes,
  );
  if (request !== undefined) out.requestParameters = request;
  const response = projection ? projectObject(event.responseElements, projection.response) : undefined;
  if (response !== undefined) out.responseElements = response;
  const arns = (event.resources ?? []).flatMap((r) => (r.arn === undefined ? [] : [{ arn: r.arn }]));
  if (arns.length > 0) out.resources = arns;
  return out;
}

/** Order of accesses aside (the usage model sorts them), the whole result. */
function canonical(result: MappingResult): unknown {
  if (result.status !== 'mapped') return result;
  const accesses = [...result.accesses].sort((a, b) =>
    `${a.action} ${a.resource}` < `${b.action} ${b.resource}` ? -1 : 1,
  );
  return { ...result, accesses };
}

describe('projections', () => {
  it('mapping a projected record gives the full record’s result, for every corpus and example record', async () => {
    const { index } = await bundled();
    const all = projections(index);
    const bySource = new Map(all.map((p) => [p.eventSource, p]));
    // Lake's shorter patterns (keys kept by their endings) too.
    const compact = new Map(all.map((p) => [p.eventSource, compactProjection(p, COMPACT_SUFFIXES)]));
    const events = await allEvents();
    assert.ok(events.length > 1500, `${events.length} records`);
    const differ: string[] = [];
    for (const event of events) {
      const full = canonical(mapEvent(event, index));
      for (const table of [bySource, compact]) {
        const small = canonical(mapEvent(projected(event, table.get(event.eventSource)), index));
        try {
          assert.deepEqual(small, full);
        } catch {
          differ.push(`${event.eventSource} ${event.eventName} ${event.eventID}`);
        }
      }
    }
    assert.deepEqual(differ, []);
  });

  it('keeps few keys: lower-case names, the ARN and wrapper endings, whole values', async () => {
    const { index } = await bundled();
    const lambda = projections(index).find((p) => p.eventSource === 'lambda.amazonaws.com');
    assert.ok(lambda && lambda.request !== 'all');
    assert.ok(lambda.request.includes('functionname'));
    assert.ok(lambda.request.every((k) => k === k.toLowerCase()));
    assert.deepEqual(lambda.requestSuffixes, ['arn', 'arns', 'req', 'request']);
    assert.deepEqual(
      projectObject(
        { FunctionName: 'f', Payload: 'x', roleArn: 'arn:aws:iam::1:role/r', Nested: { a: 1 } },
        ['functionname', 'nested'],
        ['arn'],
      ),
      { FunctionName: 'f', roleArn: 'arn:aws:iam::1:role/r', Nested: { a: 1 } },
    );
  });
});
