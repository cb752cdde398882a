import assert from 'node:assert/strict';
import { test } from 'node:test';
import { policyDiff } from '../../src/outputs/policy-diff.js';
import { renderJson, renderPolicy } from '../../src/outputs/policy-json.js';

test('policies render with IAM key order and sorted conditions, byte-stable', () => {
  const text = renderPolicy({
    Version: '2012-10-17',
    Statement: [
      {
        Resource: ['*'],
        Condition: { StringEquals: { b: ['1'], a: ['2'] } },
        Action: ['s3:GetObject'],
        Effect: 'Allow',
        Sid: 'X',
      },
    ],
  });
  assert.equal(
    text,
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "X",\n      "Effect": "Allow",\n      "Action": [\n        "s3:GetObject"\n      ],\n      "Resource": [\n        "*"\n      ],\n      "Condition": {\n        "StringEquals": {\n          "a": [\n            "2"\n          ],\n          "b": [\n            "1"\n          ]\n        }\n      }\n    }\n  ]\n}\n',
  );
  assert.equal(
    renderJson({ b: 1, a: { d: 2, c: 3 } }),
    '{\n  "a": {\n    "c": 3,\n    "d": 2\n  },\n  "b": 1\n}\n',
  );
});

test('the diff shows the granted statements, named by policy, against the generated ones', () => {
  const diff = policyDiff(
    'r',
    [
      {
        kind: 'inline',
        name: 'p',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['dynamodb:*'], Resource: ['*'] }],
        },
      },
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DynamodbObserved',
            Effect: 'Allow',
            Action: ['dynamodb:GetItem'],
            Resource: ['arn:aws:dynamodb:us-east-1:1:table/T'],
          },
        ],
      },
    ],
  );
  assert.match(diff, /^--- granted\/r\.json\n\+\+\+ generated\/r\.json\n/m);
  assert.match(diff, /^- {6}"Sid": "inline:p",$/m);
  assert.match(diff, /^- {8}"dynamodb:\*"$/m);
  assert.match(diff, /^\+ {8}"dynamodb:GetItem"$/m);
});
