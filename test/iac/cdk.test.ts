import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { readCdkInputs } from '../../src/app/cdk-inputs.js';
import { readAnalyzeOutput, runPatch } from '../../src/app/patch.js';
import { planCdk, type CdkAssembly } from '../../src/iac/cdk.js';
import type { RoleTarget } from '../../src/iac/model.js';
import { pare, tempDir } from '../helpers/cli.js';
import { assertGolden, EXAMPLE_IAC, FIXTURES } from './helpers.js';

const CDK = join(FIXTURES, 'cdk');
const ROLE = 'WildRydesReportingStack-DailyReporterServiceRole7E2A3C1B-1K9J8H7G6F5D4';
const TEMPLATE = 'wild-rydes-reporting/cdk.out/WildRydesReportingStack.template.json';

async function example(): Promise<{ role: RoleTarget; inputs: Awaited<ReturnType<typeof readCdkInputs>> }> {
  const [roles, inputs] = await Promise.all([
    readAnalyzeOutput(join(CDK, 'analyze-out')),
    readCdkInputs(EXAMPLE_IAC),
  ]);
  const role = roles.find((r) => r.name === ROLE);
  assert.ok(role);
  return { role, inputs };
}

/** Type-checks a suggestion against just enough of aws-cdk-lib's declarations. */
function typeErrors(code: string): string[] {
  const stubs: Record<string, string> = {
    'aws-iam': `export enum Effect { ALLOW = 'Allow', DENY = 'Deny' }
      export interface PolicyStatementProps { sid?: string; effect?: Effect; actions?: string[]; notActions?: string[];
        resources?: string[]; notResources?: string[]; conditions?: { [key: string]: any } }
      export class PolicyStatement { constructor(props?: PolicyStatementProps) }
      export interface IRole { addToPrincipalPolicy(statement: PolicyStatement): { statementAdded: boolean } }`,
    'aws-lambda': `import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
      export interface IFunction { readonly functionArn: string; addToRolePolicy(statement: PolicyStatement): void }`,
    'aws-kinesis': 'export interface IStream { readonly streamArn: string }',
    'aws-s3': 'export interface IBucket { readonly bucketArn: string }',
    'aws-dynamodb': 'export interface ITable { readonly tableArn: string; readonly tableStreamArn?: string }',
  };
  const files = new Map<string, string>([['/app/suggestion.ts', code]]);
  for (const [name, text] of Object.entries(stubs))
    files.set(`/app/node_modules/aws-cdk-lib/${name}/index.d.ts`, text);
  files.set('/app/node_modules/aws-cdk-lib/package.json', '{"name":"aws-cdk-lib","version":"2.0.0"}');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    noLib: true,
  };
  const host = ts.createCompilerHost(options);
  host.fileExists = (f) => files.has(f);
  host.readFile = (f) => files.get(f);
  host.getCurrentDirectory = () => '/app';
  host.directoryExists = (d) => [...files.keys()].some((f) => f.startsWith(`${d}/`));
  host.getSourceFile = (f, language) => {
    const text = files.get(f);
    return text === undefined ? undefined : ts.createSourceFile(f, text, language);
  };
  const program = ts.createProgram(['/app/suggestion.ts'], options, host);
  return (
    ts
      .getPreEmitDiagnostics(program)
      // noLib: the global types (Array, String, …) are absent; only errors about our code count.
      .filter((d) => !/Cannot find global type/.test(ts.flattenDiagnosticMessageText(d.messageText, '\n')))
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
  );
}

