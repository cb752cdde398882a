import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { parseListFunctions } from '../../src/grants/lambda-inventory.js';
import { loadFixture } from './helpers.js';

test('list-functions: roles, regions, accounts, and what the execution role does for Lambda', () => {
  const functions = parseListFunctions(loadFixture('list-functions.json'), 'lambda.json');
  assert.deepEqual(
    functions.map((f) => f.name),
    ['orders-api', 'image-resizer', 'nightly-report'],
  );
  assert.deepEqual(functions[0], {
    name: 'orders-api',
    arn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
    role: 'arn:aws:iam::123456789012:role/service-role/orders-api-role',
    region: 'eu-west-1',
    accountId: '123456789012',
    runtime: 'nodejs20.x',
    packageType: 'Zip',
    environmentVariableNames: ['DB_PASSWORD', 'QUEUE_URL', 'TABLE_NAME'],
    deadLetterTarget: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    vpc: true,
    tracing: true,
    logGroup: '/shop/orders-api',
    layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils:3'],
    tags: {},
  });
  const [, resizer, report] = functions;
  assert.deepEqual(resizer, {
    name: 'image-resizer',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:image-resizer',
    role: 'arn:aws:iam::123456789012:role/reports-role',
    region: 'us-east-1',
    accountId: '123456789012',
    packageType: 'Image',
    environmentVariableNames: [],
    vpc: false,
    tracing: false,
    logGroup: '/aws/lambda/image-resizer',
    layers: [],
    tags: {},
  });
  assert.equal(report?.vpc, false);
  assert.equal(report?.tracing, false);
});

test('environment variable values are never kept', () => {
  const text = JSON.stringify(parseListFunctions(loadFixture('list-functions.json'), 'lambda.json'));
  assert.equal(text.includes('hunter2'), false);
  assert.equal(text.includes('sqs.eu-west-1.amazonaws.com'), false);
});

test('a bare array and get-function output are accepted; get-function tags are read', () => {
  const listed = loadFixture('list-functions.json') as { Functions: unknown[] };
  assert.deepEqual(
    parseListFunctions(listed.Functions, 'lambda.json'),
    parseListFunctions(listed, 'lambda.json'),
  );
  const [fn] = parseListFunctions(loadFixture('get-function.json'), 'fn.json');
  assert.equal(fn?.name, 'nightly-report');
  assert.deepEqual(fn?.tags, { 'cost-center': '42', team: 'reports' });
});

test('files that are not an inventory, and broken functions, are input errors', () => {
  for (const json of [{ RoleDetailList: [] }, 'x', null, { Functions: {} }]) {
    assert.throws(
      () => parseListFunctions(json, 'lambda.json'),
      (error: unknown) =>
        error instanceof InputError &&
        error.file === 'lambda.json' &&
        error.problem === 'not the output of aws lambda list-functions (no Functions)',
    );
  }
  assert.throws(
    () =>
      parseListFunctions(
        { Functions: [{ FunctionName: 'f', FunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f' }] },
        'l.json',
      ),
    (error: unknown) =>
      error instanceof InputError && error.pointer === '/Functions/0/Role' && /no Role/.test(error.problem),
  );
  assert.throws(
    () => parseListFunctions([{ FunctionName: 'f', FunctionArn: 'f', Role: 'r' }], 'l.json'),
    (error: unknown) => error instanceof InputError && error.pointer === '/0/FunctionArn',
  );
});
