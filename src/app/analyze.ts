import { loadCatalog } from '../catalog/load.js';
import { analyse, type Analysis } from '../analysis/analyse.js';
import { awsClients, type AwsClients, type AwsSettings } from '../aws/clients.js';
import { validateAnalysis } from '../aws/validate.js';
import { loadLambdaRules } from '../data/lambda-implied.js';
import { loadMappingIndex } from '../data/mappings.js';
import { loadPostureData } from '../data/posture.js';
import { secretClassifier } from '../checks/index.js';
import { sortFindings } from '../diff/findings.js';
import { UsageError } from '../errors.js';
import { classifyError, isDataEvent, mapEvent, observability, servicePrefixOf } from '../mapping/index.js';
import { outputFiles } from '../outputs/files.js';
import { UsageAggregator } from '../usage/aggregate.js';
import type { WindowSpec } from '../usage/window.js';
import type { ActivitySource } from '../activity/source.js';
import { chooseActivitySource } from './activity-source.js';
import { writeOutputDir } from './output-dir.js';
import { progressBar } from './progress.js';
import { readCodePackages } from './code-packages.js';
import { locateIac } from './iac-locations.js';
import { readGrantFiles } from './inventory.js';
import { liveGrants, liveLastAccessed, readLastAccessedFile } from './live.js';
import { selectFunctions, selectRoles, type Selection } from './select.js';

export interface AnalyzeOptions {
  logs: string[];
  /** The trail's bucket, `s3://bucket[/prefix/]`, instead of --logs. */
  s3?: string;
  /** CloudTrail LookupEvents (management events only) instead of --logs. */
  lookupEvents?: boolean;
  /** LookupEvents' and --live's regions; default: every region enabled in the account. */
  regions?: string[];
  /** A CloudTrail table in Athena, `DATABASE.TABLE`, queried with the aggregation pushed down. */
  athenaTable?: string;
  athenaWorkgroup?: string;
  /** `s3://bucket/prefix/` for Athena's results. */
  athenaOutput?: string;
  /** A CloudTrail Lake event data store (ID or ARN), queried with the aggregation pushed down. */
  lake?: string;
  /** Credentials and region for the AWS sources. */
  aws?: AwsSettings;
  /** Today (YYYY-MM-DD, UTC), where an open-ended window ends for the AWS sources; the CLI passes it. */
  today?: string;
  /** Where warnings go (LookupEvents' coverage); default stderr. */
  warn?: (message: string) => void;
  /** Read the grants from AWS (IAM, Lambda in `regions` or every enabled region) instead of iam/lambda. */
  live?: boolean;
  /**
   * IAM's last-accessed data: a file (`pare collect`'s last-accessed.json); `false` never; by default
   * read live with `--live`.
   */
  lastAccessed?: string | false;
  /** IAM Access Analyzer ValidatePolicy and CheckNoNewAccess on the generated policies. */
  validate?: boolean;
  iam: string[];
  lambda: string[];
  /** Bucket, queue and topic policies and bucket ACLs of event sources (posture checks). */
  resourcePolicies?: string[];
  /** Function packages to scan for private keys (posture checks). */
  code?: string[];
  /** The date runtimes are checked against (YYYY-MM-DD); default: the last day of the window. */
  asOf?: string;
  window: WindowSpec;
  selection: Selection;
  perFunction: boolean;
  skipBadFiles: boolean;
  out: string;
  stdin?: NodeJS.ReadableStream;
  /** The IaC tree: SARIF and the report point at the files and lines that define roles and functions. */
  iac?: string;
  /** An activity source built by the caller (tests, embedders) instead of one chosen from the flags. */
  source?: ActivitySource;
}

export interface AnalyzeRun {
  analysis: Analysis;
  badFiles: { file: string; problem: string }[];
  files: number;
}

