import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runPatch } from '../../src/app/patch.js';
import { main } from '../../src/cli/main.js';
import { EXAMPLE_IAC, FIXTURES } from './helpers.js';

async function captured(
  run: () => Promise<number>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(chunk) > 0) as typeof process.stderr.write;
  try {
    return { code: await run(), stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

test('pare patch --format json: the patches written, roles resolved, unresolved on stderr', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pare-patch-'));
  try {
    const out = join(dir, 'patches');
    const run = await captured(() =>
      main([
        'patch',
        '--iac',
        EXAMPLE_IAC,
        '--from',
        join(FIXTURES, 'analyze-out'),
        '--out',
        out,
        '--format',
        'json',
      ]),
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { patches: string[]; unresolved: string[] };
    assert.deepEqual(summary.unresolved, ['wild-rydes-order-processor']);
    assert.deepEqual((await readdir(out)).sort(), summary.patches.sort());
    assert.equal(summary.patches.length, 3);
    assert.match(run.stderr, /no IaC found for role wild-rydes-order-processor/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--apply writes the patched files in place; a bad --map is a usage error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pare-patch-'));
  try {
    const iac = join(dir, 'iac');
    await cp(EXAMPLE_IAC, iac, { recursive: true });
    const run = await runPatch({
      iac,
      from: join(FIXTURES, 'analyze-out'),
      out: join(dir, 'p'),
      apply: true,
      map: [],
    });
    const change = run.plan.changes.find((c) => c.path === 'wild-rydes-ride-record/serverless.yml');
    assert.equal(await readFile(join(iac, 'wild-rydes-ride-record/serverless.yml'), 'utf8'), change?.after);
    const bad = await captured(() =>
      main([
        'patch',
        '--iac',
        iac,
        '--from',
        join(FIXTURES, 'analyze-out'),
        '--out',
        join(dir, 'q'),
        '--map',
        'nonsense',
      ]),
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expected RoleName=path#LogicalId/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
