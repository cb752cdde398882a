import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeAws, type FakeAws } from '../../scripts/lib/fake-aws/server.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * `--live`, `--s3` and `collect` end to end over HTTP: the CLI as a child process, the SDK's real
 * serializers, and scripts/fake-aws serving the bundled example through AWS_ENDPOINT_URL. What the
 * account reads live must give what the same files give offline.
 */
const EXAMPLE = join(ROOT, 'examples/wild-rydes');
const OFFLINE_GRANTS = [
  '--iam',
  join(EXAMPLE, 'iam.json'),
  '--lambda',
  join(EXAMPLE, 'lambda.json'),
  join(EXAMPLE, 'lambda'),
];
// The offline example's default window (90 days to the last event, 2026-11-28), spelled out so that
// the S3 listing does not depend on today's date.
const WINDOW = ['--since', '2026-08-31', '--until', '2026-11-28'];
// Bucket, queue and topic policies are not read live: both runs take them from files.
const RESOURCE_POLICIES = ['--resource-policies', join(EXAMPLE, 'resource-policies')];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let fake: FakeAws;
let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  // A small page size makes every client follow IAM's Marker, Lambda's NextMarker and S3's tokens.
  fake = await startFakeAws({ folder: EXAMPLE, bucket: 'wild-rydes-trail', pageSize: 4 });
  dir = tempDir('pare-fake-aws-');
  writeFileSync(join(dir, 'config'), '');
  writeFileSync(join(dir, 'credentials'), '');
  env = {
    ...withoutAws(process.env),
    NO_COLOR: '1',
    NODE_NO_WARNINGS: '1',
    // A host name, not an IP: S3 must be addressed path-style (`wild-rydes-trail.localhost` does not resolve).
    AWS_ENDPOINT_URL: `http://localhost:${fake.port}`,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: 'us-east-1',
    // A developer's own profile is never read, and no instance metadata is asked.
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});

after(() => fake.close());

function withoutAws(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !name.startsWith('AWS_')));
}

/** The CLI, asynchronously: the fake answers from this process's event loop. */
function pare(args: readonly string[], childEnv: NodeJS.ProcessEnv = env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), ...args],
      { cwd: ROOT, env: childEnv, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function ok(run: Run, what: string): void {
  assert.equal(run.code, 0, `${what} failed:\n${run.stderr}`);
}

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

function json(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Where a finding's Lambda policy was read (a file, or `live:`) is input, not result. */
function findings(out: string): unknown {
  return JSON.parse(
    readFileSync(join(out, 'findings.json'), 'utf8').replace(
      /"policyFile": "[^"]*?lambda\/policies\//g,
      '"policyFile": "lambda/policies/',
    ),
  ) as unknown;
}

/**
 * S3 lists only the window's day prefixes, so the records of days outside it are never read; the
 * local reader reads them and counts them out. Every other count must agree.
 */
function usage(out: string): unknown {
  const model = json(join(out, 'usage.json')) as { counts: Record<string, number> };
  const { records, outsideWindow, ...counts } = model.counts;
  assert.equal((records ?? 0) - (outsideWindow ?? 0), counts['inWindow']);
  return { ...model, counts };
}

function assertSameAnalysis(a: string, b: string): void {
  const policies = files(join(a, 'policies'));
  assert.ok(policies.length > 5, 'policies written');
  assert.deepEqual(files(join(b, 'policies')), policies);
  for (const file of policies)
    assert.equal(
      readFileSync(join(a, 'policies', file), 'utf8'),
      readFileSync(join(b, 'policies', file), 'utf8'),
      file,
    );
  assert.deepEqual(findings(a), findings(b));
  assert.deepEqual(usage(a), usage(b));
}

test('analyze --live --s3 over the fake equals the offline run; collect then offline equals --live', async () => {
  const live = join(dir, 'live');
  const offline = join(dir, 'offline');
  const collected = join(dir, 'collected');
  const [liveRun, offlineRun, collectRun] = await Promise.all([
    pare([
      'analyze',
      '--live',
      '--s3',
      's3://wild-rydes-trail/',
      ...WINDOW,
      ...RESOURCE_POLICIES,
      '--out',
      live,
    ]),
    pare([
      'analyze',
      '--logs',
      join(EXAMPLE, 'logs'),
      ...OFFLINE_GRANTS,
      ...WINDOW,
      ...RESOURCE_POLICIES,
      '--out',
      offline,
    ]),
    pare(['collect', '--out', collected]),
  ]);
  ok(liveRun, 'analyze --live');
  ok(offlineRun, 'analyze offline');
  ok(collectRun, 'collect');
  assertSameAnalysis(live, offline);

  const reread = join(dir, 'reread');
  const rereadRun = await pare([
    'analyze',
    '--logs',
    join(EXAMPLE, 'logs'),
    '--iam',
    join(collected, 'iam.json'),
    '--lambda',
    join(collected, 'lambda'),
    '--last-accessed',
    join(collected, 'last-accessed.json'),
    ...WINDOW,
    ...RESOURCE_POLICIES,
    '--out',
    reread,
  ]);
  ok(rereadRun, 'analyze on collected files');
  assertSameAnalysis(live, reread);

  // Function tags come from ListTags (ListFunctions has none), as get-function prints them.
  const listed = json(join(collected, 'lambda/list-functions.json')) as { Functions: { Tags?: object }[] };
  const original = json(join(EXAMPLE, 'lambda.json')) as { Functions: { Tags?: object }[] };
  assert.deepEqual(
    listed.Functions.map((f) => f.Tags),
    original.Functions.map((f) => f.Tags),
  );

  // 11 roles and 9 managed policies in pages of 4 (users and groups filtered out); 13 functions.
  // Two runs read the account: analyze --live and collect. Lambda has an empty page in us-west-2.
  const calls = (what: string): number => fake.requests.filter((r) => r === what).length;
  assert.equal(calls('iam GetAccountAuthorizationDetails'), 2 * 5, 'IAM followed its Marker');
  assert.equal(calls('lambda GET /2015-03-31/functions'), 2 * (4 + 1), 'Lambda followed NextMarker');
  assert.ok(calls('iam GetServiceLastAccessedDetails') > calls('iam GenerateServiceLastAccessedDetails'));
  assert.ok(calls('s3 GET /wild-rydes-trail/?list-type=2') > 90, 'path-style listings of the day prefixes');
  assert.equal(
    fake.requests.filter((r) => /^(?!s3 |iam |lambda |account )/.test(r)).length,
    0,
    'no other service called',
  );
});

test('a bucket that does not exist: exit 2 and one line naming NoSuchBucket', async () => {
  const run = await pare([
    'analyze',
    '--s3',
    's3://no-such-bucket/',
    ...OFFLINE_GRANTS,
    ...WINDOW,
    '--out',
    join(dir, 'nsb'),
  ]);
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0] ?? '', /no-such-bucket does not exist \(NoSuchBucket\)/);
});