/** `pare analyze`: activity and grants in, every output file written at once. */
export async function runAnalyze(options: AnalyzeOptions): Promise<AnalyzeRun> {
  const progress = progressBar('reading CloudTrail');
  const source =
    options.source ??
    (await chooseActivitySource({
      logs: options.logs,
      ...(options.s3 !== undefined ? { s3: options.s3 } : {}),
      ...(options.lookupEvents === true ? { lookupEvents: true } : {}),
      ...(options.athenaTable !== undefined ? { athenaTable: options.athenaTable } : {}),
      ...(options.athenaWorkgroup !== undefined ? { athenaWorkgroup: options.athenaWorkgroup } : {}),
      ...(options.athenaOutput !== undefined ? { athenaOutput: options.athenaOutput } : {}),
      ...(options.lake !== undefined ? { lake: options.lake } : {}),
      roles: options.selection.roles,
      ...(options.regions !== undefined && (options.lookupEvents === true || options.live !== true)
        ? { regions: options.regions }
        : {}),
      ...(options.aws !== undefined ? { aws: options.aws } : {}),
      window: options.window,
      today: options.today ?? new Date().toISOString().slice(0, 10),
      skipBadFiles: options.skipBadFiles,
      ...(options.stdin ? { stdin: options.stdin } : {}),
      onBytes: (done, total) => progress.update(done, total),
      warn: options.warn ?? ((message) => process.stderr.write(`pare: warning: ${message}\n`)),
    }));
  if (options.live === true && (options.iam.length > 0 || options.lambda.length > 0))
    throw new UsageError('--live reads the grants from AWS: leave out --iam and --lambda');
  if (options.iam.length === 0 && options.live !== true)
    throw new UsageError(
      'analyze needs the granted side: --iam FILE (aws iam get-account-authorization-details output)',
    );
  const [catalog, index, lambdaRules, posture] = await Promise.all([
    loadCatalog(),
    loadMappingIndex(),
    loadLambdaRules(),
    loadPostureData(),
  ]);
  const classify = secretClassifier(posture.secrets);
  let clients: AwsClients | undefined;
  const aws = (): AwsClients => (clients ??= awsClients(options.aws ?? {}));
  const grants =
    options.live === true
      ? await liveGrants(
          aws(),
          {
            ...(options.regions !== undefined ? { regions: options.regions } : {}),
            resourcePolicies: options.resourcePolicies ?? [],
          },
          classify,
        )
      : await readGrantFiles(
          { iam: options.iam, lambda: options.lambda, resourcePolicies: options.resourcePolicies ?? [] },
          classify,
        );
  const code = await readCodePackages(
    options.code ?? [],
    new Set(grants.functions.map((f) => f.name)),
    posture.secrets,
  );
  const functions = selectFunctions(grants.functions, options.selection);
  const selectedRoles = selectRoles(grants.roles, grants.functions, options.selection);
  const lastAccessed =
    typeof options.lastAccessed === 'string'
      ? await readLastAccessedFile(options.lastAccessed)
      : options.live === true && options.lastAccessed !== false
        ? await liveLastAccessed(
            aws(),
            selectedRoles.map((r) => r.arn),
          )
        : undefined;

  const aggregator = new UsageAggregator(
    {
      mapEvent: (event) => mapEvent(event, index),
      classifyError: (code) => classifyError(code, index),
      isDataEvent: (event) => isDataEvent(event, index),
    },
    { window: options.window },
  );
  try {
    // Athena and Lake group records in the engine: a group counts as its records, added at once.
    if (source.groups !== undefined) for await (const group of source.groups()) aggregator.addGroup(group);
    else for await (const event of source.events()) aggregator.add(event);
  } finally {
    progress.stop();
  }
  const usage = aggregator.finish();
  const stats = source.stats();

  const analysis = analyse(
    {
      usage,
      snapshotRoles: grants.roles,
      selectedRoles,
      functions,
      posture: {
        data: posture,
        inventory: grants.inventory,
        code,
        // The window's last day keeps a run on the same logs byte-identical; the CLI passes today.
        asOf: options.asOf ?? usage.window.until.slice(0, 10),
      },
      ...(lastAccessed !== undefined ? { lastAccessed } : {}),
    },
    {
      catalog,
      observability: (action) => observability(action, index),
      dataEventSources: new Set(usage.dataEventSources),
      servicePrefixOf: (eventSource) => servicePrefixOf(eventSource, index),
      lambdaRules,
    },
    { perFunction: options.perFunction },
  );
  if (options.validate === true) {
    const validation = await validateAnalysis(aws(), analysis);
    const warn = options.warn ?? ((message) => process.stderr.write(`pare: warning: ${message}\n`));
    for (const message of validation.warnings) warn(message);
    analysis.findings = sortFindings([...analysis.findings, ...validation.findings]);
  }
  const manifest = {
    tool: 'pare',
    command: 'analyze',
    window: usage.window,
    inputs: {
      logs: options.logs,
      ...(options.s3 !== undefined ? { s3: options.s3 } : {}),
      ...(options.lookupEvents === true ? { lookupEvents: { regions: options.regions ?? 'enabled' } } : {}),
      ...(options.athenaTable !== undefined ? { athena: { table: options.athenaTable } } : {}),
      ...(options.lake !== undefined ? { lake: { eventDataStore: options.lake } } : {}),
      ...(options.live === true ? { live: { regions: options.regions ?? 'enabled' } } : {}),
      iam: options.iam,
      lambda: options.lambda,
      ...(options.resourcePolicies?.length ? { resourcePolicies: options.resourcePolicies } : {}),
      ...(options.code?.length ? { code: options.code } : {}),
      ...(options.iac !== undefined ? { iac: options.iac } : {}),
      ...(lastAccessed !== undefined
        ? { lastAccessed: typeof options.lastAccessed === 'string' ? options.lastAccessed : 'live' }
        : {}),
      ...(options.validate === true ? { validate: 'access-analyzer' } : {}),
    },
    catalogVersion: catalog.version,
    // What a later `pare patch --from` needs to find each role's source and its generated policies.
    roles: analysis.roles.map((r) => ({
      name: r.role.name,
      arn: r.role.arn,
      tags: r.role.tags,
      functions: r.functions.map((f) => f.name),
      perFunction: r.perFunction.map((f) => f.function.name),
      policyDocuments: r.synth.documents.length,
    })),
    skippedFiles: stats.badFiles,
  };
  const iac = options.iac !== undefined ? await locateIac(options.iac, analysis) : undefined;
  await writeOutputDir(options.out, outputFiles(analysis, manifest, iac));
  return { analysis, badFiles: stats.badFiles, files: stats.files };
}
