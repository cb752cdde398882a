import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RuleId } from '../../src/model/finding.js';
import { ruleHelp, ruleList, RULES, sarifLevel, securitySeverity } from '../../src/outputs/rules.js';
import { ROOT } from '../helpers/cli.js';

/** The members of the RuleId union, read from its source: the type has no run-time form. */
function unionIds(): string[] {
  const source = readFileSync(join(ROOT, 'src/model/finding.ts'), 'utf8');
  const union = /export type RuleId =([^;]*);/.exec(source)?.[1] ?? '';
  return [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] ?? '').sort();
}

test('every rule id of the RuleId union has an entry in the registry, and nothing else does', () => {
  const ids = unionIds();
  assert.ok(ids.length >= 24, 'the union was read');
  assert.deepEqual(
    ruleList().map(([id]) => id),
    ids,
  );
  // And the compiler agrees: this line fails to type-check if an id lacks an entry.
  const entries: Record<RuleId, unknown> = RULES;
  assert.equal(Object.keys(entries).length, ids.length);
});

test('each entry documents the rule the way code scanning shows it', () => {
  const names = new Set<string>();
  for (const [id, entry] of ruleList()) {
    assert.match(entry.name, /^[A-Z][A-Za-z]+$/, id);
    assert.ok(!names.has(entry.name), `${id}: name ${entry.name} is unique`);
    names.add(entry.name);
    assert.ok(entry.short.length > 0 && entry.short.length <= 1024 && !entry.short.endsWith('.'), id);
    assert.ok(entry.full.endsWith('.') && entry.fix.endsWith('.'), `${id}: full sentences`);
    const help = ruleHelp(entry);
    assert.ok(!help.text.includes('`'), `${id}: plain-text help has no markdown`);
    assert.ok(help.markdown.includes('**Fix:**'), id);
  }
});

test('severities map to SARIF levels and code scanning’s security-severity bands', () => {
  assert.deepEqual(
    (['high', 'medium', 'low', 'info'] as const).map((s) => [sarifLevel(s), securitySeverity(s)]),
    [
      ['error', '8.0'],
      ['warning', '5.5'],
      ['note', '3.0'],
      ['note', undefined],
    ],
  );
  // The bands: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
  assert.ok(Number(securitySeverity('high')) >= 7 && Number(securitySeverity('high')) < 9);
  assert.ok(Number(securitySeverity('medium')) >= 4 && Number(securitySeverity('medium')) < 7);
  assert.equal(RULES['admin-access'].severity, 'high');
  assert.equal(RULES['kept-not-observable'].severity, 'info');
});