test('the example CDK role: construct path, source location, grants to remove, golden', async () => {
  const { role, inputs } = await example();
  const plan = planCdk(inputs.assemblies, inputs.sources, [role], []);
  assert.deepEqual(plan.resolutions, [
    { role: ROLE, path: TEMPLATE, logicalId: 'DailyReporterServiceRole7E2A3C1B', by: 'tags' },
  ]);
  const [s] = plan.suggestions;
  assert.ok(s);
  assert.equal(s.file, 'cdk/WildRydesReportingStack/DailyReporter/ServiceRole.ts');
  assert.equal(s.constructPath, 'WildRydesReportingStack/DailyReporter/ServiceRole');
  const source = await readFile(join(EXAMPLE_IAC, 'wild-rydes-reporting/lib/reporting-stack.ts'), 'utf8');
  const lineOf = (needle: string): number => source.split('\n').findIndex((l) => l.includes(needle)) + 1;
  assert.match(
    s.text,
    new RegExp(`source: wild-rydes-reporting/lib/reporting-stack.ts:${lineOf("(this, 'DailyReporter'")}: `),
  );
  const calls = [
    lineOf("['states:*']"),
    lineOf('grantPutEventsTo(reporter)'),
    lineOf('// The DR copy') + 1,
    lineOf('rideTable.grant('),
  ];
  const listed = [...s.text.matchAll(/^\/\/ - wild-rydes-reporting\/lib\/reporting-stack\.ts:(\d+): /gm)];
  assert.deepEqual(
    listed.map((m) => Number(m[1])),
    calls,
  );
  // lambda.Function keeps adding logging and X-Ray: the snippet leaves them to it.
  assert.doesNotMatch(s.text, /logs:CreateLogStream'|xray:PutTraceSegments'/);
  assert.match(
    s.text,
    /keep:\n\/\/ - managed policy arn:\$\{AWS::Partition\}:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole/,
  );
  await assertGolden(
    join(CDK, 'golden', 'WildRydesReportingStack__DailyReporter__ServiceRole.ts.golden'),
    s.text,
  );
});

test('the suggestion is valid TypeScript that type-checks against the CDK interfaces', async () => {
  const { role, inputs } = await example();
  const [s] = planCdk(inputs.assemblies, inputs.sources, [role], []).suggestions;
  assert.ok(s);
  const parsed = ts.createSourceFile('s.ts', s.text, ts.ScriptTarget.ES2022, true);
  assert.deepEqual((parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, []);
  assert.deepEqual(typeErrors(s.text), []);
  // The checker is not vacuous: a wrong attribute is an error.
  assert.notDeepEqual(typeErrors(s.text.replace('metricsStream.streamArn', 'metricsStream.arn')), []);
});

test('references are the construct ids of the resources the stack defines; other ARNs stay literal', async () => {
  const { role, inputs } = await example();
  const [s] = planCdk(inputs.assemblies, inputs.sources, [role], []).suggestions;
  assert.ok(s);
  assert.match(
    s.text,
    /export function grantDailyReporter\(dailyReporter: lambda\.IFunction, metricsStream: kinesis\.IStream\)/,
  );
  assert.match(
    s.text,
    /resources: \[\n\s+metricsStream\.streamArn,\n\s+'arn:aws:kinesis:us-west-2:123456789012:stream\/wild-rydes-metrics-dr',/,
  );
  assert.match(
    s.text,
    /metricsStream: the construct with id 'MetricsStream' \(WildRydesReportingStack\/MetricsStream\)/,
  );
  // The table is the ride-record service's: imported, so its ARN is literal.
  assert.match(
    s.text,
    /'arn:aws:dynamodb:us-east-1:123456789012:table\/wild-rydes-ride-record-dev-RideRecordTable-1O6M5XW4Y9Q8Z'/,
  );
});

const STACK = 'MediaStack';
const LONG = 'WorkerRoleForTheNightlyThumbnailRegenerationJob1A2B3C4D';
/** A stack without a manifest: an own iam.Role, a bucket and a table with generated names. */
const MEDIA: CdkAssembly = {
  dir: 'media/cdk.out',
  templates: [
    {
      path: 'media/cdk.out/MediaStack.template.json',
      text: JSON.stringify({
        Resources: {
          UploadsBucket5E0B1C2D: {
            Type: 'AWS::S3::Bucket',
            Metadata: { 'aws:cdk:path': 'MediaStack/Uploads Bucket/Resource' },
          },
          Index4A1B2C3D: {
            Type: 'AWS::DynamoDB::Table',
            Properties: { TableName: 'media-index' },
            Metadata: { 'aws:cdk:path': 'MediaStack/Index/Resource' },
          },
          WorkerRole1A2B3C4D: {
            Type: 'AWS::IAM::Role',
            Properties: {
              ManagedPolicyArns: [
                {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonS3FullAccess'],
                  ],
                },
              ],
            },
            Metadata: { 'aws:cdk:path': 'MediaStack/WorkerRole/Resource' },
          },
          OtherRole9F8E7D6C: {
            Type: 'AWS::IAM::Role',
            Metadata: { 'aws:cdk:path': 'MediaStack/OtherRole/Resource' },
          },
          [LONG]: { Type: 'AWS::IAM::Role', Metadata: { 'aws:cdk:path': 'MediaStack/LongRole/Resource' } },
        },
      }),
    },
  ],
};
const SOURCE = {
  path: 'media/lib/media-stack.ts',
  text: [
    "const workerRole = new iam.Role(this, 'WorkerRole', { assumedBy });",
    'uploads.grantReadWrite(workerRole);',
    'workerRole.addManagedPolicy(full);',
    '',
  ].join('\n'),
};
const worker = (name: string, tags: Record<string, string> = {}): RoleTarget => ({
  name,
  arn: `arn:aws:iam::123456789012:role/${name}`,
  tags,
  functions: [],
  policy: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3Observed',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::mediastack-uploadsbucket5e0b1c2d-1a2b3c4d5e6f/rides/*'],
        Condition: { StringEquals: { 's3:ExistingObjectTag/public': ['yes'] } },
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: ['arn:aws:dynamodb:eu-west-1:123456789012:table/media-index'],
      },
    ],
  },
  perFunction: {},
  evidence: { callsBySid: { S3Observed: 3 }, callsByFunction: {}, unused: { s3: 80 } },
});

