/**
 * The granted side of a run from files: the IAM snapshot, the Lambda inventory (`--lambda`, any of the
 * `aws lambda` outputs pare reads, told apart by content) and the resource policies of event sources
 * (`--resource-policies`). A directory stands for every `*.json` file under it.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseAuthorizationSnapshots,
  parseLambdaInventoryFile,
  parseResourcePolicyFile,
} from '../grants/index.js';
import type { LambdaFunction, RoleGrants, SecretClassifier } from '../model/grants.js';
import type { PostureInventory } from '../model/inventory.js';
import { compare } from '../model/order.js';
import { readJsonFile } from './read-json.js';

export interface GrantFiles {
  iam: readonly string[];
  lambda: readonly string[];
  resourcePolicies?: readonly string[];
}

export interface ReadGrants {
  roles: RoleGrants[];
  functions: LambdaFunction[];
  inventory: PostureInventory;
}

/** Files as given; each directory replaced by the `*.json` files under it, sorted. */
export async function expandJsonFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(path);
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    out.push(
      ...entries
        .filter((e) => e.isFile() && e.name.endsWith('.json'))
        .map((e) => join(e.parentPath, e.name))
        .sort(compare),
    );
  }
  return out;
}

export async function readGrantFiles(files: GrantFiles, classify?: SecretClassifier): Promise<ReadGrants> {
  // Pieces of a `--filter`-ed snapshot are resolved together: a role's policies may be in another file.
  const snapshots = await Promise.all(
    files.iam.map(async (file) => ({ json: await readJsonFile(file), file })),
  );
  const lambdaParts = await Promise.all(
    (await expandJsonFiles(files.lambda)).map(async (f) =>
      parseLambdaInventoryFile(await readJsonFile(f), f, classify),
    ),
  );
  const policyParts = await Promise.all(
    (await expandJsonFiles(files.resourcePolicies ?? [])).map(async (f) =>
      parseResourcePolicyFile(await readJsonFile(f), f),
    ),
  );
  return assembleGrants(snapshots, lambdaParts, policyParts);
}

/** Parsed snapshot pieces, inventory files and resource policies as one set of grants: files or live. */
export function assembleGrants(
  snapshots: readonly { json: unknown; file: string }[],
  lambdaParts: readonly ReturnType<typeof parseLambdaInventoryFile>[],
  policyParts: readonly ReturnType<typeof parseResourcePolicyFile>[] = [],
): ReadGrants {
  return {
    roles: parseAuthorizationSnapshots(snapshots),
    functions: lambdaParts.flatMap((p) => p.functions),
    inventory: {
      eventSourceMappings: lambdaParts.flatMap((p) => p.eventSourceMappings),
      functionUrls: lambdaParts.flatMap((p) => p.functionUrls),
      resourcePolicies: [
        ...lambdaParts.flatMap((p) => p.functionPolicies),
        ...policyParts.flatMap((p) => p.policies),
      ],
      bucketAcls: policyParts.flatMap((p) => p.bucketAcls),
    },
  };
}
