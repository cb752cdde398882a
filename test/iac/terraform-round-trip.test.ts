/**
 * The example module, read with pare's HCL parser and resolved to the example account's ARNs, defines
 * exactly the IAM snapshot's roles; patched, it replaces their grants in the snapshot, and analysing
 * the same activity against that finds no unused permission and no call outside the grant.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAnalyze } from '../../src/app/analyze.js';
import { readAnalyzeOutput, readIacFiles } from '../../src/app/patch.js';
import type { Block, Expression } from '../../src/iac/hcl/ast.js';
import { parseHcl } from '../../src/iac/hcl/parser.js';
import { evaluate, isReference, type HclValue } from '../../src/iac/hcl/values.js';
import { planPatches } from '../../src/iac/patch.js';
import { terraformPatcher } from '../../src/iac/terraform.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';
import { DEFAULT_WINDOW } from '../../src/usage/window.js';
import { tempDir } from '../helpers/cli.js';
import { EXAMPLE, EXAMPLE_IAC, FIXTURES } from './helpers.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** What Terraform would resolve the module's references to in the example account. */
const ARNS: Record<string, string> = {
  'aws_dynamodb_table.orders.arn': `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/wild-rydes-orders`,
  'aws_dynamodb_table.order_items.arn': `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/wild-rydes-order-items`,
  'aws_sqs_queue.orders.arn': `arn:aws:sqs:${REGION}:${ACCOUNT}:wild-rydes-orders`,
  'aws_sqs_queue.fulfilment.arn': `arn:aws:sqs:${REGION}:${ACCOUNT}:wild-rydes-fulfilment`,
  'aws_sns_topic.order_events.arn': `arn:aws:sns:${REGION}:${ACCOUNT}:wild-rydes-order-events`,
  // pare's usage model names a secret by its name and `-??????` (the suffix is random): the ARN
  // attribute is that one secret, spelt here as pare spells it.
  'aws_secretsmanager_secret.stripe.arn': `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:wild-rydes/orders/stripe-??????`,
  'aws_s3_bucket.receipts.arn': `arn:aws:s3:::wild-rydes-receipts-${ACCOUNT}`,
  'aws_s3_bucket.archive.arn': `arn:aws:s3:::wild-rydes-receipts-archive-${ACCOUNT}`,
  'aws_iam_policy.order_processor_messaging.arn': `arn:aws:iam::${ACCOUNT}:policy/wild-rydes-order-processor-messaging`,
  'var.secrets_key_arn': `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b7d5e3a-91c4-4f62-8e1d-5a2c7b9e4f10`,
  'var.archive_key_arn': `arn:aws:kms:${REGION}:${ACCOUNT}:key/c41e8a2d-7b3f-4d95-a6e0-19f2d8b7c3a5`,
  'var.region': REGION,
  'var.account_id': ACCOUNT,
};

const lookup = (reference: string): string =>
  ARNS[reference] ?? assert.fail(`unknown reference ${reference}`);
const interpolated = (text: string): string => text.replace(/\$\{([^}]+)\}/g, (_, r: string) => lookup(r));

function resolve(value: HclValue): unknown {
  if (isReference(value))
    return value.reference.startsWith('"')
      ? interpolated(value.reference.slice(1, -1))
      : lookup(value.reference);
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  return value;
}

const list = (x: unknown): string[] => (Array.isArray(x) ? x : [x]) as string[];

function normalise(document: { Version: string; Statement: Record<string, unknown>[] }): PolicyDocument {
  return {
    Version: document.Version,
    Statement: document.Statement.map((s) => ({
      ...(s['Sid'] ? { Sid: s['Sid'] as string } : {}),
      Effect: s['Effect'] as 'Allow',
      Action: list(s['Action']),
      Resource: list(s['Resource']),
      ...(s['Condition'] ? { Condition: s['Condition'] as Statement['Condition'] & object } : {}),
    })),
  };
}

interface Patched {
  source: string;
  blocks: Block[];
}

function block(file: Patched, type: string, labels: string[]): Block {
  return (
    file.blocks.find((b) => b.type === type && b.labels.join('.') === labels.join('.')) ??
    assert.fail(`${type} ${labels.join('.')}`)
  );
}

