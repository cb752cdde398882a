/**
 * AWS Account Management's ListRegions (REST JSON, `POST /listRegions`): the regions the folder has
 * functions or trail logs in, as enabled by default. Opt-in states other than ENABLED* list nothing.
 */
import type { AccountFolder } from './account.js';
import { lambdaError } from './lambda.js';
import { page, pageSize, reply, type FakeReply, type FakeRequest } from './http.js';

const REGIONS_PAGE = 50;

export function accountService(account: AccountFolder, serverPage: number): (req: FakeRequest) => FakeReply {
  const regions = [
    ...new Set([
      ...account.functions.map((f) => String(f['FunctionArn']).split(':')[3] ?? ''),
      ...account.objects.map((o) => /\/CloudTrail\/([a-z0-9-]+)\//.exec(o.key)?.[1] ?? ''),
    ]),
  ]
    .filter((r) => r !== '')
    .sort();
  return (req) => {
    if (req.method !== 'POST' || req.path !== '/listRegions')
      return lambdaError(
        501,
        'NotImplemented',
        `The fake AWS endpoint does not implement account ${req.method} ${req.path}.`,
      );
    const input = JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
    const states = Array.isArray(input['RegionOptStatusContains'])
      ? (input['RegionOptStatusContains'] as unknown[])
      : [];
    const listed = states.length === 0 || states.includes('ENABLED_BY_DEFAULT') ? regions : [];
    const asked = typeof input['MaxResults'] === 'number' ? String(input['MaxResults']) : undefined;
    const token = typeof input['NextToken'] === 'string' ? input['NextToken'] : undefined;
    const { items, next } = page(listed, token, pageSize(asked, Math.min(REGIONS_PAGE, serverPage)));
    return reply(
      200,
      'application/json',
      JSON.stringify({
        Regions: items.map((RegionName) => ({ RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT' })),
        ...(next !== undefined ? { NextToken: next } : {}),
      }),
    );
  };
}
