import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { buildArn, compileFormat } from '../../src/mapping/arn.js';
import { compileMappings } from '../../src/mapping/index.js';
import { compilePath, read, type Scope } from '../../src/mapping/path.js';
import type { RuleContext } from '../../src/mapping/resource-rule.js';
import { sameNamed } from '../../src/mapping/same-named.js';
import { bundled, copyOf } from './helpers.js';

const ctx: RuleContext = {
  partition: 'aws',
  region: 'us-east-1',
  account: '111122223333',
  redacted: new Set(['...']),
};

describe('paths', () => {
  const scope: Scope = {
    root: { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }, {}] }, name: 'n' },
    element: { tableName: 't' },
    response: { role: { arn: 'arn:aws:iam::1:role/app/r' } },
  };

  test('a walk through a list reads each element and flattens', () => {
    assert.deepEqual(read(compilePath('/instancesSet.items.instanceId'), scope), ['i-1', 'i-2']);
    assert.equal(read(compilePath('/instancesSet.items.missing'), scope), undefined);
  });

  test('@response. starts at responseElements, / at the request, a bare path at the element', () => {
    assert.equal(read(compilePath('@response.role.arn'), scope), 'arn:aws:iam::1:role/app/r');
    assert.equal(read(compilePath('/name'), scope), 'n');
    assert.equal(read(compilePath('tableName'), scope), 't');
    assert.deepEqual(read(compilePath('$keys'), scope), ['tableName']);
    assert.equal(read(compilePath('@response.role.arn'), { ...scope, response: undefined }), undefined);
  });
});

describe('ARN formats', () => {
  test("a * in the catalog's format stands for any id", () => {
    const rep = compileFormat(
      'dms',
      'ReplicationInstance',
      'arn:${Partition}:dms:${Region}:${Account}:rep:*',
    );
    assert.ok(rep.regex.test('arn:aws:dms:us-east-1:1:rep:EX4MBJ2'));
    assert.ok(!rep.regex.test('arn:aws:dms:us-east-1:1:endpoint:EX4MBJ2'));
  });

  test('an empty account is a value (AWS-owned resources), a missing one is not', () => {
    const doc = compileFormat(
      'ssm',
      'document',
      'arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}',
    );
    const values: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', DocumentName: 'AWS-X' };
    assert.equal(
      buildArn(doc, (p) => (p === 'Account' ? '' : values[p])),
      'arn:aws:ssm:us-east-1::document/AWS-X',
    );
    assert.equal(
      buildArn(doc, (p) => values[p]),
      undefined,
    );
  });
});

describe('the general rule (same-named parameters)', () => {
  const vault = compileFormat(
    'glacier',
    'vault',
    'arn:${Partition}:glacier:${Region}:${Account}:vaults/${VaultName}',
  );
  const webacl = compileFormat(
    'wafv2',
    'webacl',
    'arn:${Partition}:wafv2:${Region}:${Account}:${Scope}/webacl/${Name}/${Id}',
  );
  const trail = compileFormat(
    'cloudtrail',
    'trail',
    'arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}',
  );
  const store = compileFormat(
    'cloudtrail',
    'eventdatastore',
    'arn:${Partition}:cloudtrail:${Region}:${Account}:eventdatastore/${EventDataStoreName}',
  );

  test('a parameter named like the placeholder, case aside, and its plural for a list', () => {
    assert.deepEqual(sameNamed([vault], { VaultName: 'a' }, ctx), [
      'arn:aws:glacier:us-east-1:111122223333:vaults/a',
    ]);
    assert.deepEqual(sameNamed([vault], { vaultNames: ['a', 'b', '...'] }, ctx), [
      'arn:aws:glacier:us-east-1:111122223333:vaults/a',
      'arn:aws:glacier:us-east-1:111122223333:vaults/b',
    ]);
  });

  test('generic names shared by several types (Scope, Name, Id) build nothing', () => {
    assert.deepEqual(sameNamed([webacl], { scope: 'CLOUDFRONT', name: 'edge', id: '1' }, ctx), []);
  });

  test('name is read only when one format alone has a …Name placeholder', () => {
    assert.deepEqual(sameNamed([trail], { name: 'main' }, ctx), [
      'arn:aws:cloudtrail:us-east-1:111122223333:trail/main',
    ]);
    assert.deepEqual(sameNamed([trail, store], { name: 'main' }, ctx), []);
    // Decided over all the action's formats, even when only some are left to the general rule.
    assert.deepEqual(sameNamed([trail], { name: 'main' }, ctx, [trail, store]), []);
  });

  test('no region or account: no ARN; a wrapped request is read inside', () => {
    assert.deepEqual(sameNamed([vault], { vaultName: 'a' }, { ...ctx, account: undefined }), []);
    assert.deepEqual(sameNamed([vault], { DescribeVaultRequest: { VaultName: 'a' } }, ctx), [
      'arn:aws:glacier:us-east-1:111122223333:vaults/a',
    ]);
  });
});

describe('resource rule validation', () => {
  async function compileWith(change: (s3: Record<string, unknown>) => void): Promise<unknown> {
    const { data, catalog } = await bundled();
    const copy = copyOf(data);
    const file = copy.files['services/s3.json'] as { resources: Record<string, unknown> };
    change(file.resources);
    try {
      compileMappings(copy, catalog);
      return undefined;
    } catch (e) {
      return e;
    }
  }

  test('onlyFor names catalog actions', async () => {
    const e = await compileWith((r) => {
      r['bucket'] = { from: 'bucketName', onlyFor: ['s3:NoSuchAction'] };
    });
    assert.ok(e instanceof InputError, String(e));
    assert.match(e.message, /unknown action s3:NoSuchAction/);
  });

  test('only a context placeholder may be filled empty', async () => {
    const e = await compileWith((r) => {
      r['bucket'] = { fill: { BucketName: '' } };
    });
    assert.ok(e instanceof InputError, String(e));
    assert.match(e.message, /fill BucketName is empty/);
  });

  test('additional is a boolean', async () => {
    const e = await compileWith((r) => {
      r['bucket'] = { from: 'bucketName', additional: 'yes' };
    });
    assert.ok(e instanceof InputError, String(e));
    assert.match(e.message, /expected a boolean/);
  });
});
