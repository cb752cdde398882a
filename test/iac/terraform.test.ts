/** The Terraform patcher on the bundled example and on a fixture module of the harder cases. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readAnalyzeOutput, readIacFiles } from '../../src/app/patch.js';
import { parseHcl } from '../../src/iac/hcl/parser.js';
import type { FileChange, IacFile, RoleOverride, RoleTarget } from '../../src/iac/model.js';
import { patchFileName, planPatches, renderPatch } from '../../src/iac/patch.js';
import { terraformPatcher } from '../../src/iac/terraform.js';
import { assertGolden, EXAMPLE_IAC, FIXTURES } from './helpers.js';

const TF = join(FIXTURES, 'terraform');
const ACCOUNT = '123456789012';

async function exampleFiles(): Promise<IacFile[]> {
  return (await readIacFiles(EXAMPLE_IAC)).filter((f) => f.path.startsWith('wild-rydes-orders/'));
}

function plan(files: IacFile[], roles: RoleTarget[], overrides: RoleOverride[] = []) {
  return planPatches(files, roles, overrides, [terraformPatcher]);
}

const comments = (text: string): string[] => {
  const parsed = parseHcl(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  return parsed.file.comments.map((c) => c.text);
};

function role(name: string, statements: RoleTarget['policy']['Statement']): RoleTarget {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    tags: {},
    functions: [],
    policy: { Version: '2012-10-17', Statement: statements },
    perFunction: {},
    evidence: { callsBySid: {}, callsByFunction: {}, unused: {} },
  };
}

const LOGS = (group: string) => ({
  Sid: 'LogsLambdaService',
  Effect: 'Allow' as const,
  Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/${group}:*`],
});

export const MEDIA_ROLES: RoleTarget[] = [
  role('media-thumbnails-20260101120000000000000001', [
    {
      Sid: 'KmsObserved',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    },
    {
      Sid: 'S3Observed',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: ['arn:aws:s3:::media-uploads-prod/uploads/*'],
    },
    LOGS('media-thumbnails'),
  ]),
  role('media-resizer-prod', [
    {
      Sid: 'S3Observed',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: ['arn:aws:s3:::media-uploads-prod/resized/*'],
    },
    LOGS('media-resizer-prod'),
  ]),
];

async function mediaFiles(): Promise<IacFile[]> {
  return (await readIacFiles(TF)).filter((f) => f.path.startsWith('media/'));
}

test('the example: both Terraform roles resolved by name (one through var.project), golden', async () => {
  const roles = await readAnalyzeOutput(join(TF, 'analyze-out'));
  const result = plan(await exampleFiles(), roles);
  assert.deepEqual(
    result.resolutions.map((r) => `${r.role} ${r.path}#${r.logicalId} ${r.by}`),
    [
      'wild-rydes-order-processor wild-rydes-orders/orders.tf#aws_iam_role.order_processor role-name',
      'wild-rydes-receipts-archiver wild-rydes-orders/receipts.tf#aws_iam_role.receipts_archiver role-name',
    ],
  );
  // One patch per file, each with its own role's edits.
  assert.deepEqual(
    result.changes.map((c) => `${c.path} ${c.resolutions.map((r) => r.role).join(',')}`),
    [
      'wild-rydes-orders/orders.tf wild-rydes-order-processor',
      'wild-rydes-orders/receipts.tf wild-rydes-receipts-archiver',
    ],
  );
  for (const change of result.changes)
    await assertGolden(join(TF, 'golden', patchFileName(change.path)), renderPatch(change, roles));
  const after = result.changes.map((c) => c.after).join('\n');
  const before = result.changes.map((c) => c.before).join('\n');
  assert.doesNotMatch(after, /dynamodb:\*|"s3:\*"|AWSLambdaSQSQueueExecutionRole/);
  assert.match(after, /policy_arn = "arn:aws:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole"/);
  // The module's own resources, not the account's ARNs.
  for (const reference of [
    'Resource = aws_dynamodb_table.orders.arn',
    'Resource = "${aws_dynamodb_table.orders.arn}/index/by-rider"',
    'Resource = aws_dynamodb_table.order_items.arn',
    '"Resource": "${aws_secretsmanager_secret.stripe.arn}"',
    '"Resource": "${aws_sqs_queue.orders.arn}"',
    '"Resource": "${var.secrets_key_arn}"',
    'resources = ["${aws_s3_bucket.receipts.arn}/receipts/*"]',
    'resources = [var.archive_key_arn]',
  ])
    assert.ok(after.includes(reference), reference);
  assert.doesNotMatch(after, /arn:aws:(s3|sqs|sns|secretsmanager|kms)[:]/);
  // Tables of other teams stay literal.
  assert.match(after, /table\/wild-rydes-riders"/);
  // The Deny and its comment stay; the comments of removed blocks go with them, all others stay.
  assert.match(
    after,
    /# Receipts are kept for seven years.*\n {2}statement \{\n {4}sid {7}= "NeverDeleteReceipts"/,
  );
  const gone = comments(before).filter((c) => !comments(after).includes(c));
  assert.deepEqual(gone, [
    "# The SQS event source mapping polls the orders queue with the function's own role.",
    '# Read and write the receipts the ride service drops.',
  ]);
});

test('a module of harder cases: name_prefix, tfvars, inline_policy, managed_policy_arns, file(), count', async () => {
  const result = plan(await mediaFiles(), MEDIA_ROLES);
  assert.deepEqual(
    result.resolutions.map((r) => `${r.logicalId} ${r.by}`),
    ['aws_iam_role.thumbnails name-prefix', 'aws_iam_role.resizer role-name'],
  );
  const change = result.changes[0] as FileChange;
  await assertGolden(join(TF, 'golden', patchFileName(change.path)), renderPatch(change, MEDIA_ROLES));
  assert.ok(change.edits.includes('aws_iam_policy.shared: left as is (used elsewhere in the module too)'));
  assert.ok(change.edits.some((e) => e.startsWith('aws_iam_role_policy.resizer_file: left as is, file(')));
  assert.match(change.after, /managed_policy_arns = \[aws_iam_policy\.shared\.arn\]/);
  assert.match(
    change.after,
    /resource "aws_iam_role_policy" "resizer_least_privilege" \{\n {2}name = "least-privilege"\n {2}role = aws_iam_role\.resizer\.id\n {2}policy = jsonencode\(\{/,
  );
  // The log group resolves through tfvars (stage = "prod"); the bucket has count, so its ARN stays.
  assert.ok(change.after.includes('"${aws_cloudwatch_log_group.resizer.arn}:*"'));
  assert.ok(change.after.includes('"arn:aws:s3:::media-uploads-prod/resized/*"'));
  assert.doesNotMatch(change.after, /AmazonS3FullAccess|kms:\*/);
  // The comment inside the replaced jsonencode moves above the policy, it is not lost.
  assert.match(change.after, /\n {4}# the key policy narrows it \(it does not\)\n {4}policy = jsonencode/);
});