function attr(b: Block, name: string): Expression {
  const found = b.body.items.find((i) => i.kind === 'attribute' && i.name === name);
  return found?.kind === 'attribute' ? found.expression : assert.fail(name);
}

/** The document a policy attribute holds, in any of the three spellings. */
function document(file: Patched, policy: Expression): PolicyDocument {
  if (policy.kind === 'call')
    return normalise(resolve(evaluate(policy.args[0] as Expression, file.source)) as never);
  if (policy.kind === 'heredoc') {
    const text = policy.parts
      .map((p) => (p.kind === 'text' ? p.value : lookup(file.source.slice(p.start + 2, p.end - 1))))
      .join('');
    return normalise(JSON.parse(text) as never);
  }
  const data = block(file, 'data', file.source.slice(policy.start, policy.end).split('.').slice(1, 3));
  const statements = data.body.items.flatMap((s) => {
    if (s.kind !== 'block' || s.type !== 'statement') return [];
    const value = (name: string): unknown => resolve(evaluate(attr(s, name), file.source));
    const conditions = s.body.items.filter((c): c is Block => c.kind === 'block' && c.type === 'condition');
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of conditions) {
      const get = (name: string) => resolve(evaluate(attr(c, name), file.source));
      condition[get('test') as string] = { [get('variable') as string]: get('values') as string[] };
    }
    return [
      {
        Sid: value('sid') as string,
        Effect: value('effect') as 'Allow',
        Action: value('actions') as string[],
        Resource: value('resources') as string[],
        ...(conditions.length ? { Condition: condition } : {}),
      },
    ];
  });
  return { Version: '2012-10-17', Statement: statements };
}

interface SnapshotRole {
  RoleName: string;
  RolePolicyList: { PolicyName: string; PolicyDocument: PolicyDocument }[];
  AttachedManagedPolicies: { PolicyName: string; PolicyArn: string }[];
}
interface Snapshot {
  RoleDetailList: SnapshotRole[];
  Policies: {
    Arn: string;
    PolicyName: string;
    PolicyVersionList: { IsDefaultVersion: boolean; Document: unknown }[];
  }[];
}

/** A document compared as IAM reads it: lists for scalars, statements by Sid, sorted lists. */
function canonical(document: unknown): unknown {
  const sorted = (x: unknown) => [...list(x)].sort();
  const statements = (document as { Statement: Record<string, unknown>[] }).Statement.map((s) => ({
    Sid: s['Sid'],
    Effect: s['Effect'],
    Action: sorted(s['Action']),
    Resource: sorted(s['Resource']),
    Condition: Object.fromEntries(
      Object.entries((s['Condition'] ?? {}) as Record<string, Record<string, unknown>>).map(([op, byKey]) => [
        op,
        Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, sorted(v)])),
      ]),
    ),
  }));
  return statements.sort((a, b) => String(a.Sid).localeCompare(String(b.Sid)));
}

const roleNames: Record<string, string> = {
  order_processor: 'wild-rydes-order-processor',
  receipts_archiver: 'wild-rydes-receipts-archiver',
};

/** Parses the module's files side by side as one text: every block keeps its offsets into `source`. */
function parseModule(texts: readonly string[]): Patched {
  const source = texts.join('\n');
  const parsed = parseHcl(source);
  assert.ok(parsed.ok);
  return { source, blocks: parsed.file.body.items.filter((i): i is Block => i.kind === 'block') };
}

