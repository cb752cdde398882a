/**
 * Builds what `aws iam get-account-authorization-details` prints: UserDetailList, GroupDetailList,
 * RoleDetailList (documents decoded, as the CLI prints them) and Policies (customer managed policies and
 * the AWS managed ones attached to something, each with its PolicyVersionList). Attachment counts are
 * computed from the entities, so they cannot disagree with them.
 */
import type { Json, JsonObject } from '../cloudtrail/types.js';

export interface PolicyVersion {
  id: string;
  createDate: string;
  document: JsonObject;
}

export interface ManagedPolicy {
  name: string;
  arn: string;
  path: string;
  id: string;
  createDate: string;
  updateDate: string;
  defaultVersion: string;
  versions: PolicyVersion[];
}

export interface InlinePolicy {
  name: string;
  document: JsonObject;
}

export interface RoleDef {
  name: string;
  path: string;
  id: string;
  createDate: string;
  trust: JsonObject;
  inline: InlinePolicy[];
  managed: ManagedPolicy[];
  boundary?: ManagedPolicy;
  tags: Record<string, string>;
  lastUsed?: { date: string; region: string };
  instanceProfile?: { name: string; id: string };
}

export interface UserDef {
  name: string;
  id: string;
  createDate: string;
  groups: string[];
  inline: InlinePolicy[];
  managed: ManagedPolicy[];
  tags: Record<string, string>;
}

export interface GroupDef {
  name: string;
  id: string;
  createDate: string;
  inline: InlinePolicy[];
  managed: ManagedPolicy[];
}

export interface AccountIam {
  accountId: string;
  users: UserDef[];
  groups: GroupDef[];
  roles: RoleDef[];
  /** Customer managed policies, attached or not. AWS managed ones are listed when attached. */
  customerPolicies: ManagedPolicy[];
}

export const roleArnOf = (accountId: string, role: { path: string; name: string }): string =>
  `arn:aws:iam::${accountId}:role${role.path}${role.name}`;

function tagList(tags: Record<string, string>): Json[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

const attached = (policies: ManagedPolicy[]): Json[] =>
  policies.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));

const inlineList = (policies: InlinePolicy[]): Json[] =>
  policies.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));

export function authorizationDetails(account: AccountIam): JsonObject {
  const { accountId } = account;
  const users = account.users.map((u) => ({
    Path: '/',
    UserName: u.name,
    UserId: u.id,
    Arn: `arn:aws:iam::${accountId}:user/${u.name}`,
    CreateDate: u.createDate,
    UserPolicyList: inlineList(u.inline),
    GroupList: u.groups,
    AttachedManagedPolicies: attached(u.managed),
    Tags: tagList(u.tags),
  }));
  const groups = account.groups.map((g) => ({
    Path: '/',
    GroupName: g.name,
    GroupId: g.id,
    Arn: `arn:aws:iam::${accountId}:group/${g.name}`,
    CreateDate: g.createDate,
    GroupPolicyList: inlineList(g.inline),
    AttachedManagedPolicies: attached(g.managed),
  }));
  const roles = account.roles.map((r) => {
    const arn = roleArnOf(accountId, r);
    const entry: JsonObject = {
      Path: r.path,
      RoleName: r.name,
      RoleId: r.id,
      Arn: arn,
      CreateDate: r.createDate,
      AssumeRolePolicyDocument: r.trust,
      InstanceProfileList: r.instanceProfile
        ? [
            {
              Path: '/',
              InstanceProfileName: r.instanceProfile.name,
              InstanceProfileId: r.instanceProfile.id,
              Arn: `arn:aws:iam::${accountId}:instance-profile/${r.instanceProfile.name}`,
              CreateDate: r.createDate,
              Roles: [
                {
                  Path: r.path,
                  RoleName: r.name,
                  RoleId: r.id,
                  Arn: arn,
                  CreateDate: r.createDate,
                  AssumeRolePolicyDocument: r.trust,
                },
              ],
            },
          ]
        : [],
      RolePolicyList: inlineList(r.inline),
      AttachedManagedPolicies: attached(r.managed),
    };
    if (r.boundary) {
      entry['PermissionsBoundary'] = {
        PermissionsBoundaryType: 'Policy',
        PermissionsBoundaryArn: r.boundary.arn,
      };
    }
    entry['Tags'] = tagList(r.tags);
    entry['RoleLastUsed'] = r.lastUsed ? { LastUsedDate: r.lastUsed.date, Region: r.lastUsed.region } : {};
    return entry;
  });

  const attachments = new Map<string, number>();
  const boundaries = new Map<string, number>();
  const known = new Map<string, ManagedPolicy>();
  const count = (map: Map<string, number>, p: ManagedPolicy): void => {
    map.set(p.arn, (map.get(p.arn) ?? 0) + 1);
    known.set(p.arn, p);
  };
  for (const holder of [...account.users, ...account.groups, ...account.roles])
    holder.managed.forEach((p) => count(attachments, p));
  for (const r of account.roles) if (r.boundary) count(boundaries, r.boundary);
  for (const p of account.customerPolicies) known.set(p.arn, p);

  const policies = [...known.values()]
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
    .map((p) => ({
      PolicyName: p.name,
      PolicyId: p.id,
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: p.defaultVersion,
      AttachmentCount: attachments.get(p.arn) ?? 0,
      PermissionsBoundaryUsageCount: boundaries.get(p.arn) ?? 0,
      IsAttachable: true,
      CreateDate: p.createDate,
      UpdateDate: p.updateDate,
      PolicyVersionList: p.versions
        .slice()
        .reverse()
        .map((v) => ({
          Document: v.document,
          VersionId: v.id,
          IsDefaultVersion: v.id === p.defaultVersion,
          CreateDate: v.createDate,
        })),
    }));

  return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies };
}
