import assert from 'node:assert/strict';
import type { RoleAnalysis } from '../../src/analysis/analyse.js';
import { evaluate, globMatches } from '../../src/grants/index.js';
import type { AccountRun } from './analyze.js';
import { withPolicies } from './analyze.js';

/** The truth a fixture generator wrote: per role, what was called and refused. */
export interface ExpectedAccount {
  roles: {
    roleName: string;
    eventCount: number;
    observed: { action: string; resources: string[] }[];
    denied: { action: string; resource: string; errorCode: string }[];
  }[];
}

/**
 * Known gaps of mapping v1, each with its reason: where the record does not let pare name the resource,
 * usage says `*` (unresolved) and the policy keeps the grant's resources for that action.
 */
export interface KnownGaps {
  unresolved: Record<string, string>;
  /** `action resource` pairs the generator inferred but the mapping does not (yet). */
  notInferred: Set<string>;
}

export function roleOf(account: AccountRun, name: string): RoleAnalysis {
  const found = account.run.analysis.roles.find((r) => r.role.name === name);
  assert.ok(found, `role ${name} analysed`);
  return found;
}

/** pare read from the logs exactly what the generator wrote, role by role (sets of action and ARN). */
export function assertUsageMatches(account: AccountRun, expected: ExpectedAccount, gaps: KnownGaps): void {
  const usage = new Map(account.run.analysis.usage.roles.map((r) => [r.roleName, r]));
  for (const r of expected.roles) {
    const got = usage.get(r.roleName);
    if (r.eventCount === 0) {
      assert.equal(got, undefined, `${r.roleName} is unused in the window`);
      continue;
    }
    assert.ok(got, r.roleName);
    assert.equal(got.eventCount, r.eventCount, `${r.roleName} event count`);
    for (const o of r.observed) {
      for (const resource of o.resources) {
        if (gaps.notInferred.has(`${o.action} ${resource}`)) continue;
        const hit = got.accesses.some(
          (a) =>
            a.action === o.action &&
            (a.resource === resource ||
              (/[?*]/.test(a.resource) && a.resource !== '*' && globMatches(a.resource, resource))),
        );
        if (hit) continue;
        assert.ok(
          gaps.unresolved[o.action] !== undefined &&
            got.accesses.some((a) => a.action === o.action && a.wildcard === 'unresolved'),
          `${r.roleName}: ${o.action} on ${resource} not read from the logs`,
        );
      }
    }
    const observed = new Set(r.observed.map((o) => o.action));
    for (const a of got.accesses)
      assert.ok(observed.has(a.action), `${r.roleName}: ${a.action} on ${a.resource} was never called`);
    for (const a of got.accesses) {
      if (a.resource === '*') {
        assert.ok(
          a.wildcard === 'wildcard-only' || gaps.unresolved[a.action] !== undefined,
          `${r.roleName}: ${a.action} on * needs a concrete ARN`,
        );
      }
    }
    const denied = [...new Set(got.denied.map((d) => `${d.action} ${d.errorCode}`))].sort();
    assert.deepEqual(
      denied,
      [...new Set(r.denied.map((d) => `${d.action} ${d.errorCode}`))].sort(),
      `${r.roleName} denied`,
    );
  }
}

/** Every call the generator made stays allowed; no refused call becomes allowed. */
export function assertComplete(account: AccountRun, expected: ExpectedAccount): void {
  for (const r of expected.roles) {
    const analysed = account.run.analysis.roles.find((x) => x.role.name === r.roleName);
    if (!analysed) continue;
    const generated = withPolicies(analysed.role, analysed.synth.documents);
    for (const o of r.observed) {
      for (const resource of o.resources) {
        assert.equal(
          evaluate(generated, o.action, resource).decision,
          'allowed',
          `${r.roleName}: ${o.action} on ${resource}`,
        );
      }
    }
    for (const d of r.denied) {
      assert.notEqual(
        evaluate(generated, d.action, d.resource).decision,
        'allowed',
        `${r.roleName}: refused ${d.action} granted`,
      );
    }
  }
}

/** For every action of every generated policy and every ARN the account mentions: granted before. */
export function assertNeverWider(account: AccountRun, expected: ExpectedAccount): void {
  const probes = new Set<string>(['*']);
  for (const r of expected.roles) {
    for (const o of r.observed) for (const res of o.resources) probes.add(res);
    for (const d of r.denied) probes.add(d.resource);
  }
  for (const analysed of account.run.analysis.roles) {
    const generated = withPolicies(analysed.role, analysed.synth.documents);
    const actions = new Set(
      analysed.synth.documents.flatMap((d) => d.Statement.flatMap((s) => s.Action ?? [])),
    );
    for (const action of actions) {
      if (/[*?]/.test(action)) continue;
      for (const resource of probes) {
        if (evaluate(generated, action, resource).decision !== 'allowed') continue;
        assert.equal(
          evaluate(analysed.role, action, resource).decision,
          'allowed',
          `${analysed.role.name}: ${action} on ${resource}`,
        );
      }
    }
  }
}
