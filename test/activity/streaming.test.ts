import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { chunkParser, parseText } from '../../src/activity/parse-text.js';
import { DocumentStream } from '../../src/activity/document-stream.js';
import { record } from './helpers.js';

/** Cuts `bytes` at the given positions. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const records = Array.from({ length: 12 }, (_, i) =>
  record(i, {
    requestParameters: {
      key: `ключ/✓/${i} 😀`,
      escaped: 'a"b\\c\n\u0001',
      'brackets"}]': '}],[{',
      endsInBackslash: 'C:\\',
      quoteAfterBackslashes: '\\\\"',
      n: [1.5e3, -2, null, true, false, {}, []],
    },
  }),
);
const shapes: [string, string][] = [
  ['records', JSON.stringify({ Records: records, extra: { x: 1 } })],
  ['pretty', JSON.stringify({ Records: records }, null, 2)],
  ['array', JSON.stringify(records)],
  [
    'lookup',
    JSON.stringify({ NextToken: 't', Events: records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })) }),
  ],
  ['concatenated', records.map((r) => JSON.stringify(r, null, 1)).join('\n')],
  ['one record', JSON.stringify(records[0])],
  [
    'lookup, list first',
    JSON.stringify({ Events: records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })), NextToken: 'x}' }),
  ],
  ['cat of two files', cloudTrail(records.slice(0, 5)) + '\n' + cloudTrail(records.slice(5))],
  [
    'array of files (jq -s)',
    JSON.stringify([{ Records: records.slice(0, 5) }, { Records: records.slice(5) }]),
  ],
  ['empty list', '{"Records": []}'],
];

function cloudTrail(list: unknown[]): string {
  return JSON.stringify({ Records: list });
}

test('document streaming: any chunking, any shape, the same events as parsing whole', () => {
  for (const [name, text] of shapes) {
    const whole = parseText(text, name, 'auto');
    assert.equal(whole.length, name === 'one record' ? 1 : name === 'empty list' ? 0 : 12, name);
    assert.deepEqual(
      whole.map((e) => e.requestParameters),
      records.slice(0, whole.length).map((r) => r['requestParameters']),
    );
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (at) => {
        const parser = chunkParser(name, 'document', 1 << 20);
        const events = cut(bytes, at).flatMap((chunk) => parser.write(chunk));
        events.push(...parser.end());
        assert.deepEqual(events, whole);
      }),
      { numRuns: 60 },
    );
  }
});

test('line streaming: any chunking, the same events and the same line numbers', () => {
  const text = `${records.map((r) => JSON.stringify(r)).join('\r\n')}\n\n{"broken": \n`;
  const bytes = Buffer.from(text);
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 12 }), (at) => {
      const parser = chunkParser('x.jsonl', 'lines', 1 << 20);
      const events = [];
      let error: Error | undefined;
      try {
        for (const chunk of cut(bytes, at)) events.push(...parser.write(chunk));
        events.push(...parser.end());
      } catch (e) {
        error = e as Error;
      }
      assert.match(error?.message ?? '', /^x\.jsonl: line 14: invalid JSON/);
      assert.ok(events.length <= 12);
    }),
    { numRuns: 100 },
  );
});

test('the fast splitter: truncation and junk are named', () => {
  const r = JSON.stringify(record(1));
  const cases: [string, RegExp][] = [
    [`{"Records": [${r}`, /^f: invalid JSON \(unexpected end of input\)$/],
    [`{"Records": [${r},]}`, /^f: invalid JSON \(a comma before "\]"\)$/],
    [`{"Records": [${r} ${r}]}`, /^f: Records\[0\]: invalid JSON/],
    [`{"Records": [${r.slice(0, -1)}]}`, /^f: Records\[0\]: invalid JSON/],
    [`{"Records": [${r}]} junk`, /^f: invalid JSON \(unexpected text after the document\)$/],
    [`{"Records": [${r}], "NextToken": }`, /^f: invalid JSON \(after Records\)$/],
    [`{"Records": [${r}] ]`, /^f: invalid JSON \(unexpected "\]" after Records\)$/],
    [`[${r}, 5]`, /^f: \[1\]: not a CloudTrail record \(a number\)$/],
  ];
  for (const [text, expected] of cases) {
    for (const size of [1, 7, 1 << 20]) {
      const parser = chunkParser('f', 'document', 1 << 20);
      const bytes = Buffer.from(text + ' '.repeat(300));
      assert.throws(
        () => {
          for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
          parser.end();
        },
        { message: expected },
        `${text} in chunks of ${size}`,
      );
    }
  }
});

test('document streaming: truncation and junk are named', () => {
  const visit = (): void => {};
  const errors: [string, RegExp][] = [
    ['{"Records": [{"a": 1}', /unexpected end of input/],
    ['{"Records": 5}', /Records is a number, not an array/],
    ['"text"', /not a CloudTrail file .*found a string/],
    ['{"Version": "2012-10-17"}', /not a CloudTrail file/],
    ['', /empty input/],
    ['{"Records": [] ] ', /invalid JSON/],
  ];
  for (const [text, expected] of errors) {
    assert.throws(() => {
      const stream = new DocumentStream(visit);
      stream.write(text);
      stream.end();
    }, expected);
  }
});
