import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { normalisePolicyDocument } from '../../src/grants/policy-document.js';

const where = { file: 'iam.json', pointer: '/RoleDetailList/0/RolePolicyList/0/PolicyDocument' };
const policy = {
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
};

function rejects(raw: unknown, problem: RegExp, pointer: string, purpose?: 'identity' | 'trust'): void {
  assert.throws(
    () => normalisePolicyDocument(raw, where, purpose),
    (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.file, 'iam.json');
      assert.equal(error.pointer, where.pointer + pointer);
      assert.match(error.problem, problem);
      return true;
    },
  );
}

test('every list becomes an array and Statement always a list', () => {
  assert.deepEqual(normalisePolicyDocument(policy, where), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bucket/*'] }],
  });
});

test('JSON text and URL-encoded JSON text read the same as the object', () => {
  const expected = normalisePolicyDocument(policy, where);
  assert.deepEqual(normalisePolicyDocument(JSON.stringify(policy), where), expected);
  assert.deepEqual(normalisePolicyDocument(`  ${JSON.stringify(policy, null, 2)}\n`, where), expected);
  assert.deepEqual(normalisePolicyDocument(encodeURIComponent(JSON.stringify(policy)), where), expected);
  // What IAM's API actually sends back: spaces as %20, nothing double-encoded.
  assert.deepEqual(
    normalisePolicyDocument(
      '%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%7B%22Effect%22%3A%20%22Allow%22%2C%20%22Action%22%3A%20%22s3%3AGetObject%22%2C%20%22Resource%22%3A%20%22arn%3Aaws%3As3%3A%3A%3Abucket%2F%2A%22%7D%7D',
      where,
    ),
    expected,
  );
});

test('a document without Version gets IAM’s default, 2008-10-17', () => {
  const { Version } = normalisePolicyDocument({ Statement: policy.Statement }, where);
  assert.equal(Version, '2008-10-17');
});

test('condition values become arrays of strings; Sid, NotAction and NotResource are kept', () => {
  const document = normalisePolicyDocument(
    {
      Version: '2012-10-17',
      Id: 'ignored',
      Statement: [
        {
          Sid: 'NoBigUploads',
          Effect: 'Deny',
          NotAction: ['s3:Get*', 's3:List*'],
          NotResource: 'arn:aws:s3:::public/*',
          Condition: {
            NumericGreaterThan: { 's3:content-length': 1048576 },
            Bool: { 'aws:SecureTransport': false },
            StringLike: { 's3:prefix': ['home/', 'tmp/'] },
          },
        },
      ],
    },
    where,
  );
  assert.deepEqual(document.Statement[0], {
    Sid: 'NoBigUploads',
    Effect: 'Deny',
    NotAction: ['s3:Get*', 's3:List*'],
    NotResource: ['arn:aws:s3:::public/*'],
    Condition: {
      NumericGreaterThan: { 's3:content-length': ['1048576'] },
      Bool: { 'aws:SecureTransport': ['false'] },
      StringLike: { 's3:prefix': ['home/', 'tmp/'] },
    },
  });
});

test('Principal-bearing statements are read without their Principal; trust policies need no Resource', () => {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
  assert.deepEqual(normalisePolicyDocument(trust, where, 'trust').Statement, [
    { Effect: 'Allow', Action: ['sts:AssumeRole'] },
  ]);
  const resourcePolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }],
  };
  assert.deepEqual(normalisePolicyDocument(resourcePolicy, where).Statement[0]?.Resource, [
    'arn:aws:s3:::site/*',
  ]);
  rejects(trust, /neither Resource nor NotResource/, '/Statement/0');
});

test('malformed statements are rejected with a pointer to them', () => {
  const statement = (s: Record<string, unknown>): unknown => ({
    Version: '2012-10-17',
    Statement: [policy.Statement, s],
  });
  rejects(statement({ Action: 's3:*', Resource: '*' }), /no Effect/, '/Statement/1');
  rejects(
    statement({ Effect: 'allow', Action: 's3:*', Resource: '*' }),
    /Effect must be "Allow" or "Deny"/,
    '/Statement/1/Effect',
  );
  rejects(
    statement({ Effect: 'Allow', Action: 's3:*', NotAction: 's3:Get*', Resource: '*' }),
    /both Action and NotAction/,
    '/Statement/1',
  );
  rejects(statement({ Effect: 'Allow', Resource: '*' }), /neither Action nor NotAction/, '/Statement/1');
  rejects(
    statement({ Effect: 'Allow', Action: 's3:*', Resource: '*', NotResource: 'x' }),
    /both Resource and NotResource/,
    '/Statement/1',
  );
  rejects(
    statement({ Effect: 'Allow', Action: ['s3:*', 7], Resource: '*' }),
    /array of strings/,
    '/Statement/1/Action/1',
  );
  rejects(
    statement({ Effect: 'Allow', Action: [], Resource: '*' }),
    /Action is empty/,
    '/Statement/1/Action',
  );
  rejects(
    statement({ Effect: 'Allow', Action: 'GetObject', Resource: '*' }),
    /"service:action"/,
    '/Statement/1/Action/0',
  );
  rejects(
    statement({ Effect: 'Allow', Actions: 's3:*', Resource: '*' }),
    /unknown element "Actions"/,
    '/Statement/1/Actions',
  );
  rejects(
    statement({
      Effect: 'Allow',
      Action: 's3:*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': null } },
    }),
    /condition value/,
    '/Statement/1/Condition/Bool/aws:SecureTransport/0',
  );
  rejects(
    statement({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: ['x'] }),
    /Condition must be/,
    '/Statement/1/Condition',
  );
});

test('malformed documents are rejected', () => {
  rejects('not json at all', /not valid JSON/, '');
  rejects('%E0%A4%A', /neither JSON nor URL-encoded JSON/, '');
  rejects([policy], /not a JSON object/, '');
  rejects({ Version: '2012-10-17' }, /no Statement/, '');
  rejects({ Version: '2012-10-18', Statement: [] }, /Version must be/, '/Version');
  rejects({ Version: '2012-10-17', Statement: [], Extra: 1 }, /unknown element "Extra"/, '/Extra');
  rejects({ Version: '2012-10-17', Statement: 'Allow' }, /statement is not a JSON object/, '/Statement');
});