test('--map names the block outright', () => {
  const files: IacFile[] = [
    {
      path: 'infra/iam.tf',
      text: 'resource "aws_iam_role" "deployed_elsewhere" {\n  name = local.name\n}\n',
    },
  ];
  const target = role('legacy-fn-role-abc123', [
    { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`] },
  ]);
  assert.deepEqual(plan(files, [target]).resolutions, []);
  const override = { role: target.name, path: 'infra/iam.tf', logicalId: 'aws_iam_role.deployed_elsewhere' };
  const result = plan(files, [target], [override]);
  assert.equal(result.resolutions[0]?.by, 'override');
  assert.match(
    result.changes[0]?.after ?? '',
    /resource "aws_iam_role_policy" "deployed_elsewhere_least_privilege"/,
  );
});

test('a policy the generated statements no longer need is removed, with its managed_policy_arns entry', () => {
  const text = [
    'resource "aws_iam_role" "jobs" {',
    '  name                = "jobs"',
    '  managed_policy_arns = [aws_iam_policy.queue.arn]',
    '}',
    '',
    'resource "aws_iam_role_policy" "jobs" {',
    '  role   = aws_iam_role.jobs.name',
    '  policy = <<EOF',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}',
    'EOF',
    '}',
    '',
    '# Queue access for the workers.',
    'resource "aws_iam_policy" "queue" {',
    '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "*" }] })',
    '}',
    '',
  ].join('\n');
  const target = role('jobs', [
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::jobs-input/*'] },
  ]);
  const change = plan([{ path: 'jobs.tf', text }], [target]).changes[0] ?? assert.fail('no change');
  assert.equal(
    change.after,
    [
      'resource "aws_iam_role" "jobs" {',
      '  name                = "jobs"',
      '  managed_policy_arns = []',
      '}',
      '',
      'resource "aws_iam_role_policy" "jobs" {',
      '  role   = aws_iam_role.jobs.name',
      '  policy = <<EOF',
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow",',
      '      "Action": [',
      '        "s3:GetObject"',
      '      ],',
      '      "Resource": "arn:aws:s3:::jobs-input/*"',
      '    }',
      '  ]',
      '}',
      'EOF',
      '}',
      '',
    ].join('\n'),
  );
  assert.ok(
    change.edits.includes(
      "aws_iam_policy.queue (attached to this role only): removed, the role's other policies hold every generated statement",
    ),
  );
});

test('Deny statements are kept in every spelling; a policy left with only Denies stays', () => {
  const deny = (service: string) => `{ Effect = "Deny", Action = "${service}:Delete*", Resource = "*" }`;
  const text = [
    'resource "aws_iam_role" "jobs" {',
    '  name = "jobs"',
    '}',
    '',
    'resource "aws_iam_role_policy" "s3" {',
    '  role = aws_iam_role.jobs.id',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [',
    '      { Effect = "Allow", Action = "s3:*", Resource = "*" },',
    `      ${deny('s3')},`,
    '    ]',
    '  })',
    '}',
    '',
    'resource "aws_iam_role_policy" "sqs" {',
    '  role   = aws_iam_role.jobs.id',
    '  policy = <<-EOT',
    '    {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"},',
    '      {"Effect": "Deny", "Action": "sqs:Delete*", "Resource": "${aws_sqs_queue.q.arn}"}]}',
    '  EOT',
    '}',
    '',
  ].join('\n');
  const target = role('jobs', [
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::jobs-input/*'] },
  ]);
  const change = plan([{ path: 'jobs.tf', text }], [target]).changes[0] ?? assert.fail('no change');
  assert.ok(change.after.includes(`      ${deny('s3')},\n`), change.after);
  assert.match(
    change.after,
    /"Effect": "Deny",\n {10}"Action": "sqs:Delete\*",\n {10}"Resource": "\$\{aws_sqs_queue\.q\.arn\}"/,
  );
  assert.doesNotMatch(change.after, /s3:\*|sqs:\*/);
  assert.deepEqual(change.edits, [
    'aws_iam_role_policy.s3: policy replaced by 1 generated statement(s) (jsonencode), its 1 Deny statement(s) kept',
    'aws_iam_role_policy.sqs: policy replaced by 0 generated statement(s) (heredoc), its 1 Deny statement(s) kept',
  ]);
  assert.ok(parseHcl(change.after).ok);
});

test('git apply --check passes on every patch; the result is the planned text, parses, and re-patches to nothing', async () => {
  const roles = await readAnalyzeOutput(join(TF, 'analyze-out'));
  const sets: [IacFile[], RoleTarget[]][] = [
    [await exampleFiles(), roles],
    [await mediaFiles(), MEDIA_ROLES],
  ];
  const repo = await mkdtemp(join(tmpdir(), 'pare-tf-'));
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
    git('init', '-q');
    for (const [files, targets] of sets) {
      for (const file of files) {
        await mkdir(dirname(join(repo, file.path)), { recursive: true });
        await writeFile(join(repo, file.path), file.text);
      }
      for (const change of plan(files, targets).changes) {
        const patch = join(repo, patchFileName(change.path));
        await writeFile(patch, renderPatch(change, targets));
        git('apply', '--check', patch);
        git('apply', patch);
        const applied = await readFile(join(repo, change.path), 'utf8');
        assert.equal(applied, change.after);
        assert.ok(parseHcl(applied).ok, change.path);
      }
      // Patching the patched module again changes nothing.
      const again = await Promise.all(
        files.map(async (f) => ({ ...f, text: await readFile(join(repo, f.path), 'utf8') })),
      );
      assert.deepEqual(plan(again, targets).changes, []);
    }
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
});
