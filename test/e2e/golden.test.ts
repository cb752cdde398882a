import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { runAnalyze } from '../../src/app/analyze.js';
import { renderSummary } from '../../src/outputs/text.js';
import { DEFAULT_WINDOW } from '../../src/usage/window.js';
import { readTree } from '../helpers/analyze.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * Every output file of `pare analyze` on the bundled example, byte for byte. After an intended change:
 * `UPDATE_GOLDEN=1 npm run test:unit`, then review the diff of test/golden/ like code.
 */
const GOLDEN = join(ROOT, 'test/golden/wild-rydes');

test('analyze on the bundled example matches the golden files, and twice gives the same bytes', async () => {
  const outputs: Map<string, string>[] = [];
  for (let i = 0; i < 2; i++) {
    const out = join(tempDir(), 'out');
    const run = await runAnalyze({
      // Relative paths, as the README runs it: the manifest records them.
      logs: ['examples/wild-rydes/logs'],
      iam: ['examples/wild-rydes/iam.json'],
      lambda: ['examples/wild-rydes/lambda.json', 'examples/wild-rydes/lambda'],
      resourcePolicies: ['examples/wild-rydes/resource-policies'],
      code: ['examples/wild-rydes/code'],
      window: DEFAULT_WINDOW,
      selection: { roles: [], functions: [] },
      perFunction: true,
      skipBadFiles: false,
      out,
    });
    const files = readTree(out);
    files.set('stdout.txt', renderSummary(run.analysis, 'out/wild-rydes'));
    outputs.push(files);
  }
  const [first, second] = outputs as [Map<string, string>, Map<string, string>];
  assert.deepEqual([...second], [...first], 'byte-stable across runs');

  if (process.env['UPDATE_GOLDEN']) {
    rmSync(GOLDEN, { recursive: true, force: true });
    for (const [path, content] of first) {
      mkdirSync(dirname(join(GOLDEN, path)), { recursive: true });
      writeFileSync(join(GOLDEN, path), content);
    }
  }
  const golden = readTree(GOLDEN);
  assert.deepEqual([...first.keys()].sort(), [...golden.keys()].sort(), 'the same files');
  for (const [path, content] of first)
    assert.equal(content, golden.get(path), `test/golden/wild-rydes/${path}`);
});
