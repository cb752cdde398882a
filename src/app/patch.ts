/**
 * `pare patch`: read an earlier analyze's output (or run the analysis now, from the same inputs) and the
 * IaC tree, plan in the core, write patches.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError } from '../errors.js';
import { writeCdkSuggestions } from './cdk-inputs.js';
import { cloudFormationPatcher } from '../iac/cloudformation.js';
import type { EvidenceSummary, IacFile, PatchContext, RoleOverride, RoleTarget } from '../iac/model.js';
import { patchFileName, planPatches, renderPatch, type PatchPlan } from '../iac/patch.js';
import { serverlessPatcher } from '../iac/serverless.js';
import { terraformPatcher } from '../iac/terraform.js';
import { parseSamPolicyTemplates, type SamPolicyTemplate } from '../iac/sam-policy-templates.js';
import type { Finding } from '../model/finding.js';
import type { PolicyDocument } from '../model/policy.js';
import { runAnalyze, type AnalyzeOptions } from './analyze.js';
import { MANIFEST } from './output-dir.js';
import { readJsonFile } from './read-json.js';

export const PATCHERS = [serverlessPatcher, cloudFormationPatcher, terraformPatcher];

export interface PatchOptions {
  iac: string;
  /** An earlier `pare analyze --out`; or, instead, `analyze`. */
  from?: string;
  /** Analyze's inputs: the analysis runs first, into `analyzeOut` or a temporary directory. */
  analyze?: Omit<AnalyzeOptions, 'out'>;
  /** Where that analysis is written and kept (`--analyze-out`). */
  analyzeOut?: string;
  out: string;
  apply: boolean;
  map: readonly string[];
}

export interface PatchRun {
  plan: PatchPlan;
  /** Patch files written, relative to --out. */
  written: string[];
  /** The CDK suggestions among them (TypeScript to review, not patches). */
  suggestions: string[];
}

/** `RoleName=path#LogicalId`. */
export function parseOverride(text: string): RoleOverride {
  const m = /^([^=]+)=([^#]+)#(.+)$/.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) throw new UsageError(`--map ${text}: expected RoleName=path#LogicalId`);
  return { role: m[1], path: m[2].replaceAll('\\', '/'), logicalId: m[3] };
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.serverless', '.aws-sam', 'cdk.out', '.terraform']);
// .tfvars are read for Terraform variable values, never patched.
const IAC_FILE = /\.(ya?ml|json|template|tf|tfvars)$/;

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

/** The roles, and the run's findings alongside (findings.json: public bucket policies a patch removes). */
export type AnalyzeOutput = RoleTarget[] & { findings: Finding[] };

/** The roles of an earlier `pare analyze --out`, with their policies and evidence, and its findings. */
export async function readAnalyzeOutput(dir: string): Promise<AnalyzeOutput> {
  const findings = await readJsonFile(join(dir, 'findings.json')).catch(() => []);
  if (!Array.isArray(findings))
    throw new InputError(join(dir, 'findings.json'), 'expected a list of findings');
  return Object.assign(await readRoles(dir), { findings: findings as Finding[] });
}

async function readRoles(dir: string): Promise<RoleTarget[]> {
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

const SAM_POLICY_TEMPLATES = new URL('../../mappings/sam-policy-templates.json', import.meta.url);

let templates: Promise<SamPolicyTemplate[]> | undefined;

/** The bundled SAM policy templates, once per process. */
export function loadSamPolicyTemplates(): Promise<SamPolicyTemplate[]> {
  templates ??= readJsonFile(fileURLToPath(SAM_POLICY_TEMPLATES)).then((json) =>
    parseSamPolicyTemplates(json, 'mappings/sam-policy-templates.json'),
  );
  return templates;
}

/** What the patchers get besides the roles: the analysis' findings and the bundled data. */
export async function patchContext(findings: readonly Finding[]): Promise<PatchContext> {
  return { findings, samPolicyTemplates: await loadSamPolicyTemplates() };
}

/** The analysis the patch works from: read from --from, or run now as `pare analyze` would. */
async function analysisFor(options: PatchOptions): Promise<AnalyzeOutput> {
  if ((options.from === undefined) === (options.analyze === undefined))
    throw new UsageError(
      'patch needs either --from OUT_DIR or the activity and grant inputs (--logs … --iam …)',
    );
  if (options.from !== undefined) return readAnalyzeOutput(options.from);
  const dir = options.analyzeOut ?? (await mkdtemp(join(tmpdir(), 'pare-patch-analyze-')));
  try {
    await runAnalyze({ ...(options.analyze as Omit<AnalyzeOptions, 'out'>), out: dir });
    return await readAnalyzeOutput(dir);
  } finally {
    if (options.analyzeOut === undefined) await rm(dir, { recursive: true, force: true });
  }
}

export async function runPatch(options: PatchOptions): Promise<PatchRun> {
  const overrides = options.map.map(parseOverride);
  const [roles, files] = await Promise.all([analysisFor(options), readIacFiles(options.iac)]);
  const plan = planPatches(files, roles, overrides, PATCHERS, await patchContext(roles.findings));
  await mkdir(options.out, { recursive: true });
  const written: string[] = [];
  for (const change of plan.changes) {
    const name = patchFileName(change.path);
    await writeFile(join(options.out, name), renderPatch(change, roles));
    written.push(name);
    if (options.apply) await writeFile(join(options.iac, change.path), change.after);
  }
  // CDK is code: roles no template or serverless.yml defines get suggestions from cdk.out, never edits.
  const cdk = await writeCdkSuggestions(
    options.iac,
    options.out,
    roles.filter((r) => plan.unresolved.includes(r.name)),
    overrides,
  );
  const cdkRoles = new Set(cdk.plan.resolutions.map((r) => r.role));
  return {
    plan: {
      ...plan,
      resolutions: [...plan.resolutions, ...cdk.plan.resolutions],
      unresolved: plan.unresolved.filter((name) => !cdkRoles.has(name)),
    },
    written: [...written, ...cdk.written],
    suggestions: cdk.written,
  };
}
