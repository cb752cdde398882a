/**
 * examples/wild-rydes/README.md, rendered from the same definitions and truth as the logs, so the
 * expected results cannot drift from what the generator emitted.
 */
import type { RoleDef } from '../lib/iam/snapshot.js';
import { roleArnOf } from '../lib/iam/snapshot.js';
import type { FunctionDef } from '../lib/lambda-inventory.js';
import type { DeniedPair, ObservedPair, RoleTruth } from '../lib/scenario/expected.js';
import {
  boundaryStatements,
  classify,
  configNeeds,
  identityStatements,
  type PatternLine,
} from '../lib/scenario/grant-summary.js';
import {
  ACCOUNT,
  R,
  RIDE_RECORD_FUNCTIONS,
  rideRecordFunctionName,
  type WildRydesAccount,
} from './account.js';
import { planted } from './planted.js';
import { AUDIT_DATE } from './posture.js';

const code = (s: string): string => `\`${s}\``;

/** What made each role, and what is special about it. */
const ROLE_STORY: Record<string, string> = {
  'wild-rydes-ride-record-dev-us-east-1-lambdaRole':
    'Serverless Framework service `wild-rydes-ride-record` (stage dev): one role for all five functions, with the workshop’s over-grant (four DynamoDB item actions on `*`). Each function uses one action on the ride table; only PutRideRecordSns needs the DLQ.',
  'wild-rydes-data-lake-dev-us-east-1-lambdaRole':
    'Serverless service `wild-rydes-data-lake`: `AmazonS3FullAccess` attached, plus the stream statement Serverless adds for a `stream` event. WriteRecord only writes `rides/YYYY/MM/DD/<uuid>.json` objects.',
  'wild-rydes-media-ThumbnailFunctionRole-1QW2ER3TY4UI5':
    'SAM function: `s3:GetObject`/`s3:PutObject` on every object of every bucket (`arn:aws:s3:::*/*`); it reads one bucket and writes another, SSE-KMS (KMS calls made by S3 on its behalf, `invokedBy: s3.amazonaws.com`).',
  'wild-rydes-order-processor':
    'Terraform: `dynamodb:*` on `*`, an SQS event source mapping (polls made by Lambda with the role, `invokedBy: lambda.amazonaws.com`), a customer managed policy with three versions (v3 default). Reads its secret by name; Secrets Manager decrypts it with KMS on the role’s behalf.',
  'WildRydesReportingStack-DailyReporterServiceRole7E2A3C1B-1K9J8H7G6F5D4':
    'CDK: a permissions boundary (`wild-rydes-workload-boundary`) caps an identity policy that grants `states:*`; only `states:StartExecution` and `states:DescribeExecution` are effective. Two PutRecords calls go to a stream in us-west-2.',
  'wild-rydes-receipts-archiver':
    'Terraform: `s3:*` on the receipts bucket next to an explicit Deny of `s3:DeleteObject` on its objects (the nightly delete is refused every night), and a PutObject Allow on the archive bucket with a Condition on `s3:x-amz-server-side-encryption`.',
  'wild-rydes-canary-deployer':
    'Terraform: exploit-grade `iam:PassRole` on `*` and `lambda:UpdateFunctionCode` on `*`; makes refused attempts (`lambda:UpdateFunctionConfiguration`, `iam:GetRole`) and one call on a function that no longer exists (ResourceNotFoundException: the permission was used).',
  'legacy-fn-role-abc123':
    'Console-created (`/service-role/`, no tags, nodejs16.x): used only on 2026-07-31, 120 days before the end: unused in the window.',
  'wild-rydes-payments-StripeWebhookFunctionRole-9ZY8XW7VU6TS':
    'SAM function in a VPC (calls DynamoDB through a gateway endpoint, `vpcEndpointId` in the records), environment encrypted with a customer key, secrets in plain environment variables (`DB_PASSWORD`, `STRIPE_API_KEY`; values are `EXAMPLE` strings).',
  'wild-rydes-ci-deploy':
    'Not a Lambda role: developer `dana.dev` assumes it (session `dana.dev`) to run `serverless deploy`. Selection matters: analysing every role includes it.',
  CloudFormationDeployRole:
    'Not a Lambda role: CloudFormation’s service role (`AdministratorAccess`), used by CloudFormation on the deploy role’s change sets (`invokedBy: cloudformation.amazonaws.com`).',
};

