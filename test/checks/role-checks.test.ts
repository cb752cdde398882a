import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoleUsage } from '../../src/model/usage.js';
import { roleWith } from '../grants/helpers.js';
import { audit, fn, rules } from './helpers.js';

const allow = (Action: string | string[], Resource: string | string[], extra: object = {}): object => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});

describe('admin-access', () => {
  it('fires on * and *:* on *, and on an Allow with NotAction', async () => {
    for (const statement of [
      allow('*', '*'),
      allow('*:*', '*'),
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
    ]) {
      const [finding] = (await audit({ roles: [roleWith([statement])] })).filter(
        (f) => f.rule === 'admin-access',
      );
      assert.equal(finding?.severity, 'high');
      assert.equal(finding?.role, 'test');
    }
  });
  it('does not fire on a service wildcard, or on * limited to one resource', async () => {
    const found = await rules({ roles: [roleWith([allow('s3:*', '*'), allow('*', 'arn:aws:s3:::bucket')])] });
    assert.equal(found.includes('admin-access'), false);
    assert.ok(found.includes('service-wildcard-action'));
  });
});

describe('service-wildcard-action', () => {
  it('fires on service:* and names the services', async () => {
    const [finding] = (
      await audit({
        roles: [
          roleWith([
            allow(['dynamodb:*', 'sqs:SendMessage'], 'arn:aws:dynamodb:eu-west-1:111122223333:table/t'),
          ]),
        ],
      })
    ).filter((f) => f.rule === 'service-wildcard-action');
    assert.equal(finding?.severity, 'medium');
    assert.deepEqual(finding?.actions, ['dynamodb:*']);
  });
  it('does not fire on partial wildcards or named actions', async () => {
    const found = await rules({
      roles: [roleWith([allow(['s3:Get*', 'sqs:SendMessage'], 'arn:aws:s3:::b/*')])],
    });
    assert.equal(found.includes('service-wildcard-action'), false);
  });
});

describe('service-wildcard-resource', () => {
  it('fires on * and on every resource of a type, for actions that take resources', async () => {
    for (const resource of ['*', 'arn:aws:dynamodb:*:111122223333:table/*']) {
      const [finding] = (await audit({ roles: [roleWith([allow('dynamodb:GetItem', resource)])] })).filter(
        (f) => f.rule === 'service-wildcard-resource',
      );
      assert.deepEqual(finding?.resources, [resource], resource);
      assert.deepEqual(finding?.evidence?.['services'], { dynamodb: 1 });
    }
    const objects = await rules({ roles: [roleWith([allow('s3:GetObject', 'arn:aws:s3:::*/*')])] });
    assert.ok(objects.includes('service-wildcard-resource'));
  });
  it('does not fire on named resources, actions that take none, or Lambda’s own plumbing', async () => {
    const found = await rules({
      roles: [
        roleWith([
          allow('s3:GetObject', 'arn:aws:s3:::bucket/*'),
          allow('dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders*'),
          allow(
            ['sqs:ListQueues', 'xray:PutTraceSegments', 'logs:CreateLogStream', 'logs:PutLogEvents'],
            '*',
          ),
          allow(['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface'], '*'),
        ]),
      ],
    });
    assert.deepEqual(found, []);
  });
});

