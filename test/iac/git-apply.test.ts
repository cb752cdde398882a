/** Every patch passes `git apply --check`, applies to exactly the planned text, and the result parses. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { PATCHERS, patchContext, readAnalyzeOutput, readIacFiles } from '../../src/app/patch.js';
import { patchFileName, planPatches, renderPatch } from '../../src/iac/patch.js';
import { CFN_TAGS } from '../../src/iac/yaml-tags.js';
import { exampleFiles, FIXTURES, THUMBNAIL_ROLE } from './helpers.js';

test('git apply --check passes on every patch, and the patched files parse', async () => {
  const output = await readAnalyzeOutput(join(FIXTURES, 'analyze-out'));
  const roles = [...output, THUMBNAIL_ROLE];
  const context = await patchContext(output.findings);
  const files = [
    ...(await exampleFiles()),
    ...(await readIacFiles(FIXTURES)).filter((f) => f.path.startsWith('cfn-')),
  ];
  // A role is patched in the first file that defines it: the two fixtures of one role are planned apart.
  const changes = files.flatMap((file) => planPatches([file], roles, [], PATCHERS, context).changes);
  assert.equal(changes.length, 5);
  const repo = await mkdtemp(join(tmpdir(), 'pare-iac-'));
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
    git('init', '-q');
    for (const file of files) {
      await mkdir(dirname(join(repo, file.path)), { recursive: true });
      await writeFile(join(repo, file.path), file.text);
    }
    for (const change of changes) {
      const patch = join(repo, patchFileName(change.path));
      await writeFile(patch, renderPatch(change, roles));
      git('apply', '--check', patch);
      git('apply', patch);
      const applied = await readFile(join(repo, change.path), 'utf8');
      assert.equal(applied, change.after);
      if (change.path.endsWith('.json')) JSON.parse(applied);
      else assert.deepEqual(parseDocument(applied, { customTags: CFN_TAGS }).errors, [], change.path);
      // Patching the patched file again changes nothing.
      assert.deepEqual(
        planPatches([{ path: change.path, text: applied }], roles, [], PATCHERS, context).changes,
        [],
        change.path,
      );
    }
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
});
