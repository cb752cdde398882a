import { loadCatalog } from '../catalog/load.js';
import { analyse, type Analysis } from '../analysis/analyse.js';
import { readActivity } from '../activity/index.js';
import { loadLambdaRules } from '../data/lambda-implied.js';
import { loadMappingIndex } from '../data/mappings.js';
import { UsageError } from '../errors.js';
import { parseAuthorizationSnapshots, parseListFunctions } from '../grants/index.js';
import { classifyError, isDataEvent, mapEvent, observability, servicePrefixOf } from '../mapping/index.js';
import type { LambdaFunction, RoleGrants } from '../model/grants.js';
import { outputFiles } from '../outputs/files.js';
import { UsageAggregator } from '../usage/aggregate.js';
import type { WindowSpec } from '../usage/window.js';
import { writeOutputDir } from './output-dir.js';
import { progressBar } from './progress.js';
import { readJsonFile } from './read-json.js';
import { selectFunctions, selectRoles, type Selection } from './select.js';

export interface AnalyzeOptions {
  logs: string[];
  iam: string[];
  lambda: string[];
  window: WindowSpec;
  selection: Selection;
  perFunction: boolean;
  skipBadFiles: boolean;
  out: string;
  stdin?: NodeJS.ReadableStream;
}

export interface AnalyzeRun {
  analysis: Analysis;
  badFiles: { file: string; problem: string }[];
  files: number;
}

export async function readGrants(
  iamFiles: readonly string[],
  lambdaFiles: readonly string[],
): Promise<{ roles: RoleGrants[]; functions: LambdaFunction[] }> {
  // Pieces of a `--filter`-ed snapshot are resolved together: a role's policies may be in another file.
  const snapshots = await Promise.all(
    iamFiles.map(async (file) => ({ json: await readJsonFile(file), file })),
  );
  const functionSets = await Promise.all(
    lambdaFiles.map(async (f) => parseListFunctions(await readJsonFile(f), f)),
  );
  return { roles: parseAuthorizationSnapshots(snapshots), functions: functionSets.flat() };
}

/** `pare analyze`: activity and grants in, every output file written at once. */
export async function runAnalyze(options: AnalyzeOptions): Promise<AnalyzeRun> {
  if (options.logs.length === 0) throw new UsageError('analyze needs an activity source: --logs PATH...');
  if (options.iam.length === 0)
    throw new UsageError(
      'analyze needs the granted side: --iam FILE (aws iam get-account-authorization-details output)',
    );
  const [catalog, index, lambdaRules, grants] = await Promise.all([
    loadCatalog(),
    loadMappingIndex(),
    loadLambdaRules(),
    readGrants(options.iam, options.lambda),
  ]);
  const functions = selectFunctions(grants.functions, options.selection);
  const selectedRoles = selectRoles(grants.roles, grants.functions, options.selection);

  const aggregator = new UsageAggregator(
    {
      mapEvent: (event) => mapEvent(event, index),
      classifyError: (code) => classifyError(code, index),
      isDataEvent: (event) => isDataEvent(event, index),
    },
    { window: options.window },
  );
  const progress = progressBar('reading CloudTrail');
  const activity = readActivity(options.logs, {
    skipBadFiles: options.skipBadFiles,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    onProgress: (p) => progress.update(p.bytesDone, p.bytesTotal),
  });
  try {
    for await (const event of activity.events) aggregator.add(event);
  } finally {
    progress.stop();
  }
  const usage = aggregator.finish();
  const stats = activity.stats();

  const analysis = analyse(
    { usage, snapshotRoles: grants.roles, selectedRoles, functions },
    {
      catalog,
      observability: (action) => observability(action, index),
      dataEventSources: new Set(usage.dataEventSources),
      servicePrefixOf: (eventSource) => servicePrefixOf(eventSource, index),
      lambdaRules,
    },
    { perFunction: options.perFunction },
  );
  const manifest = {
    tool: 'pare',
    command: 'analyze',
    window: usage.window,
    inputs: { logs: options.logs, iam: options.iam, lambda: options.lambda },
    catalogVersion: catalog.version,
    roles: analysis.roles.map((r) => r.role.name),
    skippedFiles: stats.badFiles,
  };
  await writeOutputDir(options.out, outputFiles(analysis, manifest));
  return { analysis, badFiles: stats.badFiles, files: stats.files };
}
