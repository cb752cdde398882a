import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.js';

test('the catalog knows IAM spelling and expands action patterns', async () => {
  const catalog = await loadCatalog();
  assert.equal(catalog.canonical('DYNAMODB:getitem'), 'dynamodb:GetItem');
  assert.equal(catalog.canonical('dynamodb:NoSuchAction'), undefined);
  const gets = catalog.expand('dynamodb:Get*').map((a) => a.name);
  assert.ok(gets.includes('GetItem') && gets.includes('GetRecords'));
  assert.ok(gets.every((name) => name.startsWith('Get')));
  assert.ok(catalog.expand('*').length > 10000);
  assert.equal(
    catalog.arnFormat('dynamodb', 'table'),
    'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
  );
  assert.deepEqual(catalog.action('sts:GetCallerIdentity')?.resourceTypes, []);
});
