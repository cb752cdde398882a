import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountAuthorizationDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
} from '@aws-sdk/client-iam';
import { ListEventSourceMappingsCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { readLastAccessedFile } from '../../src/app/live.js';
import { runCollect } from '../../src/app/collect.js';
import { awsClients } from '../../src/aws/clients.js';
import { fetchLastAccessed } from '../../src/aws/last-accessed.js';
import { AwsAccessError, InputError, UsageError } from '../../src/errors.js';
import { parseLastAccessedFile } from '../../src/grants/last-accessed.js';
import { tempDir } from '../helpers/cli.js';
import { awsError, fakeRetry, mockIamAndLambda, ROLE } from './helpers.js';

const { iam, lambda } = mockIamAndLambda();

const clients = () => awsClients({ region: 'us-east-1' });
const noWait = (): { sleep: (ms: number) => Promise<void>; waits: number[] } => {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
};

const S3 = {
  ServiceName: 'Amazon S3',
  ServiceNamespace: 's3',
  LastAuthenticated: new Date('2026-10-15T08:00:00Z'),
  LastAuthenticatedRegion: 'us-east-1',
  TotalAuthenticatedEntities: 1,
  TrackedActionsLastAccessed: [
    {
      ActionName: 'GetObject',
      LastAccessedTime: new Date('2026-10-15T08:00:00Z'),
      LastAccessedRegion: 'us-east-1',
    },
    { ActionName: 'PutObject' },
  ],
};
const SQS = { ServiceName: 'Amazon SQS', ServiceNamespace: 'sqs', TotalAuthenticatedEntities: 0 };
const COMPLETED = {
  JobStatus: 'COMPLETED' as const,
  JobCreationDate: new Date('2026-12-01T00:00:00Z'),
  JobCompletionDate: new Date('2026-12-01T00:00:09Z'),
};

describe('IAM last-accessed data', () => {
  it('starts an action-level job, polls it with backoff, and reads both pages', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-1' });
    iam
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'job-1' })
      .resolvesOnce({ JobStatus: 'IN_PROGRESS', JobCreationDate: new Date(), ServicesLastAccessed: [] })
      .resolvesOnce({ JobStatus: 'IN_PROGRESS', JobCreationDate: new Date(), ServicesLastAccessed: [] })
      .resolvesOnce({ ...COMPLETED, ServicesLastAccessed: [S3], IsTruncated: true, Marker: 'page-2' });
    iam
      .on(GetServiceLastAccessedDetailsCommand, { JobId: 'job-1', Marker: 'page-2' })
      .resolves({ ...COMPLETED, ServicesLastAccessed: [SQS], IsTruncated: false });
    const wait = noWait();
    const [entry] = await fetchLastAccessed(clients(), [ROLE], { sleep: wait.sleep, retry: fakeRetry() });

    assert.deepEqual(iam.commandCalls(GenerateServiceLastAccessedDetailsCommand)[0]?.args[0].input, {
      Arn: ROLE,
      Granularity: 'ACTION_LEVEL',
    });
    assert.deepEqual(wait.waits, [1000, 2000]);
    assert.equal(iam.commandCalls(GetServiceLastAccessedDetailsCommand).length, 4);
    assert.equal(entry?.Arn, ROLE);
    assert.equal(entry?.JobCompletionDate, '2026-12-01T00:00:09.000Z');
    assert.equal(entry?.ServicesLastAccessed.length, 2);

    // The CLI's shape: the offline parser reads it.
    const [report] = parseLastAccessedFile([entry], 'last-accessed.json');
    assert.deepEqual(report, {
      roleArn: ROLE,
      jobCompletionDate: '2026-12-01T00:00:09.000Z',
      services: [
        {
          service: 's3',
          lastAuthenticated: '2026-10-15T08:00:00.000Z',
          region: 'us-east-1',
          totalAuthenticatedEntities: 1,
          actions: [
            { action: 's3:GetObject', lastAccessed: '2026-10-15T08:00:00.000Z', region: 'us-east-1' },
            { action: 's3:PutObject' },
          ],
        },
        { service: 'sqs', totalAuthenticatedEntities: 0 },
      ],
    });
  });

  it('a FAILED job is a one-line error with IAM’s reason', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-2' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves({
      JobStatus: 'FAILED',
      JobCreationDate: new Date(),
      ServicesLastAccessed: [],
      Error: { Code: 'InternalFailure', Message: 'The report could not\nbe generated.' },
    });
    await assert.rejects(
      fetchLastAccessed(clients(), [ROLE], { sleep: noWait().sleep, retry: fakeRetry() }),
      (e) =>
        e instanceof UsageError &&
        e.message ===
          'iam GetServiceLastAccessedDetails for role app-role: the job failed (The report could not be generated.)',
    );
  });

  it('gives up on a job that never completes', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).resolves({ JobId: 'job-3' });
    iam
      .on(GetServiceLastAccessedDetailsCommand)
      .resolves({ JobStatus: 'IN_PROGRESS', JobCreationDate: new Date() });
    const wait = noWait();
    await assert.rejects(
      fetchLastAccessed(clients(), [ROLE], { sleep: wait.sleep, retry: fakeRetry(), maxPolls: 5 }),
      /did not complete/,
    );
    assert.deepEqual(wait.waits, [1000, 2000, 4000, 8000]);
  });

  it('retries throttling, then succeeds', async () => {
    iam
      .on(GenerateServiceLastAccessedDetailsCommand)
      .rejectsOnce(awsError('Throttling', 400))
      .resolves({ JobId: 'job-4' });
    iam.on(GetServiceLastAccessedDetailsCommand).resolves({ ...COMPLETED, ServicesLastAccessed: [SQS] });
    const retry = fakeRetry();
    const [entry] = await fetchLastAccessed(clients(), [ROLE], { retry, sleep: noWait().sleep });
    assert.deepEqual(retry.waits, [100]);
    assert.equal(entry?.ServicesLastAccessed.length, 1);
  });

  it('an access denial names the action and the role', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).rejects(awsError('AccessDenied', 403));
    const error = await fetchLastAccessed(clients(), [ROLE], { retry: fakeRetry() }).catch((e: unknown) => e);
    assert.ok(error instanceof AwsAccessError);
    assert.equal(error.requiredAction, `iam:GenerateServiceLastAccessedDetails on ${ROLE}`);
  });

  it('a deleted role is a one-line usage error', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).rejects(awsError('NoSuchEntity', 404));
    await assert.rejects(
      fetchLastAccessed(clients(), [ROLE], { retry: fakeRetry() }),
      (e) => e instanceof UsageError && e.message.includes('NoSuchEntity') && e.message.includes(ROLE),
    );
  });

  it('runs at most `concurrency` jobs at once, and keeps the order of the roles', async () => {
    const roles = Array.from({ length: 5 }, (_, i) => `arn:aws:iam::123456789012:role/r${i}`);
    let inFlight = 0;
    let most = 0;
    iam.on(GenerateServiceLastAccessedDetailsCommand).callsFake(async (input: { Arn: string }) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      return { JobId: input.Arn };
    });
    iam.on(GetServiceLastAccessedDetailsCommand).callsFake(async () => {
      inFlight--;
      return { ...COMPLETED, ServicesLastAccessed: [] };
    });
    const out = await fetchLastAccessed(clients(), roles, { concurrency: 2, retry: fakeRetry() });
    assert.deepEqual(
      out.map((e) => e.Arn),
      roles,
    );
    assert.equal(most, 2);
  });

  it('collect on an empty account writes an empty last-accessed.json and starts no job', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false });
    lambda.on(ListFunctionsCommand).resolves({});
    lambda.on(ListEventSourceMappingsCommand).resolves({});
    const out = join(tempDir(), 'collected');
    const run = await runCollect({ out, aws: { region: 'us-east-1' }, retry: fakeRetry() });
    assert.ok(run.files.includes('last-accessed.json'));
    assert.deepEqual(await readLastAccessedFile(join(out, 'last-accessed.json')), []);
    assert.equal(iam.commandCalls(GenerateServiceLastAccessedDetailsCommand).length, 0);
  });
});

