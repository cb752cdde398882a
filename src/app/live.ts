/** The live side of analyze and audit: IAM and Lambda read from AWS, and IAM's last-accessed data. */
import type { AwsClients } from '../aws/clients.js';
import { fetchLastAccessed, type LastAccessedOptions } from '../aws/last-accessed.js';
import { readLiveGrants } from '../aws/live-grants.js';
import { parseLastAccessedFile } from '../grants/last-accessed.js';
import type { SecretClassifier } from '../model/grants.js';
import type { RoleLastAccessed } from '../model/last-accessed.js';
import { readGrantFiles, type ReadGrants } from './inventory.js';
import { readJsonFile } from './read-json.js';
import { regionsToRead } from '../aws/regions.js';

export interface LiveAccount {
  /** Lambda's regions; default: every region enabled in the account. */
  regions?: readonly string[];
  /** Bucket, queue and topic policies of event sources: still from files. */
  resourcePolicies?: readonly string[];
}

/** IAM and Lambda live; resource policies of event sources still come from files. */
export async function liveGrants(
  clients: AwsClients,
  options: LiveAccount,
  classify: SecretClassifier,
): Promise<ReadGrants> {
  const regions = await regionsToRead(clients, options.regions);
  const live = await readLiveGrants(clients, { regions, classify });
  const files = await readGrantFiles({
    iam: [],
    lambda: [],
    resourcePolicies: options.resourcePolicies ?? [],
  });
  return {
    ...live,
    inventory: {
      ...live.inventory,
      resourcePolicies: [...live.inventory.resourcePolicies, ...files.inventory.resourcePolicies],
      bucketAcls: files.inventory.bucketAcls,
    },
  };
}

/** `--last-accessed FILE`, as `pare collect` writes it. */
export async function readLastAccessedFile(file: string): Promise<RoleLastAccessed[]> {
  return parseLastAccessedFile(await readJsonFile(file), file);
}

/** The roles' last-accessed reports from IAM, through the same parser as the file. */
export async function liveLastAccessed(
  clients: AwsClients,
  roleArns: readonly string[],
  options: LastAccessedOptions = {},
): Promise<RoleLastAccessed[]> {
  return parseLastAccessedFile(
    await fetchLastAccessed(clients, roleArns, options),
    'live:last-accessed.json',
  );
}
