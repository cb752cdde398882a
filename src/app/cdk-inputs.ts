/**
 * What the CDK planner reads under --iac: every synthesized `cdk.out` (manifest.json and the
 * `*.template.json` files) and the app's TypeScript sources, to name where constructs are created.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { CdkAssembly } from '../iac/cdk-assembly.js';
import { planCdk, type CdkPlan } from '../iac/cdk.js';
import type { IacFile, RoleOverride, RoleTarget } from '../iac/model.js';

const SKIPPED = new Set(['.git', 'node_modules', '.serverless', '.aws-sam', '.terraform']);

export interface CdkInputs {
  assemblies: CdkAssembly[];
  sources: IacFile[];
}

function slashed(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** An assembly, and the nested ones CDK writes for each Stage (`assembly-<Stage>/`). */
async function readAssembly(root: string, dir: string): Promise<CdkAssembly[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.map((e) => e.name).sort();
  const nested = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && e.name.startsWith('assembly-'))
      .map((e) => readAssembly(root, join(dir, e.name))),
  );
  const templates = await Promise.all(
    names
      .filter((n) => n.endsWith('.template.json'))
      .map(async (n) => ({ path: slashed(root, join(dir, n)), text: await readFile(join(dir, n), 'utf8') })),
  );
  const manifest = names.includes('manifest.json')
    ? await readFile(join(dir, 'manifest.json'), 'utf8')
    : undefined;
  return [
    { dir: slashed(root, dir), templates, ...(manifest !== undefined ? { manifest } : {}) },
    ...nested.flat(),
  ];
}

export async function readCdkInputs(root: string): Promise<CdkInputs> {
  const assemblies: CdkAssembly[] = [];
  const sources: IacFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name === 'cdk.out')
        assemblies.push(...(await readAssembly(root, path)));
      else if (entry.isDirectory() && !SKIPPED.has(entry.name)) await walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
        sources.push({ path: slashed(root, path), text: await readFile(path, 'utf8') });
    }
  };
  await walk(root);
  assemblies.sort((a, b) => a.dir.localeCompare(b.dir));
  sources.sort((a, b) => a.path.localeCompare(b.path));
  return { assemblies, sources };
}

/** Plans the CDK suggestions for `roles` and writes them under `out`; returns the plan and the files. */
export async function writeCdkSuggestions(
  iac: string,
  out: string,
  roles: readonly RoleTarget[],
  overrides: readonly RoleOverride[],
): Promise<{ plan: CdkPlan; written: string[] }> {
  if (roles.length === 0) return { plan: { suggestions: [], resolutions: [] }, written: [] };
  const inputs = await readCdkInputs(iac);
  const plan = planCdk(inputs.assemblies, inputs.sources, roles, overrides);
  for (const s of plan.suggestions) {
    await mkdir(dirname(join(out, s.file)), { recursive: true });
    await writeFile(join(out, s.file), s.text);
  }
  return { plan, written: plan.suggestions.map((s) => s.file) };
}
