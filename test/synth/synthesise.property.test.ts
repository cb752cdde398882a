import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { evaluate } from '../../src/grants/index.js';
import type { RoleGrants } from '../../src/model/grants.js';
import type { Statement } from '../../src/model/policy.js';
import type { AccessUsage } from '../../src/model/usage.js';
import type { ServiceLastAccessed } from '../../src/model/last-accessed.js';
import { canonicalJson } from '../../src/synth/items.js';
import { iamActivity } from '../../src/synth/last-accessed.js';
import { synthesise, type SynthContext } from '../../src/synth/synthesise.js';
import { loadLambdaRules } from '../../src/data/lambda-implied.js';
import type { LambdaImpliedRule } from '../../src/synth/lambda-implied.js';
import { lambdaFunction, role } from '../helpers/grants.js';

/**
 * The promise, for random grants and random usage: the generated policy allows every observed call,
 * allows nothing the grant did not (under no weaker condition), and does not depend on input order.
 */
let catalog: Catalog;
let lambdaRules: LambdaImpliedRule[];
before(async () => {
  catalog = await loadCatalog();
  lambdaRules = await loadLambdaRules();
});

const ACCOUNT = '123456789012';
const T = (name: string): string => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;
const CONCRETE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  'sqs:SendMessage',
];
const KEYS = Array.from({ length: 14 }, (_, i) => `arn:aws:s3:::b1/a/${i}.json`);
const RESOURCES = [
  T('T1'),
  T('T2'),
  `${T('T1')}/index/I`,
  ...KEYS,
  'arn:aws:s3:::b1/a/new.json',
  'arn:aws:s3:::b1/other.json',
  'arn:aws:s3:::b2/x.json',
  `arn:aws:sqs:us-east-1:${ACCOUNT}:q1`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/fn`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/fn:*`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/fn:log-stream:2026/11/01/abc`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`,
];
const LAMBDA_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'ec2:CreateNetworkInterface',
  'xray:PutTraceSegments',
];
const PROBE_ACTIONS = [...CONCRETE_ACTIONS, ...LAMBDA_ACTIONS];
const ACTION_PATTERNS = [
  ...CONCRETE_ACTIONS,
  'dynamodb:*',
  's3:*Object',
  's3:Get*',
  'sqs:*',
  'logs:*',
  'logs:Create*',
  'ec2:*NetworkInterface*',
  'xray:Put*',
];
const RESOURCE_PATTERNS = [
  '*',
  T('T1'),
  T('T*'),
  `${T('T1')}/index/*`,
  'arn:aws:s3:::b1/*',
  'arn:aws:s3:::b1/a/*',
  'arn:aws:s3:::b1/a/1?.json',
  'arn:aws:s3:::b2/x.json',
  `arn:aws:sqs:us-east-1:${ACCOUNT}:q*`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/*`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/fn:*`,
];
const CONDITION = { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } };

const statementArb: fc.Arbitrary<Statement> = fc
  .record({
    deny: fc.nat(3).map((n) => n === 0),
    actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 3 }),
    resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
    notResource: fc.nat(9).map((n) => n === 0),
    condition: fc.nat(5).map((n) => n === 0),
  })
  .map(({ deny, actions, resources, notResource, condition }) => {
    const s: Statement = { Effect: deny ? 'Deny' : 'Allow', Action: actions };
    if (notResource && !resources.includes('*')) s.NotResource = resources;
    else s.Resource = resources;
    if (condition) s.Condition = CONDITION;
    return s;
  });

// Before, inside and after the window (2026-08-01 to 2026-11-30), or never.
const IAM_DATES = [
  undefined,
  '2026-01-01T00:00:00.000Z',
  '2026-10-01T00:00:00.000Z',
  '2026-12-05T00:00:00.000Z',
];
const dateArb = fc.constantFrom(...IAM_DATES);
const lastAccessedArb: fc.Arbitrary<ServiceLastAccessed[]> = fc
  .array(
    fc.record({
      service: fc.constantFrom('dynamodb', 's3', 'sqs', 'logs', 'ec2', 'xray'),
      at: dateArb,
      tracked: fc.option(fc.array(fc.record({ action: fc.constantFrom(...PROBE_ACTIONS), at: dateArb })), {
        nil: undefined,
      }),
    }),
    { maxLength: 4 },
  )
  .map((entries) =>
    entries.map(({ service, at, tracked }) => ({
      service,
      ...(at !== undefined ? { lastAuthenticated: at } : {}),
      ...(tracked !== undefined
        ? {
            actions: tracked
              .filter((t) => t.action.startsWith(`${service}:`))
              .map((t) => ({ action: t.action, ...(t.at !== undefined ? { lastAccessed: t.at } : {}) })),
          }
        : {}),
    })),
  );

const scenarioArb = fc.record({
  statements: fc.array(statementArb, { minLength: 1, maxLength: 5 }),
  boundary: fc.option(fc.array(statementArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  calls: fc.array(
    fc.record({
      action: fc.constantFrom(...CONCRETE_ACTIONS),
      resource: fc.constantFrom(...RESOURCES),
      count: fc.integer({ min: 1, max: 5 }),
    }),
    { maxLength: 30 },
  ),
  unresolved: fc.subarray(CONCRETE_ACTIONS, { maxLength: 2 }),
  dataEvents: fc.subarray(['dynamodb.amazonaws.com', 's3.amazonaws.com', 'sqs.amazonaws.com']),
  fn: fc.record({ dlq: fc.boolean(), vpc: fc.boolean(), tracing: fc.boolean() }),
  lastAccessed: fc.option(lastAccessedArb, { nil: undefined }),
});

const WINDOW = { since: '2026-08-01T00:00:00.000Z', until: '2026-11-30T00:00:00.000Z' };

function context(dataEvents: string[]): SynthContext {
  return {
    catalog,
    observability: (action) =>
      action.startsWith('sqs:') ||
      action.endsWith('Item') ||
      action.endsWith('Object') ||
      action === 'dynamodb:Query'
        ? { kind: 'data', eventSource: `${action.split(':')[0]}.amazonaws.com`, resourceType: 'AWS::X::Y' }
        : { kind: 'management' },
    dataEventSources: new Set(dataEvents),
    servicePrefixOf: (s) => s.split('.')[0],
    lambdaRules,
  };
}

function usageOf(
  grants: RoleGrants,
  calls: { action: string; resource: string; count: number }[],
  unresolved: string[],
): AccessUsage[] {
  const at = '2026-11-01T00:00:00.000Z';
  const seen = new Map<string, AccessUsage>();
  // Only calls the grant allows can have succeeded.
  for (const c of calls) {
    if (evaluate(grants, c.action, c.resource).decision !== 'allowed') continue;
    seen.set(`${c.action} ${c.resource}`, { ...c, firstSeen: at, lastSeen: at, errorCount: 0 });
  }
  for (const action of unresolved) {
    if (RESOURCES.some((r) => evaluate(grants, action, r).decision === 'allowed')) {
      seen.set(`${action} *`, {
        action,
        resource: '*',
        wildcard: 'unresolved',
        count: 1,
        firstSeen: at,
        lastSeen: at,
        errorCount: 0,
      });
    }
  }
  return [...seen.values()];
}

function generatedRole(
  grants: RoleGrants,
  documents: { Version: string; Statement: Statement[] }[],
): RoleGrants {
  const out: RoleGrants = {
    ...grants,
    policies: documents.map((document, i) => ({ kind: 'inline' as const, name: `generated-${i}`, document })),
  };
  return out;
}

const conditionKey = (s: Statement): string => canonicalJson(s.Condition ?? null);

test('generated policies are complete, never wider, and order-independent', () => {
  let keptByIamRuns = 0;
  fc.assert(
    fc.property(
      scenarioArb,
      fc.nat(),
      ({ statements, boundary, calls, unresolved, dataEvents, fn, lastAccessed }, seed) => {
        const grants = role(statements, boundary ? { boundary } : {});
        const accesses = usageOf(grants, calls, unresolved);
        const functions = [
          lambdaFunction('fn', grants.arn, {
            vpc: fn.vpc,
            tracing: fn.tracing,
            ...(fn.dlq ? { deadLetterTarget: `arn:aws:sqs:us-east-1:${ACCOUNT}:q1` } : {}),
          }),
        ];
        const iam = lastAccessed
          ? {
              iamActivity: iamActivity(
                lastAccessed,
                WINDOW,
                accesses.map((a) => a.action),
              ),
            }
          : {};
        const result = synthesise(
          { role: grants, accesses, unmapped: [], functions, ...iam },
          context(dataEvents),
        );
        const generated = generatedRole(grants, result.documents);

        // Complete: every observed call stays allowed; for a call whose resource is unknown, every
        // resource the grant allowed stays allowed.
        for (const a of accesses) {
          const probes =
            a.wildcard === 'unresolved'
              ? RESOURCES.filter((r) => evaluate(grants, a.action, r).decision === 'allowed')
              : [a.resource];
          for (const r of probes) {
            assert.equal(
              evaluate(generated, a.action, r).decision,
              'allowed',
              `${a.action} on ${r} must stay allowed`,
            );
          }
        }
        // Never wider, not even under a weaker condition.
        for (const action of PROBE_ACTIONS) {
          // IAM authorises an action with no resource-level permission only against `*`.
          const wildcardOnly = catalog.action(action)?.resourceTypes.length === 0;
          for (const r of wildcardOnly ? ['*'] : [...RESOURCES, '*']) {
            const after = evaluate(generated, action, r);
            if (after.decision !== 'allowed') continue;
            const before = evaluate(grants, action, r);
            assert.equal(before.decision, 'allowed', `${action} on ${r} was not granted`);
            if (before.decision !== 'allowed') continue;
            const granted = new Set(before.allowedBy.map((m) => conditionKey(m.statement)));
            for (const m of after.allowedBy) {
              assert.ok(
                granted.has(conditionKey(m.statement)) || granted.has('null'),
                `${action} on ${r} lost its condition`,
              );
            }
          }
        }
        // Kept by IAM's last-accessed data: within the grant on its own, and only for what pare did not see.
        const keptByIam = new Set(result.evidence.filter((e) => e.kind === 'iam-used').map((e) => e.sid));
        const iamOnly = generatedRole(grants, [
          {
            Version: '2012-10-17',
            Statement: result.documents
              .flatMap((d) => d.Statement)
              .filter((st) => keptByIam.has(st.Sid ?? '') || st.Effect === 'Deny'),
          },
        ]);
        if (keptByIam.size > 0) keptByIamRuns++;
        for (const v of result.verdicts.filter((x) => x.verdict === 'iam-used')) {
          assert.ok(!accesses.some((a) => a.action === v.action), `${v.action} was seen, not a gap`);
          assert.ok(v.iamLastAccessed?.at && v.iamLastAccessed.at >= WINDOW.since, v.action);
        }
        for (const action of PROBE_ACTIONS) {
          for (const r of [...RESOURCES, '*']) {
            if (evaluate(iamOnly, action, r).decision !== 'allowed') continue;
            assert.equal(
              evaluate(grants, action, r).decision,
              'allowed',
              `kept ${action} on ${r} was not granted`,
            );
          }
        }
        // Order-independent.
        const shuffled = [...accesses].sort(
          (x, y) =>
            ((x.resource.length * 31 + seed) % 7) - ((y.resource.length * 31 + seed) % 7) ||
            (seed % 2 ? 1 : -1),
        );
        const again = synthesise(
          { role: grants, accesses: shuffled.reverse(), unmapped: [], functions, ...iam },
          context([...dataEvents].reverse()),
        );
        assert.equal(canonicalJson(again), canonicalJson(result));
      },
    ),
    { numRuns: 400, seed: 20261201 },
  );
  // The scenarios reach the keep-by-IAM path often enough to mean something.
  assert.ok(keptByIamRuns >= 20, `only ${keptByIamRuns} runs kept statements by IAM's data`);
});
