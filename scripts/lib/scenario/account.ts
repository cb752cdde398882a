/**
 * An account under construction: roles, users, groups, customer managed policies and functions, with
 * IDs drawn from the seed. RoleLastUsed is filled from the generated activity, so the IAM snapshot
 * agrees with the logs.
 */
import type { Prng } from '../prng.js';
import type { Emitted, JsonObject } from '../cloudtrail/types.js';
import { iamId } from './ids.js';
import type { RoleRef } from './lambda-runtime.js';
import {
  authorizationDetails,
  roleArnOf,
  type GroupDef,
  type InlinePolicy,
  type ManagedPolicy,
  type PolicyVersion,
  type RoleDef,
  type UserDef,
} from '../iam/snapshot.js';
import type { FunctionDef } from '../lambda-inventory.js';
import { listFunctions } from '../lambda-inventory.js';

export type RoleInput = Omit<RoleDef, 'id' | 'lastUsed'>;

export class AccountBuilder {
  readonly roles: RoleDef[] = [];
  readonly users: UserDef[] = [];
  readonly groups: GroupDef[] = [];
  readonly customerPolicies: ManagedPolicy[] = [];
  readonly functions: FunctionDef[] = [];

  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly prng: Prng,
  ) {}

  role(input: RoleInput): RoleRef {
    const def: RoleDef = { ...input, id: iamId(this.prng, 'AROA', input.name) };
    this.roles.push(def);
    return { name: def.name, arn: roleArnOf(this.accountId, def), id: def.id };
  }

  user(
    name: string,
    createDate: string,
    groups: string[],
    inline: InlinePolicy[],
    managed: ManagedPolicy[],
  ): UserDef {
    const def: UserDef = {
      name,
      id: iamId(this.prng, 'AIDA', name),
      createDate,
      groups,
      inline,
      managed,
      tags: {},
    };
    this.users.push(def);
    return def;
  }

  group(name: string, createDate: string, inline: InlinePolicy[], managed: ManagedPolicy[]): void {
    this.groups.push({ name, id: iamId(this.prng, 'AGPA', name), createDate, inline, managed });
  }

  /** A customer managed policy; the last version is the default unless `defaultVersion` says otherwise. */
  policy(name: string, path: string, versions: PolicyVersion[], defaultVersion?: string): ManagedPolicy {
    const last = versions[versions.length - 1];
    if (!last) throw new Error(`${name} has no version`);
    const p: ManagedPolicy = {
      name,
      arn: `arn:aws:iam::${this.accountId}:policy${path}${name}`,
      path,
      id: iamId(this.prng, 'ANPA', name),
      createDate: versions[0]?.createDate ?? last.createDate,
      updateDate: last.createDate,
      defaultVersion: defaultVersion ?? last.id,
      versions,
    };
    this.customerPolicies.push(p);
    return p;
  }

  fn(def: FunctionDef): FunctionDef {
    this.functions.push(def);
    return def;
  }

  /** Sets each role's RoleLastUsed from the last call any of its sessions made. */
  recordLastUse(emitted: readonly Emitted[]): void {
    const last = new Map<string, Emitted>();
    for (const e of emitted) {
      if (!e.truth) continue;
      const seen = last.get(e.truth.roleArn);
      if (!seen || e.time > seen.time) last.set(e.truth.roleArn, e);
    }
    for (const role of this.roles) {
      const e = last.get(roleArnOf(this.accountId, role));
      if (e)
        role.lastUsed = {
          date: new Date(e.time).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
          region: e.region,
        };
    }
  }

  iam(): JsonObject {
    return authorizationDetails({
      accountId: this.accountId,
      users: this.users,
      groups: this.groups,
      roles: this.roles,
      customerPolicies: this.customerPolicies,
    });
  }

  lambda(): JsonObject {
    return listFunctions(this.functions, this.prng.fork('lambda-inventory'));
  }
}

export const lambdaTrust = (form: 'array' | 'string'): JsonObject => ({
  Version: '2012-10-17',
  Statement: [
    form === 'array'
      ? { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }
      : { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** The statements Serverless Framework writes into `<service>-<stage>-lambda` for its log groups. */
export function serverlessLogStatements(accountId: string, region: string, prefix: string): JsonObject[] {
  const group = `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${prefix}*`;
  return [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:CreateLogGroup'], Resource: [`${group}:*`] },
    { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [`${group}:*:*`] },
  ];
}
