import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runPatch } from '../../src/app/patch.js';
import { main } from '../../src/cli/main.js';
import { EXAMPLE, EXAMPLE_APPS, EXAMPLE_IAC, FIXTURES } from './helpers.js';

/** The example's CloudFormation/SAM and Serverless apps, copied where a test may change them. */
async function exampleCopy(dir: string): Promise<string> {
  const iac = join(dir, 'iac');
  for (const app of EXAMPLE_APPS) await cp(join(EXAMPLE_IAC, app), join(iac, app), { recursive: true });
  return iac;
}

const INPUTS = [
  '--logs',
  join(EXAMPLE, 'logs'),
  '--iam',
  join(EXAMPLE, 'iam.json'),
  '--lambda',
  join(EXAMPLE, 'lambda.json'),
  join(EXAMPLE, 'lambda'),
  '--resource-policies',
  join(EXAMPLE, 'resource-policies'),
  '--per-function',
];

async function files(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)),
  );
}

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
    const iac = await exampleCopy(dir);
    const run = await captured(() =>
      main([
        'patch',
        '--iac',
        iac,
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
    const iac = await exampleCopy(dir);
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

test('analyze inputs instead of --from: the same analysis, byte-identical patches; --analyze-out keeps it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pare-patch-'));
  try {
    const iac = await exampleCopy(dir);
    const analysis = join(dir, 'analysis');
    const analyzed = await captured(() => main(['analyze', ...INPUTS, '--out', analysis]));
    assert.equal(analyzed.code, 0, analyzed.stderr);
    const fromRun = await captured(() =>
      main(['patch', '--iac', iac, '--from', analysis, '--out', join(dir, 'from')]),
    );
    assert.equal(fromRun.code, 0, fromRun.stderr);
    const kept = join(dir, 'kept');
    const direct = await captured(() =>
      main(['patch', '--iac', iac, ...INPUTS, '--out', join(dir, 'direct'), '--analyze-out', kept]),
    );
    assert.equal(direct.code, 0, direct.stderr);
    const patches = await files(join(dir, 'from'));
    assert.equal(Object.keys(patches).length, 3);
    assert.deepEqual(await files(join(dir, 'direct')), patches);
    assert.equal(
      await readFile(join(kept, 'findings.json'), 'utf8'),
      await readFile(join(analysis, 'findings.json'), 'utf8'),
    );
    // The public data lake bucket policy goes, on the analysis' own finding.
    assert.match(
      patches['wild-rydes-data-lake__serverless.yml.patch'] ?? '',
      /- {4}WildRydesDataLakeBucketPolicy:/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('exactly one of --from and analyze inputs: usage errors that say what to drop', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pare-patch-'));
  try {
    const base = ['patch', '--iac', dir, '--out', join(dir, 'p')];
    const both = await captured(() => main([...base, '--from', FIXTURES, '--logs', dir, '--per-function']));
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--from reads an earlier analysis: leave out --logs, --per-function/);
    const neither = await captured(() => main(base));
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /--from OUT_DIR .* or analyze inputs/);
    const keep = await captured(() => main([...base, '--from', FIXTURES, '--analyze-out', dir]));
    assert.equal(keep.code, 2);
    assert.match(keep.stderr, /--analyze-out .* does not go with --from/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
