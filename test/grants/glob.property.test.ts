import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PROPERTY_SEED } from './helpers.js';
import { globIntersects, globMatches, globSubset, RESOURCE_GLOB } from '../../src/grants/glob.js';

// Small alphabets make collisions (and so interesting subset/intersection cases) frequent.
const LETTERS = ['a', 'b', ':', '/'];
const VARIABLE = '${aws:username}';
const plainPattern = fc.array(fc.constantFrom(...LETTERS, '*', '?'), { maxLength: 6 }).map((t) => t.join(''));
const variablePattern = fc
  .array(fc.constantFrom(...LETTERS, '*', '?', VARIABLE, '${*}'), { maxLength: 6 })
  .map((t) => t.join(''));
/** Pairs where b is often a with some tokens widened to `*` (so a ⊆ b holds often enough to test). */
const variablePair = variablePattern.chain((a) => {
  const tokens = a.match(/\$\{[^}]*\}|[\s\S]/g) ?? [];
  const widened = fc
    .array(fc.boolean(), { minLength: tokens.length, maxLength: tokens.length })
    .map((widen) => tokens.map((t, i) => (widen[i] ? '*' : t)).join(''));
  return fc.tuple(fc.constant(a), fc.oneof(variablePattern, widened));
});
const text = fc.array(fc.constantFrom(...LETTERS, 'c'), { maxLength: 4 }).map((t) => t.join(''));

type Token = '*' | '?' | { literal: string };

/** An independent matcher: backtracking over tokens, variables already substituted. */
function matches(pattern: Token[], value: string): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return value === '';
  if (head === '*') return [...Array(value.length + 1).keys()].some((i) => matches(rest, value.slice(i)));
  if (head === '?') return value.length > 0 && matches(rest, value.slice(1));
  return value.startsWith(head.literal) && matches(rest, value.slice(head.literal.length));
}

/** Tokens with the variable resolved to `value` (taken literally) and `${*}` to a literal `*`. */
function resolve(pattern: string, value: string): Token[] {
  const tokens = pattern.match(/\$\{[^}]*\}|[\s\S]/g) ?? [];
  return tokens.map((t): Token =>
    t === '*' || t === '?' ? t : { literal: t === VARIABLE ? value : t === '${*}' ? '*' : t },
  );
}

/** Random members of a resolved pattern's language. */
function sample(tokens: Token[], fill: string[]): string {
  let i = 0;
  const next = (): string => fill[i++ % fill.length] ?? '';
  return tokens.map((t) => (t === '*' ? next() : t === '?' ? next().slice(0, 1) || 'c' : t.literal)).join('');
}

/** Every string over {a, b, c} up to length 6: long enough to separate patterns of length ≤ 3. */
const UNIVERSE = (() => {
  const all = [''];
  for (let len = 1, frontier = ['']; len <= 6; len++) {
    frontier = frontier.flatMap((s) => ['a', 'b', 'c'].map((c) => s + c));
    all.push(...frontier);
  }
  return all;
})();
const tiny = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 3 }).map((t) => t.join(''));

test('globMatches agrees with a backtracking matcher', () => {
  fc.assert(
    fc.property(plainPattern, text, (pattern, value) => {
      assert.equal(globMatches(pattern, value), matches(resolve(pattern, ''), value));
    }),
    { numRuns: 500, seed: PROPERTY_SEED },
  );
});

test('globSubset true ⇒ every sampled member of a is matched by b, for the same variable value', () => {
  fc.assert(
    fc.property(
      variablePair,
      fc.constantFrom('', 'a', 'ab:/', 'bb'),
      fc.array(fc.constantFrom('', 'a', 'b/', ':a', 'ba*'), { minLength: 1, maxLength: 4 }),
      ([a, b], variable, fill) => {
        fc.pre(globSubset(a, b, RESOURCE_GLOB));
        const member = sample(resolve(a, variable), fill);
        assert.ok(
          matches(resolve(b, variable), member),
          `${member} ∈ ${a} but ∉ ${b} (variable = ${variable})`,
        );
      },
    ),
    { numRuns: 300, seed: PROPERTY_SEED },
  );
});

test('globSubset on sampled pairs that contain each other by construction', () => {
  // b is a with some characters widened to ? or *: a ⊆ b always; the search must find it.
  fc.assert(
    fc.property(
      plainPattern,
      fc.array(fc.constantFrom('keep', '?', '*'), { minLength: 6, maxLength: 6 }),
      (a, how) => {
        const b = [...a]
          .map((c, i) => (how[i] === '*' ? '*' : how[i] === '?' && c !== '*' ? '?' : c))
          .join('');
        assert.equal(globSubset(a, b), true, `${a} ⊆ ${b}`);
      },
    ),
    { numRuns: 300, seed: PROPERTY_SEED },
  );
});

test('globIntersects false ⇒ no sampled string matches both', () => {
  fc.assert(
    fc.property(
      variablePattern,
      variablePattern,
      fc.array(fc.constantFrom('', 'a', 'b/', ':a', 'ba'), { minLength: 1, maxLength: 4 }),
      (a, b, fill) => {
        fc.pre(!globIntersects(a, b, RESOURCE_GLOB));
        const member = sample(resolve(a, 'ab'), fill);
        assert.equal(globMatches(b, member, RESOURCE_GLOB), false, `${member} matches ${a} and ${b}`);
      },
    ),
    { numRuns: 300, seed: PROPERTY_SEED },
  );
});

test('without variables, subset and intersection are exact (brute force over short strings)', () => {
  fc.assert(
    fc.property(tiny, tiny, (a, b) => {
      const inA = UNIVERSE.filter((s) => matches(resolve(a, ''), s));
      const inB = new Set(UNIVERSE.filter((s) => matches(resolve(b, ''), s)));
      assert.equal(
        globSubset(a, b),
        inA.every((s) => inB.has(s)),
        `${a} ⊆ ${b}`,
      );
      assert.equal(
        globIntersects(a, b),
        inA.some((s) => inB.has(s)),
        `${a} ∩ ${b}`,
      );
    }),
    { numRuns: 400, seed: PROPERTY_SEED },
  );
});
