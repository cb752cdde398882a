import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCodePackages } from '../../src/app/code-packages.js';
import { scanCode, zipEntries } from '../../src/checks/index.js';
import { InputError } from '../../src/errors.js';
import { zipArchive } from '../../scripts/lib/zip-writer.js';
import { tempDir } from '../helpers/cli.js';
import { audit, context, fn } from './helpers.js';

// Built at run time: the repository holds no literal key header.
const KEY = [
  ['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' '),
  'EXAMPLE',
  ['-----END', 'OPENSSH PRIVATE KEY-----'].join(' '),
].join('\n');
const PYTHON_ZIP = new URL('./fixtures/python-made.zip', import.meta.url);

describe('ZIP entries', () => {
  it('reads stored and deflated entries of an archive another tool made, leaving directories out', () => {
    const entries = [...zipEntries(readFileSync(PYTHON_ZIP), 'python-made.zip')];
    assert.deepEqual(
      entries.map((e) => [e.name, e.data?.length]),
      [
        ['README.txt', 39],
        ['config/tls.key', 94],
        ['lib/signer.jar', 203],
      ],
    );
    assert.match(entries[1]?.data?.toString('utf8') ?? '', /^# comment\n\n-----BEGIN EC/);
  });
  it('reads what the example generator writes', () => {
    const bytes = zipArchive(
      [
        { name: 'a.txt', data: 'stored', stored: true },
        { name: 'b/c.txt', data: 'deflated '.repeat(50) },
      ],
      '2026-01-01T00:00:00Z',
    );
    assert.deepEqual(
      [...zipEntries(bytes, 'x.zip')].map((e) => [e.name, e.data?.toString('utf8')]),
      [
        ['a.txt', 'stored'],
        ['b/c.txt', 'deflated '.repeat(50)],
      ],
    );
  });
  it('refuses what is not a ZIP, or is cut short, with an InputError naming the file', () => {
    const bytes = zipArchive([{ name: 'a.txt', data: 'hello world' }], '2026-01-01T00:00:00Z');
    for (const broken of [
      Buffer.from('not a zip at all, just some text here'),
      bytes.subarray(0, bytes.length - 30),
    ]) {
      assert.throws(
        () => [...zipEntries(broken, 'pkg.zip')],
        (e: unknown) => e instanceof InputError && e.file === 'pkg.zip',
      );
    }
  });
});

describe('code-private-key', () => {
  it('finds key blocks in files and in archives inside the package, by file and line, never the key', async () => {
    const { data } = await context();
    const scan = scanCode(
      data.secrets,
      { package: 'signer', location: 'python-made.zip' },
      [...zipEntries(readFileSync(PYTHON_ZIP), 'p')].map((e) => ({
        path: e.name,
        data: e.data ?? Buffer.alloc(0),
      })),
    );
    assert.deepEqual(scan.keys, [
      { file: 'config/tls.key', kind: 'private-key', line: 3 },
      { file: 'lib/signer.jar!META-INF/signing.pem', kind: 'private-key', line: 2 },
    ]);
    const findings = await audit({ functions: [fn('signer')], code: [scan] });
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.function]),
      [['code-private-key', 'high', 'signer']],
    );
    assert.equal(JSON.stringify(findings).includes('EXAMPLE-not-a-real-key'), false);
  });
  it('does not fire on packages that only talk about keys', async () => {
    const { data } = await context();
    const scan = scanCode(data.secrets, { package: 'f', location: 'f.zip' }, [
      { path: 'README.md', data: Buffer.from('Never commit a PRIVATE KEY; BEGIN here.') },
    ]);
    assert.deepEqual(await audit({ functions: [fn('f')], code: [scan] }), []);
  });
  it('reads <function>.zip, <function>/ and folders of them; other files form a package named after the folder', async () => {
    const { data } = await context();
    const root = join(tempDir(), 'code');
    mkdirSync(join(root, 'unpacked', 'lib'), { recursive: true });
    writeFileSync(
      join(root, 'zipped.zip'),
      zipArchive([{ name: 'k.pem', data: KEY }], '2026-01-01T00:00:00Z'),
    );
    writeFileSync(join(root, 'unpacked', 'lib', 'id_rsa'), `x\n${KEY}`);
    writeFileSync(join(root, 'stray.pem'), KEY);
    const scans = await readCodePackages([root], new Set(['zipped', 'unpacked']), data.secrets);
    assert.deepEqual(
      scans.map((s) => [s.package, s.keys.map((k) => `${k.file}:${k.line}`)]),
      [
        ['unpacked', ['lib/id_rsa:2']],
        ['zipped', ['k.pem:1']],
        ['code', ['stray.pem:1']],
      ],
    );
    const findings = await audit({ functions: [fn('zipped'), fn('unpacked')], code: scans });
    assert.deepEqual(findings.map((f) => f.function ?? f.resources?.[0]).sort(), [
      root,
      'unpacked',
      'zipped',
    ]);
    await assert.rejects(
      readCodePackages([join(root, 'missing.zip')], new Set(), data.secrets),
      /no such file/,
    );
    await assert.rejects(
      readCodePackages([join(root, 'stray.pem')], new Set(), data.secrets),
      /not a ZIP archive/,
    );
  });
});
