import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.js';
import { compilePostureData } from '../../src/checks/index.js';
import { loadPostureFiles } from '../../src/data/posture.js';
import { InputError } from '../../src/errors.js';

describe('mappings/posture', () => {
  it('compiles: every exploit-grade action is in the IAM catalog, every date a date, every entry sourced', async () => {
    const [files, catalog] = await Promise.all([loadPostureFiles(), loadCatalog()]);
    const data = compilePostureData(files, catalog);
    assert.ok(data.exploitGrade.length >= 30);
    for (const required of [
      'cloudtrail:StopLogging',
      'cloudtrail:DeleteTrail',
      'cloudtrail:UpdateTrail',
      'cloudtrail:PutEventSelectors',
      'iam:PassRole',
      'sts:AssumeRole',
      'kms:PutKeyPolicy',
      's3:PutBucketPolicy',
      'lambda:UpdateFunctionCode',
      'lambda:AddPermission',
    ])
      assert.ok(
        data.exploitGrade.some((e) => e.action === required),
        required,
      );
    assert.equal(data.runtimes.get('nodejs16.x'), '2024-06-12');
    assert.equal(data.runtimes.get('python3.8'), '2024-10-14');
  });

  it('refuses a broken entry with the file and the JSON pointer', async () => {
    const [files, catalog] = await Promise.all([loadPostureFiles(), loadCatalog()]);
    const broken = (
      file: string,
      edit: (root: Record<string, unknown[]>) => void,
    ): Record<string, unknown> => {
      const copy = structuredClone(files[file]) as Record<string, unknown[]>;
      edit(copy);
      return { ...files, [file]: copy };
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [
        broken('exploit-grade-actions.json', (r) =>
          r['actions']?.push({ action: 'iam:NoSuchThing', scope: 'any', why: 'x', source: 'y' }),
        ),
        'mappings/posture/exploit-grade-actions.json',
        `/actions/${(files['exploit-grade-actions.json'] as { actions: unknown[] }).actions.length}/action`,
      ],
      [
        broken('runtimes.json', (r) => r['runtimes']?.push({ runtime: 'x', deprecated: 'soon' })),
        'mappings/posture/runtimes.json',
        `/runtimes/${(files['runtimes.json'] as { runtimes: unknown[] }).runtimes.length}/deprecated`,
      ],
      [
        broken('environment-secrets.json', (r) => r['names']?.push({ kind: 'k', pattern: '(', why: 'w' })),
        'mappings/posture/environment-secrets.json',
        `/names/${(files['environment-secrets.json'] as { names: unknown[] }).names.length}/pattern`,
      ],
    ];
    for (const [input, file, pointer] of cases)
      assert.throws(
        () => compilePostureData(input, catalog),
        (e: unknown) => e instanceof InputError && e.file === file && e.pointer === pointer,
        pointer,
      );
    const missing = { ...files };
    delete missing['iac-fingerprints.json'];
    assert.throws(() => compilePostureData(missing, catalog), /iac-fingerprints.json: missing/);
  });
});
