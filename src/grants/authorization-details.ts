/**
 * `aws iam get-account-authorization-details` output → RoleGrants. Several snapshots (accounts, or
 * `--filter`-ed pieces such as `Role` plus `LocalManagedPolicy`) are read together: each role's
 * managed policies resolve against its own file first, then against the others.
 */
import { InputError } from '../errors.js';
import type { RoleGrants } from '../model/grants.js';
import type { AttachedPolicy, PolicyDocument, PolicyKind } from '../model/policy.js';
import { isRecord, pointerJoin, readTags, splitArn } from './json-shape.js';
import { normalisePolicyDocument } from './policy-document.js';

export interface AuthorizationSnapshot {
  json: unknown;
  file: string;
}

const NOT_A_SNAPSHOT = 'not the output of aws iam get-account-authorization-details (no RoleDetailList)';

export function parseAuthorizationDetails(json: unknown, file: string): RoleGrants[] {
  return parseAuthorizationSnapshots([{ json, file }]);
}

export function parseAuthorizationSnapshots(snapshots: readonly AuthorizationSnapshot[]): RoleGrants[] {
  const indexes = snapshots.map(({ json, file }) => {
    if (!isRecord(json)) throw new InputError(file, NOT_A_SNAPSHOT);
    const roles = json['RoleDetailList'];
    const policies = json['Policies'];
    // A `--filter LocalManagedPolicy` piece has Policies only; it completes a `--filter Role` piece.
    if (!Array.isArray(roles) && !Array.isArray(policies)) throw new InputError(file, NOT_A_SNAPSHOT);
    if (roles !== undefined && !Array.isArray(roles)) throw new InputError(file, NOT_A_SNAPSHOT);
    return { file, roles: (roles ?? []) as unknown[], policies: indexPolicies(policies, file) };
  });
  const lookup = (own: ManagedPolicies, arn: string): ManagedPolicy | undefined =>
    own.get(arn) ?? indexes.map((other) => other.policies.get(arn)).find((p) => p !== undefined);
  const parsed = indexes.map(({ file, roles, policies }) =>
    roles.map((raw, i) =>
      parseRole(raw, file, pointerJoin('', 'RoleDetailList', i), (arn) => lookup(policies, arn)),
    ),
  );
  return mergeRoleGrants(
    parsed,
    indexes.map((i) => i.file),
  );
}

/**
 * Roles from several sources (`files[i]` names `lists[i]` in errors), one per ARN, sorted by ARN. The
 * same role twice must carry the same policies, else the sources disagree and nothing sound can be
 * said; RoleLastUsed keeps the latest, tags merge (later sources win).
 */
