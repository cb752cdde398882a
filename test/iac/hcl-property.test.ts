/**
 * Properties of the HCL reader and writer: what pare writes parses back to the same value, and
 * whitespace, newlines inside brackets and comments between tokens never change what is parsed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Attribute, Block } from '../../src/iac/hcl/ast.js';
import { parseHcl } from '../../src/iac/hcl/parser.js';
import { evaluate, type HclValue } from '../../src/iac/hcl/values.js';
import { attributeLines, hclString, hclValue } from '../../src/iac/hcl/write.js';

const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const text = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', '$', '{', '}', '%', '\n', '\t', 'é', '#', '*', ':'),
});

const value: fc.Arbitrary<HclValue> = fc.letrec<{ value: HclValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.nat(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('var.x', 'aws_s3_bucket.b.arn', 'local.m["k"]').map((reference) => ({ reference })),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(identifier, text), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

const body = fc.uniqueArray(fc.tuple(identifier, value), { selector: ([k]) => k, maxLength: 5 });

test('what the writer writes parses back to the same value', () => {
  fc.assert(
    fc.property(body, (entries) => {
      const source = attributeLines(entries, '');
      const parsed = parseHcl(source);
      assert.ok(parsed.ok, parsed.ok ? '' : `${parsed.error.message}\n${source}`);
      const read = parsed.file.body.items.map((i) => [
        i.kind === 'attribute' ? i.name : '',
        i.kind === 'attribute' ? evaluate(i.expression, source) : null,
      ]);
      assert.deepEqual(read, entries);
    }),
    { numRuns: 300 },
  );
});

/** The same value, spelt with random gaps: spaces, block comments, and inside brackets newlines and line comments. */
function spelt(v: HclValue, gap: () => string): string {
  if (typeof v !== 'object' || v === null || 'reference' in v) return hclValue(v);
  const g = (): string => gap();
  const nl = (): string => (gap().length % 2 === 0 ? '\n' : ` # c\n`);
  if (Array.isArray(v)) return `[${g()}${v.map((x) => `${nl()}${spelt(x, gap)}${g()},`).join('')}${nl()}]`;
  const items = Object.entries(v).map(
    ([k, x]) => `${nl()}${g()}${hclString(k)}${g()}=${g()}${spelt(x, gap)}${nl()}`,
  );
  return `{${items.join('')}}`;
}

test('whitespace and comments between tokens do not change the parse', () => {
  const gaps = fc.array(fc.constantFrom(' ', '  ', '\t', ' /* x */ ', '/**/'), {
    minLength: 1,
    maxLength: 64,
  });
  fc.assert(
    fc.property(body, gaps, (entries, pool) => {
      let n = 0;
      const gap = (): string => pool[n++ % pool.length] ?? ' ';
      const source = entries
        .map(([k, v]) => `${gap()}${k}${gap()}=${gap()}${spelt(v, gap)}${gap()}# end\n\n`)
        .join('');
      const parsed = parseHcl(source);
      assert.ok(parsed.ok, parsed.ok ? '' : `${parsed.error.message}\n${source}`);
      for (const [i, [k, v]] of entries.entries()) {
        const item: Attribute | Block | undefined = parsed.file.body.items[i];
        assert.ok(item?.kind === 'attribute' && item.name === k);
        assert.deepEqual(evaluate(item.expression, source), v);
      }
    }),
    { numRuns: 300 },
  );
});