/** The snapshot with the two roles' grants (and the messaging policy) as the module defines them. */
function withModuleGrants(snapshot: Snapshot, file: Patched): Snapshot {
  const resources = file.blocks.filter((b) => b.type === 'resource');
  for (const [address, name] of Object.entries(roleNames)) {
    const role = snapshot.RoleDetailList.find((r) => r.RoleName === name) ?? assert.fail(name);
    const refersToRole = (b: Block) =>
      file.source.slice(attr(b, 'role').start, attr(b, 'role').end).startsWith(`aws_iam_role.${address}.`);
    role.RolePolicyList = resources
      .filter((b) => b.labels[0] === 'aws_iam_role_policy' && refersToRole(b))
      .map((b) => ({
        PolicyName: evaluate(attr(b, 'name'), file.source) as string,
        PolicyDocument: document(file, attr(b, 'policy')),
      }));
    role.AttachedManagedPolicies = resources
      .filter((b) => b.labels[0] === 'aws_iam_role_policy_attachment' && refersToRole(b))
      .map((b) => {
        const arn = resolve(evaluate(attr(b, 'policy_arn'), file.source)) as string;
        return { PolicyArn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1) };
      });
  }
  const messaging = snapshot.Policies.find((p) => p.PolicyName === 'wild-rydes-order-processor-messaging');
  const version = messaging?.PolicyVersionList.find((v) => v.IsDefaultVersion) ?? assert.fail('messaging');
  version.Document = document(
    file,
    attr(block(file, 'resource', ['aws_iam_policy', 'order_processor_messaging']), 'policy'),
  );

  return snapshot;
}

test('the example module defines exactly the roles of the IAM snapshot', async () => {
  const text = await readFile(join(EXAMPLE, 'iam.json'), 'utf8');
  const files = (await readIacFiles(EXAMPLE_IAC)).filter((f) => f.path.startsWith('wild-rydes-orders/'));
  const fromModule = withModuleGrants(JSON.parse(text) as Snapshot, parseModule(files.map((f) => f.text)));
  const original = JSON.parse(text) as Snapshot;
  for (const name of Object.values(roleNames)) {
    const role = (s: Snapshot) => s.RoleDetailList.find((r) => r.RoleName === name) ?? assert.fail(name);
    const view = (r: SnapshotRole) => ({
      inline: r.RolePolicyList.map((p) => [p.PolicyName, canonical(p.PolicyDocument)]),
      managed: r.AttachedManagedPolicies.map((p) => p.PolicyArn).sort(),
    });
    assert.deepEqual(view(role(fromModule)), view(role(original)), name);
  }
  const messaging = (s: Snapshot) =>
    s.Policies.find((p) => p.PolicyName === 'wild-rydes-order-processor-messaging')?.PolicyVersionList.find(
      (v) => v.IsDefaultVersion,
    )?.Document;
  assert.deepEqual(canonical(messaging(fromModule)), canonical(messaging(original)));
});

test('round trip: the patched module against the same activity leaves no unused permission', async () => {
  const roles = await readAnalyzeOutput(join(FIXTURES, 'terraform', 'analyze-out'));
  const files = (await readIacFiles(EXAMPLE_IAC)).filter((f) => f.path.startsWith('wild-rydes-orders/'));
  const changes = planPatches(files, roles, [], [terraformPatcher]).changes;
  assert.equal(changes.length, 2);
  const snapshot = withModuleGrants(
    JSON.parse(await readFile(join(EXAMPLE, 'iam.json'), 'utf8')) as Snapshot,
    parseModule(changes.map((c) => c.after)),
  );

  const dir = tempDir();
  await writeFile(join(dir, 'iam.json'), JSON.stringify(snapshot));
  const run = await runAnalyze({
    logs: [join(EXAMPLE, 'logs')],
    iam: [join(dir, 'iam.json')],
    lambda: [join(EXAMPLE, 'lambda.json')],
    window: DEFAULT_WINDOW,
    selection: { roles: Object.values(roleNames), functions: [] },
    perFunction: false,
    skipBadFiles: false,
    out: join(dir, 'out'),
  });
  const findings = run.analysis.findings.filter((f) => Object.values(roleNames).includes(f.role ?? ''));
  const bad = findings.filter((f) =>
    ['unused-action', 'unused-service', 'usage-outside-grant'].includes(f.rule),
  );
  assert.deepEqual(
    bad.map((f) => `${f.rule} ${f.role} ${f.message}`),
    [],
  );
  // The analysis saw both roles at work: the check above is not vacuous.
  assert.deepEqual(
    run.analysis.roles
      .filter((r) => r.usage)
      .map((r) => r.role.name)
      .sort(),
    Object.values(roleNames),
  );
});