test('no credentials anywhere: exit 2 and one line saying so', async () => {
  const noCredentials = { ...env };
  delete noCredentials['AWS_ACCESS_KEY_ID'];
  delete noCredentials['AWS_SECRET_ACCESS_KEY'];
  const run = await pare(
    [
      'analyze',
      '--s3',
      's3://wild-rydes-trail/',
      ...OFFLINE_GRANTS,
      ...WINDOW,
      '--out',
      join(dir, 'nocreds'),
    ],
    noCredentials,
  );
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0] ?? '', /no AWS credentials found/);
});

test("the fake refuses unsigned requests and answers 501, in the service's format, for what it lacks", async () => {
  const signed = (service: string): Record<string, string> => ({
    authorization: `AWS4-HMAC-SHA256 Credential=AKIAFAKE/20261201/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
  });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const unsigned = await fetch(fake.url, { method: 'POST', headers: form, body: 'Action=ListUsers' });
  assert.equal(unsigned.status, 403);
  assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/);

  const iam = await fetch(fake.url, {
    method: 'POST',
    headers: { ...form, ...signed('iam') },
    body: 'Action=ListUsers',
  });
  assert.equal(iam.status, 501);
  assert.match(
    await iam.text(),
    /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Receiver<\/Type><Code>NotImplemented<\/Code>/,
  );

  const lambda = await fetch(`${fake.url}/2015-03-31/layers`, { headers: signed('lambda') });
  assert.equal(lambda.status, 501);
  assert.equal(lambda.headers.get('x-amzn-errortype'), 'NotImplemented');

  const athena = await fetch(fake.url, {
    method: 'POST',
    headers: { ...signed('athena'), 'x-amz-target': 'AmazonAthena.StartQueryExecution' },
    body: '{}',
  });
  assert.equal(athena.status, 501);
  assert.equal(((await athena.json()) as { __type?: string }).__type, 'NotImplemented');

  const history = await fetch(fake.url, {
    method: 'POST',
    headers: {
      ...signed('cloudtrail'),
      'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      'content-type': 'application/x-amz-json-1.1',
    },
    body: JSON.stringify({ MaxResults: 2, EndTime: Date.parse('2026-11-28T00:00:00Z') / 1000 }),
  });
  const page = (await history.json()) as {
    Events: { EventTime: number; CloudTrailEvent: string }[];
    NextToken?: string;
  };
  assert.equal(page.Events.length, 2);
  assert.ok(page.NextToken);
  const [first, second] = page.Events.map(
    (e) => JSON.parse(e.CloudTrailEvent) as { eventTime: string; managementEvent?: boolean },
  );
  assert.ok((first?.eventTime ?? '') >= (second?.eventTime ?? ''), 'newest first');
  assert.ok((first?.eventTime ?? '') < '2026-11-28', 'EndTime applied');
  assert.notEqual(first?.managementEvent, false, 'management events only');
});
