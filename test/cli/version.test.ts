import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TOOL } from '../../src/outputs/tool.js';
import { ROOT } from '../helpers/cli.js';

test('the version pare reports is the package version', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(TOOL.version, pkg.version);
});