export function mergeRoleGrants(
  lists: readonly (readonly RoleGrants[])[],
  files: readonly string[] = [],
): RoleGrants[] {
  const byArn = new Map<string, { role: RoleGrants; file: string }>();
  lists.forEach((roles, i) => {
    const file = files[i] ?? `IAM snapshot #${i + 1}`;
    for (const role of roles) {
      const seen = byArn.get(role.arn);
      if (!seen) {
        byArn.set(role.arn, { role, file });
        continue;
      }
      if (permissionsKey(seen.role) !== permissionsKey(role)) {
        throw new InputError(file, `role ${role.arn} is also in ${seen.file} with different policies`);
      }
      byArn.set(role.arn, { role: mergeSameRole(seen.role, role), file: seen.file });
    }
  });
  return [...byArn.values()].map((e) => e.role).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

function permissionsKey(role: RoleGrants): string {
  return JSON.stringify([role.policies, role.permissionsBoundary ?? null]);
}

function mergeSameRole(first: RoleGrants, second: RoleGrants): RoleGrants {
  const merged: RoleGrants = { ...first, tags: { ...first.tags, ...second.tags } };
  const lastUsed = [first.lastUsed, second.lastUsed]
    .filter((u) => u !== undefined)
    .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  if (lastUsed) merged.lastUsed = lastUsed;
  if (!merged.assumeRolePolicy && second.assumeRolePolicy) merged.assumeRolePolicy = second.assumeRolePolicy;
  return merged;
}

interface ManagedPolicy {
  arn: string;
  name: string;
  kind: PolicyKind;
  file: string;
  pointer: string;
  /** The default version's document, as stored (object or URL-encoded text); undefined if none. */
  document: unknown;
  /** Normalised once, however many roles attach it. */
  normalised?: PolicyDocument;
}
type ManagedPolicies = Map<string, ManagedPolicy>;

function indexPolicies(raw: unknown, file: string): ManagedPolicies {
  const index: ManagedPolicies = new Map();
  if (!Array.isArray(raw)) return index;
  raw.forEach((policy: unknown, i) => {
    if (!isRecord(policy) || typeof policy['Arn'] !== 'string') return;
    const arn = policy['Arn'];
    const versions = Array.isArray(policy['PolicyVersionList'])
      ? (policy['PolicyVersionList'] as unknown[])
      : [];
    // IsDefaultVersion marks the version in force; DefaultVersionId says the same when the flag is absent.
    let at = versions.findIndex((v) => isRecord(v) && v['IsDefaultVersion'] === true);
    if (at < 0) at = versions.findIndex((v) => isRecord(v) && v['VersionId'] === policy['DefaultVersionId']);
    const version = versions[at];
    index.set(arn, {
      arn,
      name: typeof policy['PolicyName'] === 'string' ? policy['PolicyName'] : (arn.split('/').at(-1) ?? arn),
      kind: splitArn(arn)?.accountId === 'aws' ? 'aws-managed' : 'managed',
      file,
      pointer:
        at < 0
          ? pointerJoin('', 'Policies', i)
          : pointerJoin('', 'Policies', i, 'PolicyVersionList', at, 'Document'),
      document: isRecord(version) ? version['Document'] : undefined,
    });
  });
  return index;
}

function parseRole(
  raw: unknown,
  file: string,
  pointer: string,
  lookup: (arn: string) => ManagedPolicy | undefined,
): RoleGrants {
  const fail = (problem: string, ...tokens: (string | number)[]): never => {
    throw new InputError(file, problem, pointerJoin(pointer, ...tokens));
  };
  if (!isRecord(raw)) return fail('role is not a JSON object');
  const arn = raw['Arn'];
  const parts = typeof arn === 'string' ? splitArn(arn) : undefined;
  if (typeof arn !== 'string' || parts?.service !== 'iam' || !parts.resource.startsWith('role/')) {
    return fail(`Arn ${JSON.stringify(arn)} is not an IAM role ARN`, 'Arn');
  }
  const name = typeof raw['RoleName'] === 'string' ? raw['RoleName'] : (arn.split('/').at(-1) ?? arn);
  const managed = (policyArn: string, what: string, at: (string | number)[]): AttachedPolicy => {
    const found = lookup(policyArn);
    if (!found) {
      return fail(
        `role ${name}: ${what} ${policyArn} is not in the snapshot's Policies; run aws iam get-account-authorization-details without --filter so that managed policies, AWS managed ones included, are in it`,
        ...at,
      );
    }
    if (found.document === undefined) {
      throw new InputError(
        found.file,
        `policy ${found.arn} has no default version in PolicyVersionList`,
        found.pointer,
      );
    }
    found.normalised ??= normalisePolicyDocument(found.document, {
      file: found.file,
      pointer: found.pointer,
    });
    return { kind: found.kind, name: found.name, arn: found.arn, document: found.normalised };
  };

  const policies: AttachedPolicy[] = [];
  listAt(raw, 'RolePolicyList').forEach((inline, i) => {
    if (!isRecord(inline) || typeof inline['PolicyName'] !== 'string')
      fail('inline policy has no PolicyName', 'RolePolicyList', i);
    const entry = inline as Record<string, unknown>;
    policies.push({
      kind: 'inline',
      name: entry['PolicyName'] as string,
      document: normalisePolicyDocument(entry['PolicyDocument'], {
        file,
        pointer: pointerJoin(pointer, 'RolePolicyList', i, 'PolicyDocument'),
      }),
    });
  });
  listAt(raw, 'AttachedManagedPolicies').forEach((attached, i) => {
    const policyArn = isRecord(attached) ? attached['PolicyArn'] : undefined;
    if (typeof policyArn !== 'string')
      return fail('attached policy has no PolicyArn', 'AttachedManagedPolicies', i);
    policies.push(managed(policyArn, 'attached policy', ['AttachedManagedPolicies', i]));
  });

  const role: RoleGrants = {
    arn,
    name,
    path: typeof raw['Path'] === 'string' ? raw['Path'] : '/',
    accountId: parts.accountId,
    policies,
    tags: readTags(raw['Tags']),
  };
  const boundary = raw['PermissionsBoundary'];
  if (isRecord(boundary) && typeof boundary['PermissionsBoundaryArn'] === 'string') {
    role.permissionsBoundary = managed(boundary['PermissionsBoundaryArn'], 'permissions boundary', [
      'PermissionsBoundary',
    ]);
  }
  if (raw['AssumeRolePolicyDocument'] !== undefined) {
    role.assumeRolePolicy = normalisePolicyDocument(
      raw['AssumeRolePolicyDocument'],
      { file, pointer: pointerJoin(pointer, 'AssumeRolePolicyDocument') },
      'trust',
    );
  }
  const lastUsed = raw['RoleLastUsed'];
  if (isRecord(lastUsed) && typeof lastUsed['LastUsedDate'] === 'string') {
    const time = Date.parse(lastUsed['LastUsedDate']);
    if (Number.isNaN(time)) fail('LastUsedDate is not a date', 'RoleLastUsed', 'LastUsedDate');
    // ISO 8601 in UTC, like Event.eventTime, so dates compare as strings.
    role.lastUsed = { date: new Date(time).toISOString() };
    if (typeof lastUsed['Region'] === 'string') role.lastUsed.region = lastUsed['Region'];
  }
  return role;
}

function listAt(raw: Record<string, unknown>, key: string): unknown[] {
  const value = raw[key];
  return Array.isArray(value) ? value : [];
}
