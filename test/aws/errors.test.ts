import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CloudTrailClient, StartQueryCommand } from '@aws-sdk/client-cloudtrail';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runAnalyze } from '../../src/app/analyze.js';
import { callAws } from '../../src/aws/call.js';
import { awsClients } from '../../src/aws/clients.js';
import { UsageError } from '../../src/errors.js';
import { awsError, fakeRetry, fixtureOptions } from './helpers.js';

const s3 = mockClient(S3Client);
const iam = mockClient(IAMClient);
const athena = mockClient(AthenaClient);
const trail = mockClient(CloudTrailClient);
afterEach(() => {
  s3.reset();
  iam.reset();
  athena.reset();
  trail.reset();
});

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const clients = awsClients({ region: 'us-east-1' });

/** The one-line message callAws gives for an error the mocked client throws. */
async function messageFor(
  send: () => Promise<unknown>,
  operation: string,
  requiredAction: string,
): Promise<string> {
  const error = await callAws(send, { operation, requiredAction }, fakeRetry()).catch((e: unknown) => e);
  assert.ok(error instanceof UsageError, `${String(error)} is a UsageError`);
  assert.ok(!error.message.includes('\n'), 'one line');
  return error.message;
}

const listBucket = () =>
  messageFor(
    () => clients.s3().send(new ListObjectsV2Command({ Bucket: 'trail-bucket' })),
    's3 ListObjectsV2',
    's3:ListBucket on arn:aws:s3:::trail-bucket',
  );

describe('friendly AWS errors', () => {
  it('NoSuchBucket names the bucket', async () => {
    s3.on(ListObjectsV2Command).rejects(awsError('NoSuchBucket', 404));
    assert.equal(
      await listBucket(),
      's3 ListObjectsV2: the bucket trail-bucket does not exist (NoSuchBucket); check the --s3 URL',
    );
  });

  it("an emulator's NotImplemented (501) is one line, not retried", async () => {
    s3.on(ListObjectsV2Command).rejects(awsError('NotImplemented', 501, 'server'));
    assert.equal(
      await listBucket(),
      's3 ListObjectsV2: the endpoint does not implement this operation (NotImplemented); with AWS_ENDPOINT_URL, the emulator lacks it',
    );
    assert.equal(s3.commandCalls(ListObjectsV2Command).length, 1);
  });

  it('analyze --s3 on a missing bucket stops with that line', async () => {
    s3.on(ListObjectsV2Command).rejects(awsError('NoSuchBucket', 404));
    await assert.rejects(
      runAnalyze(
        fixtureOptions({
          s3: 's3://missing-bucket',
          lambda: [],
          window: { since: { at: '2026-10-01T00:00:00.000Z' }, until: { at: '2026-10-02T00:00:00.000Z' } },
        }),
      ),
      (e) => e instanceof UsageError && /the bucket missing-bucket does not exist/.test(e.message),
    );
  });

  for (const name of ['PermanentRedirect', 'AuthorizationHeaderMalformed']) {
    it(`${name} says the bucket is in another region`, async () => {
      s3.on(ListObjectsV2Command).rejects(awsError(name, name === 'PermanentRedirect' ? 301 : 400));
      assert.match(await listBucket(), /the bucket trail-bucket is in another region .*--region/);
    });
  }

  for (const [name, status] of [
    ['InvalidAccessKeyId', 403],
    ['ExpiredToken', 400],
    ['ExpiredTokenException', 403],
    ['UnrecognizedClientException', 400],
    ['InvalidClientTokenId', 403],
    ['SignatureDoesNotMatch', 403],
  ] as const) {
    it(`${name} is a credentials problem that never echoes the key`, async () => {
      const error = Object.assign(awsError(name, status), {
        message: `The AWS Access Key Id ${KEY_ID} you provided does not exist in our records.`,
      });
      s3.on(ListObjectsV2Command).rejects(error);
      const message = await listBucket();
      assert.match(message, new RegExp(`^s3 ListObjectsV2: AWS rejected the credentials \\(${name}\\)`));
      assert.ok(!message.includes(KEY_ID));
    });
  }

  it('NoSuchEntity says the IAM role is not found', async () => {
    iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 404));
    const arn = 'arn:aws:iam::123456789012:role/gone';
    assert.equal(
      await messageFor(
        () => clients.iam().send(new GetRoleCommand({ RoleName: 'gone' })),
        'iam GetRole gone',
        `iam:GetRole on ${arn}`,
      ),
      `iam GetRole gone: IAM has no such entity (NoSuchEntity): ${arn}; the role or policy was deleted or renamed`,
    );
  });

  for (const name of ['InvalidRequestException', 'MetadataException', 'EntityNotFoundException']) {
    it(`Athena ${name} passes on what is not found`, async () => {
      const error = Object.assign(awsError(name, 400), {
        message: 'Table db.cloudtrail_logs does not exist',
      });
      athena.on(StartQueryExecutionCommand).rejects(error);
      const athenaClient = new AthenaClient({ region: 'us-east-1' });
      const message = await messageFor(
        () => athenaClient.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })),
        'athena StartQueryExecution',
        'athena:StartQueryExecution',
      );
      assert.match(
        message,
        new RegExp(`^athena StartQueryExecution: ${name}: Table db.cloudtrail_logs does not exist`),
      );
    });
  }

  for (const [name, says] of [
    ['EventDataStoreNotFoundException', /no such event data store/],
    ['InactiveEventDataStoreException', /not enabled/],
    ['EventDataStoreARNInvalidException', /not an event data store ARN/],
    ['InvalidQueryStatementException', /InvalidQueryStatementException: .*near FROM/],
  ] as const) {
    it(`CloudTrail Lake ${name} is one line`, async () => {
      trail
        .on(StartQueryCommand)
        .rejects(Object.assign(awsError(name, 400), { message: 'Syntax error near FROM' }));
      const message = await messageFor(
        () => clients.cloudTrail('us-east-1').send(new StartQueryCommand({ QueryStatement: 'SELECT' })),
        'cloudtrail StartQuery',
        'cloudtrail:StartQuery',
      );
      assert.match(message, says);
      assert.match(message, /^cloudtrail StartQuery: /);
    });
  }
});
