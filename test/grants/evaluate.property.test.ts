import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseAuthorizationDetails } from '../../src/grants/authorization-details.js';
import { coversPattern, evaluate, type Decision } from '../../src/grants/evaluate.js';
import type { RoleGrants } from '../../src/model/grants.js';
import type { PolicyDocument, Statement } from '../../src/model/policy.js';
import { doc, PROPERTY_SEED } from './helpers.js';

const ACTIONS = ['s3:GetObject', 's3:Get*', 's3:*', '*', 's3:?utObject', 'sqs:SendMessage'];
const RESOURCES = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/x',
  'arn:aws:s3:::?/x',
  'arn:aws:s3:::home/${aws:username}',
  'arn:aws:s3:::${aws:username}/x',
];
const QUERY_ACTIONS = ['s3:GetObject', 's3:PutObject', 'S3:getobject', 'sqs:SendMessage', 'sqs:DeleteQueue'];
const QUERY_RESOURCES = [
  'arn:aws:s3:::b/x',
  'arn:aws:s3:::b/y',
  'arn:aws:s3:::c/x',
  '*',
  'arn:aws:s3:::home/alice',
];
/** Every value a variable must take to match some query resource, plus one that matches none. */
const VARIABLE_VALUES = ['alice', 'b', 'c', 'zz-none'];

interface StatementSpec {
  Effect: 'Allow' | 'Deny';
  /** [NotAction?, patterns] */
  actions: [boolean, string[]];
  /** [NotResource?, patterns] */
  resources: [boolean, string[]];
  conditional: boolean;
}
interface RoleSpec {
  policies: StatementSpec[][];
  boundary: StatementSpec[] | undefined;
}

function roleSpecs(effect: fc.Arbitrary<'Allow' | 'Deny'>): fc.Arbitrary<RoleSpec> {
  const statement: fc.Arbitrary<StatementSpec> = fc.record({
    Effect: effect,
    actions: fc.tuple(
      fc.boolean(),
      fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 2 }),
    ),
    resources: fc.tuple(
      fc.boolean(),
      fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 }),
    ),
    conditional: fc.boolean(),
  });
  const document = fc.array(statement, { minLength: 1, maxLength: 3 });
  return fc.record({
    policies: fc.array(document, { minLength: 1, maxLength: 2 }),
    boundary: fc.option(document, { nil: undefined }),
  });
}
const roleSpec = roleSpecs(fc.constantFrom('Allow', 'Deny'));
/** Mostly Allows, so that a pattern is often covered and the property has cases to check. */
const permissiveRoleSpec = roleSpecs(fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Deny'));

function rawDocument(statements: StatementSpec[], prefix: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s, i) => ({
      Sid: `${prefix}${i}`,
      Effect: s.Effect,
      [s.actions[0] ? 'NotAction' : 'Action']: s.actions[1],
      [s.resources[0] ? 'NotResource' : 'Resource']: s.resources[1],
      ...(s.conditional ? { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } } : {}),
    })),
  };
}

function buildRole(spec: RoleSpec): RoleGrants {
  const role: RoleGrants = {
    arn: 'arn:aws:iam::111122223333:role/r',
    name: 'r',
    path: '/',
    accountId: '111122223333',
    policies: spec.policies.map((p, i) => ({
      kind: 'inline',
      name: `p${i}`,
      document: doc(rawDocument(p, `p${i}s`)),
    })),
    tags: {},
  };
  if (spec.boundary)
    role.permissionsBoundary = {
      kind: 'managed',
      name: 'b',
      arn: 'arn:aws:iam::111122223333:policy/b',
      document: doc(rawDocument(spec.boundary, 'b')),
    };
  return role;
}

/** Brute force: backtracking glob match, the variable tried with every value that matters. */
function globMatch(pattern: string, value: string): boolean {
  if (pattern === '') return value === '';
  const [head, rest] = [pattern[0], pattern.slice(1)];
  if (head === '*') return [...Array(value.length + 1).keys()].some((i) => globMatch(rest, value.slice(i)));
  if (head === '?') return value !== '' && globMatch(rest, value.slice(1));
  return value[0] === head && globMatch(rest, value.slice(1));
}
const withVariable = (pattern: string, value: string): string => pattern.replaceAll('${aws:username}', value);
function appliesFor(s: Statement, action: string, resource: string, variable: string): boolean {
  const actionHit = (s.Action ?? s.NotAction ?? []).some((p) =>
    globMatch(p.toLowerCase(), action.toLowerCase()),
  );
  const resourceHit = (s.Resource ?? s.NotResource ?? []).some((p) =>
    globMatch(withVariable(p, variable), resource),
  );
  return (s.Action ? actionHit : !actionHit) && (s.Resource ? resourceHit : !resourceHit);
}
const always = (s: Statement, a: string, r: string): boolean =>
  VARIABLE_VALUES.every((v) => appliesFor(s, a, r, v));
const sometimes = (s: Statement, a: string, r: string): boolean =>
  VARIABLE_VALUES.some((v) => appliesFor(s, a, r, v));