/** The posture findings pare audit must report, as planted: what, where and how. */
function postureSection(account: WildRydesAccount): string[] {
  const rows = planted(account).map((p) => `| ${code(p.rule)} | ${code(p.subject)} | ${p.how} |`);
  return [
    '## Posture: `pare audit`',
    '',
    '```sh',
    'pare audit --iam examples/wild-rydes/iam.json \\',
    '  --lambda examples/wild-rydes/lambda.json examples/wild-rydes/lambda \\',
    '  --resource-policies examples/wild-rydes/resource-policies --code examples/wild-rydes/code',
    '```',
    '',
    `On ${AUDIT_DATE} (the last day of activity) it must report exactly these findings, one per rule and subject (the function, else the role, else the resource), and nothing else. \`nodejs20.x\` reached its deprecation date on 2026-04-30, before the activity starts, so the four Node.js 20 functions are past it like \`legacy-fn\`. Things that must not fire: \`STRIPE_SECRET_ID\` and \`ARCHIVE_KEY_ID\` (names of secrets and keys held elsewhere), the archiver’s \`*\` permission pinned by \`aws:SourceArn\`, the ride topic’s default policy (\`AWS:SourceOwner\`), the uploads bucket’s policy (CloudFront only, TLS only), AWSLambdaBasicExecutionRole’s and AWSLambdaVPCAccessExecutionRole’s log and network actions on \`*\`, and the deployer’s package, which only mentions keys.`,
    '',
    '| rule | subject | planted as |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ];
}

function commonPrefix(values: readonly string[]): string {
  let prefix = values[0] ?? '';
  for (const v of values) while (!v.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf(':'));
  return cut >= 0 ? prefix.slice(0, cut + 1) : prefix;
}

function resourcesText(resources: readonly string[]): string {
  if (resources.length <= 3) return resources.map(code).join(', ');
  return `${resources.length} ARNs under ${code(`${commonPrefix(resources)}…`)}`;
}

function observedTable(observed: readonly ObservedPair[]): string[] {
  if (observed.length === 0) return ['None.'];
  const byAction = new Map<string, ObservedPair[]>();
  for (const o of observed) byAction.set(o.action, [...(byAction.get(o.action) ?? []), o]);
  const rows = [
    '| action | resources | calls (of which failed, not for authorisation) |',
    '| --- | --- | --- |',
  ];
  for (const [action, pairs] of byAction) {
    const calls = pairs.reduce((n, p) => n + p.count, 0);
    const errors = pairs.reduce((n, p) => n + p.errorCount, 0);
    rows.push(
      `| ${code(action)} | ${resourcesText(pairs.map((p) => p.resource))} | ${calls}${errors ? ` (${errors})` : ''} |`,
    );
  }
  return rows;
}

function deniedLines(denied: readonly DeniedPair[]): string[] {
  if (denied.length === 0) return ['None.'];
  const groups = new Map<string, DeniedPair[]>();
  for (const d of denied) {
    const id = `${d.action} ${d.errorCode} ${d.eventName}`;
    groups.set(id, [...(groups.get(id) ?? []), d]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as DeniedPair;
    const count = g.reduce((n, d) => n + d.count, 0);
    return `- ${code(first.action)} on ${resourcesText(g.map((d) => d.resource))}: ${count} × ${code(first.errorCode)} (${code(first.eventName)})`;
  });
}

function grantLines(lines: readonly PatternLine[]): { unused: string[]; keep: string[]; wide: string[] } {
  const unused: string[] = [];
  const keep: string[] = [];
  const wide: string[] = [];
  for (const line of lines) {
    const where = `${resourcesText(line.statement.resources)} (${line.statement.policy}${line.statement.sid ? ` ${line.statement.sid}` : ''})`;
    if (line.status === 'unused') unused.push(`- ${code(line.pattern)} on ${where}`);
    if (line.status === 'partly used')
      wide.push(`- ${code(line.pattern)} on ${where}: used only ${line.used.map(code).join(', ')}`);
    if (line.status === 'not observable' || line.status === 'needed by configuration') {
      keep.push(`- ${code(line.pattern)} on ${where}: ${line.why ?? ''}`);
    }
  }
  return { unused, keep, wide };
}

function roleSection(role: RoleDef, truth: RoleTruth, functions: readonly FunctionDef[]): string[] {
  const arn = roleArnOf(ACCOUNT, role);
  const lines = classify(role, truth.observed, functions);
  const g = grantLines(lines);
  const denies = identityStatements(role).filter((s) => s.effect === 'Deny');
  const conditions = identityStatements(role).filter((s) => s.condition);
  const boundary = boundaryStatements(role);
  const out = [
    `### ${code(role.name)}`,
    '',
    ROLE_STORY[role.name] ?? '',
    '',
    `- ARN: ${code(arn)}`,
    `- Functions: ${functions.length ? functions.map((f) => code(f.name)).join(', ') : 'none (not a Lambda execution role)'}`,
    `- Policies: ${[...role.inline.map((p) => `inline ${code(p.name)}`), ...role.managed.map((p) => code(p.arn))].join(', ')}${role.boundary ? `; boundary ${code(role.boundary.arn)}` : ''}`,
    `- Records made by its sessions in the window: ${truth.eventCount}`,
    '',
    '**Observed (allowed, in the window):**',
    '',
    ...observedTable(truth.observed),
    '',
  ];
  if (truth.noPermission.length) {
    out.push(
      `Calls that need no permission: ${truth.noPermission.map((c) => `${code(c.eventName)} × ${c.count}`).join(', ')}.`,
      '',
    );
  }
  out.push('**Denied (findings, never grants):**', '', ...deniedLines(truth.denied), '');
  if (truth.outsideWindow.length) {
    out.push('**Used only outside the window (must not be required):**', '');
    for (const o of truth.outsideWindow) out.push(`- ${code(o.action)} on ${resourcesText(o.resources)}`);
    out.push('');
  }
  out.push('**Granted but unused in the window:**', '', ...(g.unused.length ? g.unused : ['None.']), '');
  if (g.wide.length) out.push('**Granted wider than used (wildcard actions):**', '', ...g.wide, '');
  out.push(
    '**Not observable: keep when granted (`kept: not observable`):**',
    '',
    ...(g.keep.length ? g.keep : ['None.']),
    '',
  );
  const special = [
    ...denies.map(
      (d) =>
        `- Deny ${d.actions.map(code).join(', ')} on ${resourcesText(d.resources)} (${d.policy}${d.sid ? ` ${d.sid}` : ''}): the generated policy must not allow it.`,
    ),
    ...conditions.map(
      (c) =>
        `- Condition on ${c.actions.map(code).join(', ')} (${c.sid ?? c.policy}): ${code(JSON.stringify(c.condition))}; not evaluated from logs (\`condition-not-evaluated\`).`,
    ),
    ...boundary.map(
      (b) =>
        `- Boundary ${b.effect} ${b.actions.length} actions on ${resourcesText(b.resources)}${b.sid ? ` (${b.sid})` : ''}: the generated policy must stay inside it.`,
    ),
  ];
  if (special.length) out.push('**Deny, Condition, boundary:**', '', ...special, '');
  return out;
}

const WORKSHOP_ANSWER: Record<string, string[]> = {
  PutRideRecordHttp: ['dynamodb:PutItem'],
  PutRideRecordSns: ['dynamodb:PutItem', 'sqs:SendMessage'],
  UpdateRideRecord: ['dynamodb:UpdateItem'],
  DeleteRideRecord: ['dynamodb:DeleteItem'],
  GetRideRecord: ['dynamodb:GetItem'],
};

function perFunctionSection(account: WildRydesAccount, truth: RoleTruth): string[] {
  const out = [
    '### Per function: `--per-function` on the shared ride-record role',
    '',
    'The workshop’s answer (serverless-iam-roles-per-function): one statement per function on the ride table, plus the DLQ for PutRideRecordSns. pare’s per-function policies must contain exactly these non-log actions (and may add `logs:CreateLogStream`/`logs:PutLogEvents` on the function’s own log group):',
    '',
    '| function | must allow | on | must not allow |',
    '| --- | --- | --- | --- |',
  ];
  const all = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'sqs:SendMessage',
  ];
  for (const f of RIDE_RECORD_FUNCTIONS) {
    const name = rideRecordFunctionName(f);
    const session = truth.sessions.find((s) => s.sessionName === name);
    const fnDef = account.functions.rideRecord[f];
    const observed = Object.keys(session?.observed ?? {}).filter((a) => !a.startsWith('logs:'));
    const fromConfig = configNeeds(fnDef).map((n) => n.action);
    const must = [...new Set([...observed, ...fromConfig])].sort();
    const expected = (WORKSHOP_ANSWER[f] ?? []).slice().sort();
    if (must.join() !== expected.join())
      throw new Error(
        `${name}: generated usage ${must.join()} is not the workshop answer ${expected.join()}`,
      );
    const on = must
      .map((a) =>
        a === 'sqs:SendMessage' ? `${code(R.dlqArn)} (DeadLetterConfig, not observed)` : code(R.rideTableArn),
      )
      .join('; ');
    const mustNot = all.filter((a) => !must.includes(a));
    out.push(`| ${code(name)} | ${must.map(code).join(', ')} | ${on} | ${mustNot.map(code).join(', ')} |`);
  }
  const writeRecord = account.functions.writeRecord.name;
  out.push(
    '',
    `Data lake (${code(writeRecord)}), the workshop’s other answer: replace \`AmazonS3FullAccess\` with ${code('s3:PutObject')} on ${code(`arn:aws:s3:::${R.dataLakeBucket}/*`)} (every observed key is under ${code('rides/')}); the stream statement keeps ${code('dynamodb:DescribeStream')}, ${code('dynamodb:GetRecords')}, ${code('dynamodb:GetShardIterator')} on ${code(R.rideStreamArn)} (${code('dynamodb:ListStreams')} is unused).`,
    '',
  );
  return out;
}

export function renderReadme(
  account: WildRydesAccount,
  truth: readonly RoleTruth[],
  counts: { records: number; files: number },
): string {
  const { builder } = account;
  const byArn = new Map(truth.map((t) => [t.roleArn, t]));
  const sections: string[] = [];
  for (const role of builder.roles) {
    const arn = roleArnOf(ACCOUNT, role);
    const t = byArn.get(arn);
    if (!t) throw new Error(`no truth for ${arn}`);
    sections.push(
      ...roleSection(
        role,
        t,
        builder.functions.filter((f) => f.roleArn === arn),
      ),
    );
    if (role.name === account.roles.rideRecord.name) sections.push(...perFunctionSection(account, t));
  }
  const unusedRoles = truth.filter((t) => t.eventCount === 0).map((t) => code(t.roleName));
  return [
    '# Wild Rydes: the bundled example account',
    '',
    'A small, realistic AWS account (123456789012, us-east-1) built around the Wild Rydes services of ServerlessOps’ serverless security workshop ([wild-rydes-ride-record](https://github.com/ServerlessOpsIO/wild-rydes-ride-record), [wild-rydes-ride-data-lake](https://github.com/ServerlessOpsIO/wild-rydes-ride-data-lake)), with the over-grants its infrastructure module (02-infrastructure) fixes, and the kinds of workloads that sit next to them in a real account: a thumbnailer, an order processor, a scheduled reporter with a permissions boundary, an archiver with an explicit Deny and a Condition, a deployer with exploit-grade permissions, a console-created function nobody uses any more, a function with secrets in its environment, and people and AWS services calling too.',
    '',
    '```sh',
    'pare analyze --logs examples/wild-rydes/logs --iam examples/wild-rydes/iam.json \\',
    '  --lambda examples/wild-rydes/lambda.json examples/wild-rydes/lambda \\',
    '  --resource-policies examples/wild-rydes/resource-policies --code examples/wild-rydes/code \\',
    '  --per-function --out out/wild-rydes',
    '```',
    '',
    '## What is here',
    '',
    `- ${code('logs/')}: ${counts.records} CloudTrail records in ${counts.files} files, laid out as a trail delivers them (${code('AWSLogs/123456789012/CloudTrail/<region>/YYYY/MM/DD/123456789012_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz')}), one file per 5–15 minutes of activity per region, records not in time order inside a file. Management and data events (S3, DynamoDB, DynamoDB Streams, SQS, SNS, EventBridge, Kinesis).`,
    `- ${code('iam.json')}: ${code('aws iam get-account-authorization-details')} output (documents decoded, as the CLI prints them).`,
    `- ${code('lambda.json')}: ${code('aws lambda list-functions')} output. list-functions does not return tags; each function also carries the ${code('Tags')} map ${code('get-function')} returns.`,
    `- ${code('lambda/')}: the rest of the Lambda inventory: ${code('aws lambda list-event-source-mappings')} (${code('event-source-mappings.json')}), ${code('get-policy')} per function (${code('policies/')}) and ${code('list-function-url-configs')} (${code('function-urls/')}).`,
    `- ${code('resource-policies/')}: the policies and ACLs of event sources and of the data lake bucket: ${code('aws s3api get-bucket-policy')} (${code('<bucket>.policy.json')}), ${code('get-bucket-acl')} (${code('<bucket>.acl.json')}: the bucket is named by the file), ${code('aws sqs get-queue-attributes --attribute-names Policy QueueArn')}, ${code('aws sns get-topic-attributes')}.`,
    `- ${code('code/')}: function packages as ${code('get-function')}’s ${code('Code.Location')} downloads them, named ${code('<FunctionName>.zip')}.`,
    `- ${code('expected.json')}: the truth the logs were generated from, per role and per session: every (action, resource ARN) pair used in the window with counts, refused attempts, calls needing no permission, pairs used only outside the window.`,
    `- ${code('iac/')}: the infrastructure code six of the roles were deployed from, for ${code('pare patch')}: the workshop’s two Serverless Framework services (${code('wild-rydes-ride-record/')}, ${code('wild-rydes-data-lake/')}), a SAM app (${code('wild-rydes-payments/')}), a Terraform module (${code('wild-rydes-orders/')}: the order processor and the receipts archiver) and a CDK app with its synthesized ${code('cdk.out/')} (${code('wild-rydes-reporting/')}). They define exactly the policies ${code('iam.json')} holds.`,
    '',
    `Everything but ${code('iac/')} (written by hand) is generated by ${code('scripts/make-example.ts')} (seeded, deterministic): ${code('node --import tsx scripts/make-example.ts')} rewrites this folder byte for byte; ${code('--check')} compares instead.`,
    '',
    '## Time',
    '',
    '- Activity: 2026-10-30 to 2026-11-28 (two ride peaks a day, nightly jobs, weekly deploys). The last record is on 2026-11-28.',
    '- Also 2026-07-31, 120 days before the end: `legacy-fn` runs, the data lake’s function lists and reads a few objects, `dana.dev` signs in. The default 90-day window must leave these out.',
    '- A couple of records are in us-west-2 (Kinesis PutRecords from the reporter, CloudFormation DescribeStacks from the CI session, one console call).',
    '',
    '## What pare has to get right here',
    '',
    '- Role sessions: Lambda’s session name is the function name (per-function split of the shared role); the Lambda service assuming the role (`userIdentity.type` AWSService) and people’s calls are not the role’s usage.',
    '- Calls made on a role’s behalf still need the role’s permission: KMS via S3 and Secrets Manager, stream and queue polls by the event source mapping (`invokedBy`).',
    '- Resources IAM evaluates but the record does not spell out: secrets read by name (`…:secret:wild-rydes/orders/stripe-??????`), the Query index ARN from `indexName`, the stream ARN from `streamArn` or the shard iterator (the GetRecords record lists the table in `resources[]`), each TransactWriteItems item, both sides of CopyObject, `DeleteMessageBatch` → `sqs:DeleteMessage`.',
    '- `logs:CreateLogGroup` is called by the Lambda worker and fails with ResourceAlreadyExistsException: a failure that still proves the permission. Note that CloudWatch Logs authorises log-group actions against `…:log-group:<name>:*` too, which is why Serverless’s `…dev*:*` statement works.',
    `- Roles unused in the window: ${unusedRoles.join(', ') || 'none'}.`,
    '',
    ...postureSection(account),
    '## Expected results',
    '',
    `Window: the 90 days ending at the last record (2026-11-28). Counts are records in that window. Resources listed as “N ARNs under …” are listed one by one in ${code('expected.json')}.`,
    '',
    ...sections,
  ].join('\n');
}
