/** `pare patch`: read an earlier analyze's output and the IaC tree, plan in the core, write patches. */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { cloudFormationPatcher } from '../iac/cloudformation.js';
import type { EvidenceSummary, IacFile, RoleOverride, RoleTarget } from '../iac/model.js';
import { patchFileName, planPatches, renderPatch, type PatchPlan } from '../iac/patch.js';
import { serverlessPatcher } from '../iac/serverless.js';
import type { PolicyDocument } from '../model/policy.js';
import { MANIFEST } from './output-dir.js';
import { readJsonFile } from './read-json.js';

export const PATCHERS = [serverlessPatcher, cloudFormationPatcher];

export interface PatchOptions {
  iac: string;
  from: string;
  out: string;
  apply: boolean;
  map: readonly string[];
}

export interface PatchRun {
  plan: PatchPlan;
  /** Patch files written, relative to --out. */
  written: string[];
}

/** `RoleName=path#LogicalId`. */
export function parseOverride(text: string): RoleOverride {
  const m = /^([^=]+)=([^#]+)#(.+)$/.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) throw new UsageError(`--map ${text}: expected RoleName=path#LogicalId`);
  return { role: m[1], path: m[2].replaceAll('\\', '/'), logicalId: m[3] };
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.serverless', '.aws-sam', 'cdk.out', '.terraform']);
const IAC_FILE = /\.(ya?ml|json|template)$/;

async function listFiles(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) files.push(...(await listFiles(root, path)));
    else if (entry.isFile() && IAC_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

export async function readIacFiles(root: string): Promise<IacFile[]> {
  const paths = await listFiles(root).catch(() => {
    throw new UsageError(`--iac ${root}: not a readable directory`);
  });
  const files = await Promise.all(
    paths.map(async (path) => ({
      path: relative(root, path).split(sep).join('/'),
      text: await readFile(path, 'utf8'),
    })),
  );
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

interface ManifestRole {
  name: string;
  arn: string;
  tags?: Record<string, string>;
  functions?: string[];
  perFunction?: string[];
}

interface EvidenceFile {
  statements?: { sid?: string; count?: number }[];
  perFunction?: { function?: string; statements?: { count?: number }[] }[];
  verdicts?: { unused?: Record<string, string[] | number> };
}

async function readPolicy(dir: string, name: string): Promise<PolicyDocument> {
  const file = join(dir, `${name}.json`);
  try {
    return (await readJsonFile(file)) as PolicyDocument;
  } catch (error) {
    // A role whose policy had to be split for IAM's size limits has a folder of documents.
    const parts = await readdir(join(dir, name)).catch(() => undefined);
    if (!parts) throw error;
    const docs = await Promise.all(
      parts.sort().map(async (p) => (await readJsonFile(join(dir, name, p))) as PolicyDocument),
    );
    return { Version: docs[0]?.Version ?? '2012-10-17', Statement: docs.flatMap((d) => d.Statement) };
  }
}

/** The roles of an earlier `pare analyze --out`, with their policies and evidence. */
export async function readAnalyzeOutput(dir: string): Promise<RoleTarget[]> {
  const manifest = (await readJsonFile(join(dir, MANIFEST))) as { roles?: unknown };
  if (
    !Array.isArray(manifest.roles) ||
    !manifest.roles.every((r) => typeof r === 'object' && r !== null && 'arn' in r)
  ) {
    throw new InputError(
      join(dir, MANIFEST),
      'no roles with ARNs: re-run pare analyze (an older version wrote names only)',
      '/roles',
    );
  }
  return Promise.all(
    (manifest.roles as ManifestRole[]).map(async (role) => {
      const evidence = (await readJsonFile(join(dir, 'evidence', `${role.name}.json`)).catch(
        () => ({}),
      )) as EvidenceFile;
      const summary: EvidenceSummary = {
        callsBySid: Object.fromEntries(
          (evidence.statements ?? []).flatMap((s) => (s.sid && s.count ? [[s.sid, s.count]] : [])),
        ),
        callsByFunction: Object.fromEntries(
          (evidence.perFunction ?? []).flatMap((f) =>
            f.function ? [[f.function, (f.statements ?? []).reduce((n, s) => n + (s.count ?? 0), 0)]] : [],
          ),
        ),
        unused: evidence.verdicts?.unused ?? {},
      };
      const perFunction: Record<string, PolicyDocument> = {};
      for (const fn of role.perFunction ?? []) perFunction[fn] = await readPolicy(join(dir, 'functions'), fn);
      return {
        name: role.name,
        arn: role.arn,
        tags: role.tags ?? {},
        functions: role.functions ?? [],
        policy: await readPolicy(join(dir, 'policies'), role.name),
        perFunction,
        evidence: summary,
      };
    }),
  );
}

export async function runPatch(options: PatchOptions): Promise<PatchRun> {
  const overrides = options.map.map(parseOverride);
  const [roles, files] = await Promise.all([readAnalyzeOutput(options.from), readIacFiles(options.iac)]);
  const plan = planPatches(files, roles, overrides, PATCHERS);
  await mkdir(options.out, { recursive: true });
  const written: string[] = [];
  for (const change of plan.changes) {
    const name = patchFileName(change.path);
    await writeFile(join(options.out, name), renderPatch(change, roles));
    written.push(name);
    if (options.apply) await writeFile(join(options.iac, change.path), change.after);
  }
  return { plan, written };
}