function reference(
  identity: PolicyDocument[],
  boundary: PolicyDocument | undefined,
  action: string,
  resource: string,
): unknown {
  const ids = identity.flatMap((d) => d.Statement);
  const all = [...ids, ...(boundary?.Statement ?? [])];
  const denies = all.filter((s) => s.Effect === 'Deny' && sometimes(s, action, resource));
  const deniedBy = denies.filter((s) => !s.Condition && always(s, action, resource));
  const conditionalDenies = denies.filter((s) => !deniedBy.includes(s)).map((s) => s.Sid);
  const allowedBy = ids
    .filter((s) => s.Effect === 'Allow' && sometimes(s, action, resource))
    .map((s) => s.Sid);
  const boundaryAllows =
    !boundary || boundary.Statement.some((s) => s.Effect === 'Allow' && sometimes(s, action, resource));
  if (deniedBy.length > 0)
    return { decision: 'explicit-deny', by: deniedBy.map((s) => s.Sid), conditionalDenies };
  if (allowedBy.length === 0) return { decision: 'implicit-deny', conditionalDenies };
  if (!boundaryAllows) return { decision: 'boundary-deny', conditionalDenies };
  return { decision: 'allowed', by: allowedBy, conditionalDenies };
}

function summary(d: Decision): unknown {
  const conditionalDenies = d.conditionalDenies.map((m) => m.statement.Sid);
  if (d.decision === 'allowed')
    return { decision: d.decision, by: d.allowedBy.map((m) => m.statement.Sid), conditionalDenies };
  if (d.decision === 'explicit-deny')
    return { decision: d.decision, by: d.deniedBy.map((m) => m.statement.Sid), conditionalDenies };
  return { decision: d.decision, conditionalDenies };
}

test('evaluate agrees with a brute-force reference on random small policies', () => {
  fc.assert(
    fc.property(
      roleSpec,
      fc.constantFrom(...QUERY_ACTIONS),
      fc.constantFrom(...QUERY_RESOURCES),
      (spec, action, resource) => {
        const role = buildRole(spec);
        const expected = reference(
          role.policies.map((p) => p.document),
          role.permissionsBoundary?.document,
          action,
          resource,
        );
        assert.deepEqual(summary(evaluate(role, action, resource)), expected);
      },
    ),
    { numRuns: 1000, seed: PROPERTY_SEED },
  );
});

test('coversPattern true ⇒ every ARN of the pattern is allowed by an unconditional Allow, with no Deny in play', () => {
  const pattern = fc.constantFrom(
    'arn:aws:s3:::b/*',
    'arn:aws:s3:::b/x',
    'arn:aws:s3:::*',
    'arn:aws:s3:::?/x',
    'arn:aws:s3:::b/?',
    '*',
  );
  const fill = fc.array(fc.constantFrom('', 'x', 'y/z', 'b', 'home/alice'), { minLength: 1, maxLength: 3 });
  let covered = 0;
  fc.assert(
    fc.property(
      permissiveRoleSpec,
      fc.constantFrom(...QUERY_ACTIONS),
      pattern,
      fill,
      (spec, action, resourcePattern, parts) => {
        const role = buildRole(spec);
        if (!coversPattern(role, action, resourcePattern)) return;
        covered++;
        for (let k = 0; k < parts.length; k++) {
          let i = k;
          const arn = [...resourcePattern]
            .map((c) => (c === '*' ? (parts[i++ % parts.length] ?? '') : c === '?' ? 'c' : c))
            .join('');
          const decision = evaluate(role, action, arn);
          assert.equal(decision.decision, 'allowed', arn);
          assert.deepEqual(decision.conditionalDenies, [], arn);
          const ids = role.policies.flatMap((p) => p.document.Statement);
          assert.ok(
            ids.some((s) => s.Effect === 'Allow' && !s.Condition && always(s, action, arn)),
            arn,
          );
        }
      },
    ),
    { numRuns: 4000, seed: PROPERTY_SEED },
  );
  assert.ok(covered > 80, `only ${covered} covered cases`);
});

test('URL-encoded and decoded snapshots give identical RoleGrants', () => {
  fc.assert(
    fc.property(roleSpec, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (spec, encodeIt) => {
      let n = 0;
      const maybeEncode = (d: unknown): unknown =>
        encodeIt[n++ % 8] ? encodeURIComponent(JSON.stringify(d)) : d;
      const snapshot = (encode: (d: unknown) => unknown): unknown => ({
        RoleDetailList: [
          {
            Arn: 'arn:aws:iam::111122223333:role/app/r',
            RoleName: 'r',
            Path: '/app/',
            AssumeRolePolicyDocument: encode({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            }),
            RolePolicyList: spec.policies.map((p, i) => ({
              PolicyName: `p${i}`,
              PolicyDocument: encode(rawDocument(p, 's')),
            })),
            AttachedManagedPolicies: [{ PolicyName: 'm', PolicyArn: 'arn:aws:iam::111122223333:policy/m' }],
            ...(spec.boundary
              ? {
                  PermissionsBoundary: {
                    PermissionsBoundaryType: 'Policy',
                    PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/b',
                  },
                }
              : {}),
          },
        ],
        Policies: [
          {
            PolicyName: 'm',
            Arn: 'arn:aws:iam::111122223333:policy/m',
            DefaultVersionId: 'v1',
            PolicyVersionList: [
              {
                VersionId: 'v1',
                IsDefaultVersion: true,
                Document: encode(rawDocument(spec.policies[0] ?? [], 'm')),
              },
            ],
          },
          {
            PolicyName: 'b',
            Arn: 'arn:aws:iam::111122223333:policy/b',
            DefaultVersionId: 'v1',
            PolicyVersionList: [
              {
                VersionId: 'v1',
                IsDefaultVersion: true,
                Document: encode(rawDocument(spec.boundary ?? spec.policies[0] ?? [], 'b')),
              },
            ],
          },
        ],
      });
      assert.deepEqual(
        parseAuthorizationDetails(snapshot(maybeEncode), 'a.json'),
        parseAuthorizationDetails(
          snapshot((d) => d),
          'b.json',
        ),
      );
    }),
    { numRuns: 200, seed: PROPERTY_SEED },
  );
});