describe('last-accessed.json', () => {
  it('reads the AWS CLI’s time format and sorts roles and services', () => {
    const roles = parseLastAccessedFile(
      [
        {
          Arn: ROLE,
          ServicesLastAccessed: [
            { ServiceNamespace: 'sqs' },
            { ServiceNamespace: 'S3', LastAuthenticated: '2026-03-02T10:00:00+00:00' },
          ],
        },
      ],
      'f.json',
    );
    assert.deepEqual(roles[0]?.services, [
      { service: 's3', lastAuthenticated: '2026-03-02T10:00:00.000Z' },
      { service: 'sqs' },
    ]);
  });

  it('a malformed file is an InputError naming the file and the place', async () => {
    assert.throws(
      () => parseLastAccessedFile({ Arn: ROLE }, 'la.json'),
      (e) => e instanceof InputError && e.file === 'la.json' && /expected an array/.test(e.message),
    );
    assert.throws(
      () =>
        parseLastAccessedFile(
          [{ Arn: ROLE, ServicesLastAccessed: [{ ServiceNamespace: 's3', LastAuthenticated: 'yesterday' }] }],
          'la.json',
        ),
      (e) => e instanceof InputError && e.pointer === '/0/ServicesLastAccessed/0/LastAuthenticated',
    );
    assert.throws(
      () =>
        parseLastAccessedFile(
          [{ Arn: 'arn:aws:iam::123456789012:user/u', ServicesLastAccessed: [] }],
          'la.json',
        ),
      (e) => e instanceof InputError && /not a role ARN/.test(e.message),
    );
    const bad = join(tempDir(), 'bad.json');
    writeFileSync(bad, '{ not json');
    await assert.rejects(readLastAccessedFile(bad), (e) => e instanceof InputError && e.file === bad);
  });
});
