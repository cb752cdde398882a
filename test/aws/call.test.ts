import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callAws, isAccessDenied, isRetryable } from '../../src/aws/call.js';
import { AwsAccessError, UsageError } from '../../src/errors.js';
import { awsError, fakeRetry } from './helpers.js';

const call = { operation: 's3 ListObjectsV2', requiredAction: 's3:ListBucket on arn:aws:s3:::trail-bucket' };

describe('callAws', () => {
  it('retries throttling with doubling waits, then returns the result', async () => {
    const retry = fakeRetry();
    let calls = 0;
    const result = await callAws(
      async () => {
        calls++;
        if (calls < 3)
          throw awsError(calls === 1 ? 'SlowDown' : 'ThrottlingException', calls === 1 ? 503 : 400);
        return 'page';
      },
      call,
      retry,
    );
    assert.equal(result, 'page');
    assert.equal(calls, 3);
    assert.deepEqual(retry.waits, [100, 200]);
  });

  it('gives up after the bounded attempts with the last error', async () => {
    const retry = fakeRetry();
    let calls = 0;
    await assert.rejects(
      callAws(
        async () => {
          calls++;
          throw awsError('ThrottlingException', 400);
        },
        call,
        retry,
      ),
      { name: 'ThrottlingException' },
    );
    assert.equal(calls, 4);
  });

  it('does not retry a client error', async () => {
    let calls = 0;
    await assert.rejects(
      callAws(
        async () => {
          calls++;
          throw awsError('ValidationException', 400);
        },
        call,
        fakeRetry(),
      ),
      { name: 'ValidationException' },
    );
    assert.equal(calls, 1);
  });

  for (const [name, status] of [
    ['AccessDenied', 403],
    ['AccessDeniedException', 400],
    ['UnauthorizedOperation', 400],
    ['Forbidden', 403],
  ] as const) {
    it(`turns ${name} (${status}) into AwsAccessError naming the operation and action`, async () => {
      const error = await callAws(
        async () => {
          throw awsError(name, status);
        },
        call,
        fakeRetry(),
      ).catch((e: unknown) => e);
      assert.ok(error instanceof AwsAccessError);
      assert.equal(error.operation, 's3 ListObjectsV2');
      assert.equal(error.requiredAction, 's3:ListBucket on arn:aws:s3:::trail-bucket');
      assert.equal(
        error.message,
        's3 ListObjectsV2 was refused: pare needs s3:ListBucket on arn:aws:s3:::trail-bucket',
      );
    });
  }

  it('turns missing credentials into a UsageError', async () => {
    const error = await callAws(async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    }, call).catch((e: unknown) => e);
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /no AWS credentials/);
  });

  it('classifies errors', () => {
    assert.equal(isAccessDenied(awsError('AccessDenied', 403)), true);
    assert.equal(isAccessDenied(new Error('x')), false);
    assert.equal(isRetryable(awsError('InternalError', 500, 'server')), true);
    assert.equal(isRetryable(awsError('TooManyRequestsException', 429)), true);
    assert.equal(isRetryable(awsError('ValidationException', 400)), false);
  });
});

describe('callAws setup problems', () => {
  it('turns an unreachable endpoint into a UsageError', async () => {
    const error = await callAws(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    }, call).catch((e: unknown) => e);
    assert.ok(error instanceof UsageError);
    assert.equal(
      error.message,
      's3 ListObjectsV2: cannot reach the endpoint (ECONNREFUSED); check the region, AWS_ENDPOINT_URL and the network',
    );
  });
});
