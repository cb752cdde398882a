import { awsClients, type AwsSettings } from '../aws/clients.js';
import type { RetryPolicy } from '../aws/call.js';
import { fetchLastAccessed, LAST_ACCESSED_FILE, type LastAccessedOptions } from '../aws/last-accessed.js';
import { IAM_FILE, LAMBDA_DIR, liveGrantFiles } from '../aws/live-grants.js';
import { secretClassifier } from '../checks/index.js';
import { loadPostureData } from '../data/posture.js';
import { MANIFEST, writeOutputDir } from './output-dir.js';
import { regionsToRead } from '../aws/regions.js';

export interface CollectOptions {
  out: string;
  aws: AwsSettings;
  /** Lambda's regions; default: every region enabled in the account. IAM is global. */
  regions?: string[];
  retry?: RetryPolicy;
  /** Also IAM's last-accessed report of every role (default true). */
  lastAccessed?: boolean;
  /** Poll waits of the last-accessed jobs; tests pass one that returns at once. */
  lastAccessedSleep?: LastAccessedOptions['sleep'];
}

export interface CollectRun {
  /** Relative paths written under `out`, the manifest included. */
  files: string[];
  regions: string[];
}

/**
 * `pare collect`: the granted side, written as the AWS CLI prints it, for `analyze`/`audit --iam
 * OUT/iam.json --lambda OUT/lambda` later, offline. Environment variable values are not written.
 */
export async function runCollect(options: CollectOptions): Promise<CollectRun> {
  const clients = awsClients(options.aws);
  const regions = await regionsToRead(clients, options.regions, options.retry);
  const posture = await loadPostureData();
  const grants = await liveGrantFiles(clients, {
    regions,
    classify: secretClassifier(posture.secrets),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
  });
  const files = new Map<string, string>();
  for (const [path, json] of grants) files.set(path, `${JSON.stringify(json, null, 2)}\n`);
  if (options.lastAccessed !== false) {
    const reports = await fetchLastAccessed(clients, roleArns(grants.get(IAM_FILE)), {
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.lastAccessedSleep !== undefined ? { sleep: options.lastAccessedSleep } : {}),
    });
    files.set(LAST_ACCESSED_FILE, `${JSON.stringify(reports, null, 2)}\n`);
  }
  const manifest = {
    tool: 'pare',
    command: 'collect',
    regions,
    read: {
      iam: IAM_FILE,
      lambda: `${LAMBDA_DIR}/`,
      ...(options.lastAccessed !== false ? { lastAccessed: LAST_ACCESSED_FILE } : {}),
    },
    environmentValues:
      'not collected: each value is replaced by a placeholder; PareEnvironmentSecrets keeps the kinds of secret found',
  };
  files.set(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  await writeOutputDir(options.out, files);
  return { files: [...files.keys()], regions };
}

/** The roles of the snapshot just read, in its order. */
function roleArns(snapshot: unknown): string[] {
  const roles = (snapshot as { RoleDetailList?: { Arn?: unknown }[] } | undefined)?.RoleDetailList ?? [];
  return roles.flatMap((r) => (typeof r.Arn === 'string' ? [r.Arn] : []));
}