test('stack naming, including the 64-character cut, and an own iam.Role with the grants to it', () => {
  const byName = (name: string): string[] =>
    planCdk([MEDIA], [SOURCE], [worker(name)], []).resolutions.map((r) => `${r.logicalId} ${r.by}`);
  assert.deepEqual(byName(`${STACK}-WorkerRole1A2B3C4D-1QW2ER3TY4UI5`), ['WorkerRole1A2B3C4D stack-naming']);
  // 64 characters: CloudFormation cut the logical id.
  const cut = `${STACK}-WorkerRoleForTheNightlyThumbnailRegener-1QW2ER3TY4UI5`;
  assert.equal(cut.length, 64);
  assert.deepEqual(byName(cut), [`${LONG} stack-naming`]);
  assert.deepEqual(byName(`${STACK}-WorkerRole1A2B3C4D`), [], 'no random suffix: not generated');
  const [s] = planCdk(
    [MEDIA],
    [SOURCE],
    [worker(`${STACK}-WorkerRole1A2B3C4D-1QW2ER3TY4UI5`)],
    [],
  ).suggestions;
  assert.ok(s);
  assert.equal(s.file, 'cdk/MediaStack/WorkerRole.ts');
  assert.match(s.text, /workerRole\.addToPrincipalPolicy\(/);
  assert.match(s.text, /resources: \[`\$\{uploadsBucket\.bucketArn\}\/rides\/\*`\]/);
  assert.match(s.text, /resources: \[index\.tableArn\]/);
  assert.match(s.text, /uploadsBucket: the construct with id 'Uploads Bucket'/);
  assert.match(s.text, /conditions: \{\n\s+StringEquals: \{\n\s+'s3:ExistingObjectTag\/public': 'yes',/);
  assert.match(s.text, /- media\/lib\/media-stack\.ts:2: uploads\.grantReadWrite\(workerRole\);/);
  assert.match(s.text, /- media\/lib\/media-stack\.ts:3: workerRole\.addManagedPolicy\(full\);/);
  assert.match(s.text, /- managed policy arn:\$\{AWS::Partition\}:iam::aws:policy\/AmazonS3FullAccess\n/);
  assert.deepEqual(typeErrors(s.text), []);
});

test('by tag: the stack tag names the stack; by --map: a logical id or a construct path', () => {
  const tagged = planCdk(
    [MEDIA],
    [],
    [worker('anything', { 'aws-cdk:stack': STACK, 'aws:cloudformation:logical-id': 'OtherRole9F8E7D6C' })],
    [],
  );
  assert.deepEqual(
    tagged.resolutions.map((r) => `${r.logicalId} ${r.by}`),
    ['OtherRole9F8E7D6C tags'],
  );
  // Two roles and nothing to tell them apart: not guessed.
  assert.deepEqual(
    planCdk([MEDIA], [], [worker('anything', { 'aws-cdk:stack': STACK })], []).resolutions,
    [],
  );
  assert.deepEqual(
    planCdk([MEDIA], [], [worker('anything', { 'aws-cdk:stack': 'OtherStack' })], []).resolutions,
    [],
  );
  const path = 'media/cdk.out/MediaStack.template.json';
  for (const logicalId of ['WorkerRole1A2B3C4D', 'MediaStack/WorkerRole', 'MediaStack/WorkerRole/Resource']) {
    const plan = planCdk([MEDIA], [], [worker('custom-name')], [{ role: 'custom-name', path, logicalId }]);
    assert.deepEqual(
      plan.resolutions.map((r) => `${r.logicalId} ${r.by}`),
      ['WorkerRole1A2B3C4D override'],
      logicalId,
    );
  }
  assert.deepEqual(
    planCdk([MEDIA], [], [worker('custom-name')], [{ role: 'custom-name', path, logicalId: 'Nope' }])
      .resolutions,
    [],
  );
});

test('pare patch: the CDK role gets a suggestion file, listed apart from the patches', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pare-cdk-'));
  try {
    const run = await runPatch({
      iac: EXAMPLE_IAC,
      from: join(CDK, 'analyze-out'),
      out: dir,
      apply: false,
      map: [],
    });
    assert.deepEqual(run.suggestions, ['cdk/WildRydesReportingStack/DailyReporter/ServiceRole.ts']);
    assert.deepEqual(run.written, run.suggestions);
    assert.deepEqual(run.plan.unresolved, []);
    assert.equal(run.plan.resolutions.at(-1)?.path, TEMPLATE);
    const text = await readFile(
      join(dir, 'cdk/WildRydesReportingStack/DailyReporter/ServiceRole.ts'),
      'utf8',
    );
    assert.match(text, /^\/\/ pare patch: CDK suggestion for role /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('pare patch prints the CDK file as a suggestion, and --format json lists it apart', () => {
  const out = tempDir('pare-cdk-cli-');
  const from = join(CDK, 'analyze-out');
  const text = pare(['patch', '--iac', EXAMPLE_IAC, '--from', from, '--out', out]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^0 patch\(es\) in /m);
  assert.match(
    text.stdout,
    /^CDK suggestion \(review, not a patch\): cdk\/WildRydesReportingStack\/DailyReporter\/ServiceRole\.ts$/m,
  );
  assert.equal(text.stderr, '');
  const json = pare(['patch', '--iac', EXAMPLE_IAC, '--from', from, '--out', out, '--format', 'json']);
  const summary = JSON.parse(json.stdout) as { patches: string[]; suggestions: string[] };
  assert.deepEqual(summary.patches, []);
  assert.deepEqual(summary.suggestions, ['cdk/WildRydesReportingStack/DailyReporter/ServiceRole.ts']);
});

test('a Stage: the nested assembly (assembly-<Stage>/) and its stackName from the manifest', async () => {
  const root = tempDir('pare-cdk-stage-');
  const nested = join(root, 'app/cdk.out/assembly-Prod');
  await mkdir(nested, { recursive: true });
  await writeFile(
    join(root, 'app/cdk.out/manifest.json'),
    JSON.stringify({ version: '36.0.0', artifacts: {} }),
  );
  await writeFile(
    join(nested, 'manifest.json'),
    JSON.stringify({
      artifacts: {
        ProdReporting1A2B3C4D: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'ProdReporting1A2B3C4D.template.json', stackName: 'Prod-Reporting' },
        },
      },
    }),
  );
  await writeFile(join(nested, 'ProdReporting1A2B3C4D.template.json'), MEDIA.templates[0]?.text ?? '');
  await mkdir(join(root, 'app/lib'), { recursive: true });
  await writeFile(join(root, 'app/lib/stack.ts'), SOURCE.text);
  const inputs = await readCdkInputs(root);
  assert.deepEqual(
    inputs.assemblies.map((a) => a.dir),
    ['app/cdk.out', 'app/cdk.out/assembly-Prod'],
  );
  const plan = planCdk(
    inputs.assemblies,
    inputs.sources,
    [worker('Prod-Reporting-WorkerRole1A2B3C4D-1QW2ER3TY4UI5')],
    [],
  );
  assert.deepEqual(
    plan.resolutions.map((r) => `${r.path}#${r.logicalId} ${r.by}`),
    ['app/cdk.out/assembly-Prod/ProdReporting1A2B3C4D.template.json#WorkerRole1A2B3C4D stack-naming'],
  );
  assert.equal(plan.suggestions[0]?.file, 'cdk/Prod-Reporting/MediaStack/WorkerRole.ts');
  assert.match(
    plan.suggestions[0]?.text ?? '',
    /- app\/lib\/stack\.ts:2: uploads\.grantReadWrite\(workerRole\);/,
  );
  await rm(root, { recursive: true, force: true });
});
