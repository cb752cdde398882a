import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runAnalyze, type AnalyzeRun } from '../../src/app/analyze.js';
import type { RoleGrants } from '../../src/model/grants.js';
import type { PolicyDocument } from '../../src/model/policy.js';
import { DEFAULT_WINDOW } from '../../src/usage/window.js';
import { tempDir } from './cli.js';

export interface AccountRun {
  run: AnalyzeRun;
  out: string;
  files: Map<string, string>;
}

/** Analyses an account folder (logs/, iam.json, lambda.json) into a temporary output directory. */
export async function analyzeAccount(
  dir: string,
  options: { perFunction?: boolean; logs?: string[] } = {},
): Promise<AccountRun> {
  const out = join(tempDir(), 'out');
  const run = await runAnalyze({
    logs: options.logs ?? [join(dir, 'logs')],
    iam: [join(dir, 'iam.json')],
    lambda: [join(dir, 'lambda.json')],
    window: DEFAULT_WINDOW,
    selection: { roles: [], functions: [] },
    perFunction: options.perFunction ?? false,
    skipBadFiles: false,
    out,
  });
  return { run, out, files: readTree(out) };
}

export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** The role with its policies replaced by the generated documents (the boundary stays, as in IAM). */
export function withPolicies(role: RoleGrants, documents: readonly PolicyDocument[]): RoleGrants {
  return {
    ...role,
    policies: documents.map((document, i) => ({
      kind: 'inline' as const,
      name: `generated-${i + 1}`,
      document,
    })),
  };
}