describe('exploit-grade-action', () => {
  it('fires with the reason, for actions a service wildcard grants too', async () => {
    const [finding] = (await audit({ roles: [roleWith([allow('cloudtrail:*', '*')])] })).filter(
      (f) => f.rule === 'exploit-grade-action',
    );
    assert.equal(finding?.severity, 'high');
    assert.deepEqual(finding?.actions, [
      'cloudtrail:DeleteEventDataStore',
      'cloudtrail:DeleteTrail',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:StopLogging',
      'cloudtrail:UpdateTrail',
    ]);
    assert.match(finding?.message ?? '', /cloudtrail:StopLogging \(turns the trail off/);
  });
  it('counts iam:PassRole and sts:AssumeRole only on every role', async () => {
    const named = roleWith([
      allow(['iam:PassRole', 'sts:AssumeRole'], 'arn:aws:iam::111122223333:role/deploy'),
    ]);
    assert.equal((await rules({ roles: [named] })).includes('exploit-grade-action'), false);
    const every = roleWith([allow('iam:PassRole', 'arn:aws:iam::111122223333:role/*')]);
    const [finding] = (await audit({ roles: [every] })).filter((f) => f.rule === 'exploit-grade-action');
    assert.deepEqual(finding?.actions, ['iam:PassRole']);
  });
  it('counts lambda:UpdateFunctionCode only beyond the role’s own functions', async () => {
    const role = roleWith([
      allow('lambda:UpdateFunctionCode', [
        'arn:aws:lambda:eu-west-1:111122223333:function:self',
        'arn:aws:lambda:eu-west-1:111122223333:function:self:*',
      ]),
    ]);
    const own = fn('self', { role: role.arn });
    assert.equal((await rules({ roles: [role], functions: [own] })).includes('exploit-grade-action'), false);
    const wide = roleWith([
      allow('lambda:UpdateFunctionCode', 'arn:aws:lambda:eu-west-1:111122223333:function:*'),
    ]);
    assert.ok(
      (await rules({ roles: [wide], functions: [fn('self', { role: wide.arn })] })).includes(
        'exploit-grade-action',
      ),
    );
  });
  it('does not fire when a boundary or an unconditional Deny takes the action away', async () => {
    const bounded = roleWith([allow('iam:*', '*')], [allow('s3:GetObject', '*')]);
    const denied = roleWith([
      allow('kms:*', '*'),
      {
        Effect: 'Deny',
        Action: ['kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
      },
    ]);
    for (const role of [bounded, denied]) {
      const found = (await audit({ roles: [role] })).filter((f) => f.rule === 'exploit-grade-action');
      assert.deepEqual(found, []);
    }
  });
  it('leaves statements granting everything to admin-access', async () => {
    assert.deepEqual(await rules({ roles: [roleWith([allow('*', '*')])] }), ['admin-access']);
  });
});

describe('shared-role', () => {
  const role = 'arn:aws:iam::111122223333:role/shared';
  const functions = [fn('a', { role }), fn('b', { role }), fn('c')];
  it('fires once per role used by several functions, naming them', async () => {
    const found = (await audit({ functions })).filter((f) => f.rule === 'shared-role');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.role, 'shared');
    assert.deepEqual(found[0]?.evidence, { functions: ['a', 'b'] });
  });
  it('with usage, names what each function used: the per-function split', async () => {
    const session = (name: string, action: string): RoleUsage['sessions'][number] => ({
      sessionName: name,
      accesses: [{ action, resource: '*', count: 1, firstSeen: 't', lastSeen: 't', errorCount: 0 }],
      denied: [],
      unmapped: [],
      eventCount: 1,
      firstSeen: 't',
      lastSeen: 't',
    });
    const usage: RoleUsage = {
      roleArn: role,
      roleName: 'shared',
      accountId: '111122223333',
      accesses: [],
      denied: [],
      unmapped: [],
      sessions: [session('a', 'dynamodb:GetItem'), session('b', 'sqs:SendMessage')],
      eventCount: 2,
      firstSeen: 't',
      lastSeen: 't',
    };
    const [finding] = (await audit({ functions, usage: [usage] })).filter((f) => f.rule === 'shared-role');
    assert.deepEqual(finding?.evidence?.['usedActions'], { a: ['dynamodb:GetItem'], b: ['sqs:SendMessage'] });
    assert.match(finding?.message ?? '', /a: dynamodb:GetItem; b: sqs:SendMessage/);
  });
  it('does not fire for one function per role', async () => {
    assert.deepEqual(await rules({ functions: [fn('a'), fn('b')] }), []);
  });
});
