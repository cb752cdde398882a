import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.js';
import { ROOT } from '../helpers/cli.js';

/** README's read-only policy is what users paste into IAM: it must parse and name only real actions. */
test('README: the read-only policy parses and every action is in the IAM catalog', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('```json', readme.indexOf('The read-only policy each mode needs:'));
  assert.ok(start > 0, 'README has the policy');
  const text = readme.slice(start + '```json'.length, readme.indexOf('```', start + 7));
  const policy = JSON.parse(text) as { Statement: { Action: string | string[] }[] };
  const catalog = await loadCatalog();
  const actions = policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  assert.ok(actions.length >= 20);
  for (const action of actions) assert.ok(catalog.canonical(action), `${action} is an IAM action`);
});
