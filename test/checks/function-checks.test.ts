import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretClassifier } from '../../src/checks/index.js';
import { parseListFunctions } from '../../src/grants/lambda-inventory.js';
import { audit, context, fn, rules } from './helpers.js';

const AKIA = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const PEM = [['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' '), 'MIIEowIBAAKCAQEAexample', ''].join('\n');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJleGFtcGxlIn0', 'c2lnbmF0dXJlLWV4YW1wbGU'].join('.');
const VALUES: Record<string, string> = {
  DB_PASSWORD: 'hunter2-do-not-keep',
  API_KEY: 'short',
  CLIENT_SECRET: 'x',
  GITHUB_TOKEN: 'y',
  LEGACY_ID: AKIA,
  CERT: PEM,
  SESSION: JWT,
  DATABASE_URL: 'postgres://app:s3cr3t-pass@db.internal:5432/app',
  ADO: 'Server=db;Database=app;User Id=app;Password=s3cr3t;',
  SIGNING_SEED: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  // Not secrets: references, record keys, resource names, plain settings.
  STRIPE_SECRET: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:stripe-AbCdEf',
  PARTITION_KEY: 'riderId',
  ARCHIVE_KEY_ID: 'arn:aws:kms:eu-west-1:111122223333:key/1234',
  TABLE_NAME: 'wild-rydes-ride-record-dev-RideRecordTable-1O6M5XW4Y9Q8Z',
  QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders',
  EMPTY_TOKEN: '',
  LOG_LEVEL: 'INFO',
};

function inventory(variables: Record<string, string>): unknown {
  return {
    Functions: [
      {
        FunctionName: 'f',
        FunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:f',
        Role: 'arn:aws:iam::111122223333:role/f',
        Environment: { Variables: variables },
      },
    ],
  };
}

describe('env-secret', () => {
  it('classifies names and value shapes while parsing, and keeps no value', async () => {
    const { data } = await context();
    const [parsed] = parseListFunctions(inventory(VALUES), 'lambda.json', secretClassifier(data.secrets));
    assert.deepEqual(parsed?.environmentSecrets, [
      { name: 'ADO', kind: 'connection-string-password', by: 'value' },
      { name: 'API_KEY', kind: 'key', by: 'name' },
      { name: 'CERT', kind: 'private-key', by: 'value' },
      { name: 'CLIENT_SECRET', kind: 'secret', by: 'name' },
      { name: 'DATABASE_URL', kind: 'connection-string-password', by: 'value' },
      { name: 'DB_PASSWORD', kind: 'password', by: 'name' },
      { name: 'GITHUB_TOKEN', kind: 'token', by: 'name' },
      { name: 'LEGACY_ID', kind: 'aws-access-key-id', by: 'value' },
      { name: 'SESSION', kind: 'jwt', by: 'value' },
      { name: 'SIGNING_SEED', kind: 'high-entropy-token', by: 'value' },
    ]);
    const findings = await audit({ functions: parsed ? [{ ...parsed, tags: { STAGE: 'dev' } }] : [] });
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.function]),
      [['env-secret', 'high', 'f']],
    );
    const text = JSON.stringify([parsed, findings]);
    for (const value of Object.values(VALUES).filter((v) => v.length > 3 && !v.startsWith('arn:')))
      assert.equal(text.includes(value), false, `a value leaked: ${value.slice(0, 12)}…`);
    for (const marker of ['hunter2', 'AKIA', 'BEGIN RSA', 's3cr3t', 'eyJ'])
      assert.equal(text.includes(marker), false, marker);
  });
  it('falls back to names when the reader kept no classification', async () => {
    const base = fn('g', { environmentVariableNames: ['MYSQL_PASSWORD', 'TABLE'] });
    delete base.environmentSecrets;
    const [finding] = await audit({ functions: [base] });
    assert.deepEqual(finding?.evidence, {
      variables: [{ name: 'MYSQL_PASSWORD', kind: 'password', by: 'name' }],
    });
  });
  it('does not fire on settings, references and record keys', async () => {
    assert.deepEqual(
      await rules({
        functions: [
          fn('f', { environmentVariableNames: ['TABLE_NAME', 'PARTITION_KEY', 'STRIPE_SECRET_ID'] }),
        ],
      }),
      [],
    );
  });
});

describe('deprecated-runtime', () => {
  it('fires on and after the deprecation date the run passes in', async () => {
    const [finding] = await audit({ functions: [fn('f', { runtime: 'nodejs20.x' })], asOf: '2026-04-30' });
    assert.equal(finding?.rule, 'deprecated-runtime');
    assert.equal(finding?.severity, 'medium');
    assert.deepEqual(
      { runtime: finding?.evidence?.['runtime'], deprecated: finding?.evidence?.['deprecated'] },
      { runtime: 'nodejs20.x', deprecated: '2026-04-30' },
    );
  });
  it('does not fire before the date, on unknown runtimes or on container images', async () => {
    const functions = [fn('a', { runtime: 'nodejs20.x' }), fn('b', { runtime: 'nodejs99.x' }), fn('c')];
    delete functions[2]?.runtime;
    assert.deepEqual(await rules({ functions, asOf: '2026-04-29' }), []);
  });
});

describe('console-created-function', () => {
  const consoleRole = 'arn:aws:iam::111122223333:role/service-role/hello-role-a1b2c3d4';
  it('fires without IaC marks, and says so when the role is named as the console names it', async () => {
    const [finding] = await audit({ functions: [fn('hello', { tags: {}, role: consoleRole })] });
    assert.equal(finding?.rule, 'console-created-function');
    assert.equal(finding?.severity, 'low');
    assert.equal(finding?.evidence?.['consoleNamedRole'], true);
    const [plain] = await audit({ functions: [fn('hello', { tags: { team: 'x' } })] });
    assert.equal(plain?.evidence?.['consoleNamedRole'], false);
  });
  it('does not fire on tags or names IaC tools leave, on the function or its role', async () => {
    const functions = [
      fn('a', { tags: { 'aws:cloudformation:stack-name': 's' } }),
      fn('b', { tags: { ManagedBy: 'Terraform' } }),
      fn('c', { tags: { STAGE: 'prod' } }),
      fn('d', { tags: { 'aws-cdk:path': 'Stack/Fn' } }),
      fn('app-Worker-A1B2C3D4E5F6', { tags: {} }),
      fn('e', { tags: {}, role: 'arn:aws:iam::111122223333:role/svc-dev-eu-west-1-lambdaRole' }),
      fn('f', { tags: {}, role: 'arn:aws:iam::111122223333:role/tagged' }),
    ];
    const tagged = {
      arn: 'arn:aws:iam::111122223333:role/tagged',
      name: 'tagged',
      path: '/',
      accountId: '111122223333',
      policies: [],
      tags: { 'lambda:createdBy': 'SAM' },
    };
    assert.deepEqual(await rules({ functions, roles: [tagged] }), []);
  });
});
