import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
// fromTemporaryCredentials calls STS through the SDK's nested client, so that is the one to mock.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { awsClients } from '../../src/aws/clients.js';
import { UsageError } from '../../src/errors.js';

const ENV = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

/** Where the real client would send the request: captured before signing, then the call stops. */
async function requestOf(
  client: {
    middlewareStack: { add: (...args: never[]) => void };
    send: (command: never) => Promise<unknown>;
  },
  command: unknown,
): Promise<{ protocol: string; hostname: string; port?: number; path: string }> {
  let captured: { protocol: string; hostname: string; port?: number; path: string } | undefined;
  const stop = new Error('captured');
  (client.middlewareStack.add as (mw: unknown, options: unknown) => void)(
    () => async (args: { request: typeof captured }) => {
      captured = args.request;
      throw stop;
    },
    { step: 'build', priority: 'low' },
  );
  await assert.rejects((client.send as (c: unknown) => Promise<unknown>)(command), (e) => e === stop);
  assert.ok(captured);
  return captured;
}

describe('awsClients', () => {
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const name of ENV) saved.set(name, process.env[name]);
    for (const name of ENV) delete process.env[name];
    // Static credentials keep the default chain off the network (no instance metadata lookups).
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAEXAMPLEEXAMPLE00';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'example-secret';
    process.env['AWS_CONFIG_FILE'] = '/nonexistent/config';
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = '/nonexistent/credentials';
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('lets the SDK honour AWS_ENDPOINT_URL_S3', async () => {
    process.env['AWS_ENDPOINT_URL_S3'] = 'http://127.0.0.1:4566';
    const s3 = awsClients({ region: 'eu-west-1' }).s3();
    const request = await requestOf(s3 as never, new ListObjectsV2Command({ Bucket: 'trail-bucket' }));
    assert.equal(request.hostname, '127.0.0.1');
    assert.equal(request.port, 4566);
    assert.equal(request.protocol, 'http:');
    assert.match(request.path, /^\/trail-bucket/); // an IP endpoint: path-style
  });

  it('addresses the bucket path-style on an emulator named by host (AWS_ENDPOINT_URL)', async () => {
    process.env['AWS_ENDPOINT_URL'] = 'http://localhost:4566';
    const s3 = awsClients({ region: 'eu-west-1' }).s3();
    const request = await requestOf(s3 as never, new ListObjectsV2Command({ Bucket: 'trail-bucket' }));
    assert.equal(request.hostname, 'localhost'); // not trail-bucket.localhost, which does not resolve
    assert.match(request.path, /^\/trail-bucket/);
  });

  it("addresses the bucket path-style on the profile's endpoint_url", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pare-clients-'));
    try {
      process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
      writeFileSync(process.env['AWS_CONFIG_FILE'], '[default]\nendpoint_url = http://minio.internal:9000\n');
      const s3 = awsClients({ region: 'eu-west-1' }).s3();
      const request = await requestOf(s3 as never, new ListObjectsV2Command({ Bucket: 'trail-bucket' }));
      assert.equal(request.hostname, 'minio.internal');
      assert.match(request.path, /^\/trail-bucket/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps S3's virtual-hosted addressing without an endpoint override", async () => {
    const s3 = awsClients({ region: 'eu-west-1' }).s3();
    const request = await requestOf(s3 as never, new ListObjectsV2Command({ Bucket: 'trail-bucket' }));
    assert.equal(request.hostname, 'trail-bucket.s3.eu-west-1.amazonaws.com');
  });

  it('lets the SDK honour AWS_ENDPOINT_URL for CloudTrail', async () => {
    process.env['AWS_ENDPOINT_URL'] = 'http://localhost:4566';
    const trail = awsClients().cloudTrail('us-west-2');
    const request = await requestOf(trail as never, new LookupEventsCommand({}));
    assert.equal(request.hostname, 'localhost');
    assert.equal(request.port, 4566);
  });

  it('reaches the regional AWS endpoint without an override', async () => {
    const trail = awsClients().cloudTrail('us-west-2');
    const request = await requestOf(trail as never, new LookupEventsCommand({}));
    assert.equal(request.hostname, 'cloudtrail.us-west-2.amazonaws.com');
  });

  it('uses adaptive retry with bounded attempts', async () => {
    const clients = awsClients({ region: 'us-east-1', maxAttempts: 2 });
    for (const client of [clients.s3(), clients.cloudTrail('us-east-1')]) {
      assert.equal(
        await client.config.retryStrategy().then((s) => (s as { mode?: string }).mode),
        'adaptive',
      );
      assert.equal(await client.config.maxAttempts(), 2);
    }
  });

  it('builds one client per region', () => {
    const clients = awsClients();
    assert.equal(clients.cloudTrail('us-east-1'), clients.cloudTrail('us-east-1'));
    assert.notEqual(clients.cloudTrail('us-east-1'), clients.cloudTrail('eu-west-1'));
    assert.equal(clients.s3(), clients.s3());
  });

  it('resolves the default region from --region, else the SDK, else says what to do', async () => {
    assert.equal(await awsClients({ region: 'ap-south-1' }).defaultRegion(), 'ap-south-1');
    process.env['AWS_REGION'] = 'eu-central-1';
    assert.equal(await awsClients().defaultRegion(), 'eu-central-1');
    delete process.env['AWS_REGION'];
    await assert.rejects(
      awsClients().defaultRegion(),
      (e) => e instanceof UsageError && /--region/.test(e.message),
    );
  });

  it('assumes --assume-role (STS AssumeRole, session "pare") with the base credentials', async () => {
    const sts = mockClient(STSClient);
    try {
      sts.on(AssumeRoleCommand).resolves({
        Credentials: {
          AccessKeyId: 'ASIAEXAMPLEASSUMED00',
          SecretAccessKey: 'assumed-secret',
          SessionToken: 'token',
          Expiration: new Date('2026-12-01T11:00:00Z'),
        },
      });
      const s3 = awsClients({
        region: 'us-east-1',
        assumeRole: 'arn:aws:iam::123456789012:role/pare-read',
      }).s3();
      const credentials = await (s3.config.credentials as () => Promise<{ accessKeyId: string }>)();
      assert.equal(credentials.accessKeyId, 'ASIAEXAMPLEASSUMED00');
      const input = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
      assert.equal(input?.RoleArn, 'arn:aws:iam::123456789012:role/pare-read');
      assert.equal(input?.RoleSessionName, 'pare');
    } finally {
      sts.restore();
    }
    assert.throws(() => awsClients({ assumeRole: 'pare-read' }), UsageError);
  });
});
