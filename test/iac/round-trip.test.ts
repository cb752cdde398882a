/**
 * The patched files, read back and resolved to ARNs with the example account's physical names, allow
 * every call examples/wild-rydes/expected.json observed (Lambda's own logging aside: Serverless and
 * SAM grant it themselves) and hold no action the generated policy did not (SAM policy templates
 * expanded as SAM does).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadSamPolicyTemplates, PATCHERS, patchContext, readAnalyzeOutput } from '../../src/app/patch.js';
import { evaluate } from '../../src/grants/evaluate.js';
import { planPatches } from '../../src/iac/patch.js';
import { templateView } from '../../src/iac/template-view.js';
import type { RoleGrants } from '../../src/model/grants.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';
import type { SamPolicyTemplate } from '../../src/iac/sam-policy-templates.js';
import { EXAMPLE, exampleFiles, FIXTURES } from './helpers.js';

const ACCOUNT = '123456789012';
/** The example's physical resources, as CloudFormation would resolve the template's references. */
const NAMES: Record<string, Record<string, string>> = {
  RideRecordTable: {
    Arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/wild-rydes-ride-record-dev-RideRecordTable-1O6M5XW4Y9Q8Z`,
  },
  PutRideRecordSnsDlq: {
    Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:wild-rydes-ride-record-dev-PutRideRecordSnsDlq-1XK8QZ7T4M2PA`,
  },
  WildRydesDataLakeBucket: {
    Arn: 'arn:aws:s3:::wild-rydes-data-lake-dev-wildrydesdatalakebucket-1jhtjotdqf5bb',
  },
  PaymentsTable: {
    Arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/wild-rydes-payments-PaymentsTable-1N2B3V4C5X6Z7`,
    Ref: 'wild-rydes-payments-PaymentsTable-1N2B3V4C5X6Z7',
  },
  EnvironmentKeyArn: { Ref: `arn:aws:kms:us-east-1:${ACCOUNT}:key/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d` },
};

function resolveValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  const lookup = (id: string, attribute: string): string => {
    const arn = NAMES[id]?.[attribute];
    assert.ok(arn, `unknown reference ${id}.${attribute}`);
    return arn;
  };
  if (typeof v['Ref'] === 'string') return lookup(v['Ref'], 'Ref');
  if (Array.isArray(v['Fn::GetAtt'])) return lookup(String(v['Fn::GetAtt'][0]), String(v['Fn::GetAtt'][1]));
  if (typeof v['Fn::Sub'] === 'string')
    return v['Fn::Sub'].replace(/\$\{([^.}]+)\.([^}]+)\}/g, (_, id: string, a: string) => lookup(id, a));
  const join = v['Fn::Join'] as [string, unknown[]] | undefined;
  assert.ok(join, `unexpected value ${JSON.stringify(value)}`);
  return join[1].map(resolveValue).join(join[0]);
}

function toStatements(raw: unknown): Statement[] {
  const list = (x: unknown): string[] => (Array.isArray(x) ? x : [x]).map(resolveValue);
  return (raw as Record<string, unknown>[]).map((s) => ({
    Effect: s['Effect'] as 'Allow',
    Action: list(s['Action']),
    Resource: list(s['Resource']),
  }));
}

/** A SAM function's Policies as statements: templates expanded as SAM does, in the example's account. */
function samStatements(policies: unknown[], templates: readonly SamPolicyTemplate[]): Statement[] {
  return policies.flatMap((entry) => {
    const [name, params] = Object.entries(entry as Record<string, unknown>)[0] ?? [];
    if (name === 'Statement') return toStatements(params);
    const template = templates.find((t) => t.name === name) ?? assert.fail(`unknown template ${name}`);
    const value = resolveValue((params as Record<string, unknown>)[template.parameter]);
    const arns = template.resources.map((r) =>
      r
        .replace('${Partition}', 'aws')
        .replace('${Region}', 'us-east-1')
        .replace('${Account}', ACCOUNT)
        .replace(`\${${template.parameter}}`, value),
    );
    return [{ Effect: 'Allow' as const, Action: template.actions, Resource: arns }];
  });
}

function grants(name: string, statements: Statement[]): RoleGrants {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return {
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    name,
    path: '/',
    accountId: ACCOUNT,
    policies: [{ kind: 'inline', name: 'patched', document }],
    tags: {},
  };
}

interface ExpectedRole {
  roleName: string;
  observed: { action: string; resources: string[] }[];
  sessions: { sessionName: string; observed: Record<string, string[]> }[];
}

function assertRoundTrip(
  patched: Statement[],
  generated: PolicyDocument,
  observed: Record<string, string[]>,
  label: string,
): void {
  const role = grants(label, patched);
  for (const [action, resources] of Object.entries(observed)) {
    if (action.startsWith('logs:')) continue;
    for (const resource of resources)
      assert.equal(
        evaluate(role, action, resource).decision,
        'allowed',
        `${label}: ${action} on ${resource}`,
      );
  }
  const allowed = new Set(generated.Statement.flatMap((s) => s.Action ?? []));
  for (const action of patched.flatMap((s) => s.Action ?? []))
    assert.ok(allowed.has(action), `${label}: ${action} is not in the generated policy`);
}

test('round trip: every observed call stays allowed, nothing the generated policy lacks is added', async () => {
  const expected = JSON.parse(await readFile(join(EXAMPLE, 'expected.json'), 'utf8')) as {
    roles: ExpectedRole[];
  };
  const roles = await readAnalyzeOutput(join(FIXTURES, 'analyze-out'));
  const templates = await loadSamPolicyTemplates();
  const files = await exampleFiles();
  const plan = planPatches(files, roles, [], PATCHERS, await patchContext(roles.findings));
  const after = (path: string): string =>
    plan.changes.find((c) => c.path === path)?.after ?? assert.fail(`no change to ${path}`);
  const role = (name: string): ExpectedRole =>
    expected.roles.find((r) => r.roleName === name) ?? assert.fail(name);
  const target = (name: string) => roles.find((r) => r.name === name) ?? assert.fail(name);

  // Serverless, per function: each function's own role against its own session's calls.
  const rideRecord = parse(after('wild-rydes-ride-record/serverless.yml')) as {
    functions: Record<string, { iamRoleStatements?: unknown }>;
  };
  const rr = target('wild-rydes-ride-record-dev-us-east-1-lambdaRole');
  for (const session of role(rr.name).sessions) {
    const key = session.sessionName.replace('wild-rydes-ride-record-dev-', '');
    const statements = toStatements(rideRecord.functions[key]?.iamRoleStatements ?? []);
    assertRoundTrip(
      statements,
      rr.perFunction[session.sessionName] ?? assert.fail(key),
      session.observed,
      key,
    );
  }

  // Serverless, one role.
  const dataLake = parse(after('wild-rydes-data-lake/serverless.yml')) as {
    provider: { iamRoleStatements: unknown; iamManagedPolicies?: unknown };
  };
  assert.equal(dataLake.provider.iamManagedPolicies, undefined);
  const dl = role('wild-rydes-data-lake-dev-us-east-1-lambdaRole');
  assertRoundTrip(
    toStatements(dataLake.provider.iamRoleStatements),
    target(dl.roleName).policy,
    Object.fromEntries(dl.observed.map((o) => [o.action, o.resources])),
    'data-lake',
  );

  // SAM: templates expanded; a template is only kept where it grants exactly what was called.
  const policiesOf = (text: string): unknown[] => {
    const data = templateView('template.yaml', text)?.data['Resources'] as Record<
      string,
      { Properties: { Policies: unknown[] } }
    >;
    return data['StripeWebhookFunction']?.Properties.Policies ?? assert.fail('no Policies');
  };
  const payments = 'wild-rydes-payments/template.yaml';
  const pay = role('wild-rydes-payments-StripeWebhookFunctionRole-9ZY8XW7VU6TS');
  assertRoundTrip(
    samStatements(policiesOf(after(payments)), templates),
    target(pay.roleName).policy,
    Object.fromEntries(pay.observed.map((o) => [o.action, o.resources])),
    'payments',
  );
});
