/**
 * The regions pare reads when `--regions` is not given: every region enabled in the account (opt-in
 * regions the account has not enabled refuse every call, so they are left out), as AWS Account
 * Management lists them.
 */
import { ListRegionsCommand, type ListRegionsCommandOutput } from '@aws-sdk/client-account';
import { callAws, DEFAULT_RETRY, type RetryPolicy } from './call.js';
import type { AwsClients } from './clients.js';

export async function enabledRegions(
  clients: AwsClients,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<string[]> {
  const regions: string[] = [];
  let nextToken: string | undefined;
  do {
    const page: ListRegionsCommandOutput = await callAws(
      () =>
        clients.account().send(
          new ListRegionsCommand({
            RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'],
            MaxResults: 50,
            ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
          }),
        ),
      {
        operation: 'account ListRegions',
        requiredAction: 'account:ListRegions (or pass --regions us-east-1,eu-west-1)',
      },
      retry,
    );
    for (const r of page.Regions ?? []) if (r.RegionName) regions.push(r.RegionName);
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return [...new Set(regions)].sort();
}

/** `--regions` as given, else every enabled region. */
export async function regionsToRead(
  clients: AwsClients,
  given: readonly string[] | undefined,
  retry?: RetryPolicy,
): Promise<string[]> {
  return given !== undefined ? [...given] : enabledRegions(clients, retry);
}
