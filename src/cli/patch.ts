import type { Command } from 'commander';
import type { AnalyzeOptions } from '../app/analyze.js';
import { runPatch } from '../app/patch.js';
import { UsageError } from '../errors.js';
import { renderJson } from '../outputs/policy-json.js';
import { regionList } from './analyze.js';
import { todayUtc } from './audit.js';
import { formatOption } from './options.js';
import { parseWindow } from './window.js';

/** Analyze's activity, grant and selection flags, as `pare patch` takes them instead of --from. */
export interface AnalyzeInputFlags {
  logs?: string[];
  s3?: string;
  lookupEvents?: boolean;
  regions?: string;
  profile?: string;
  region?: string;
  assumeRole?: string;
  live?: boolean;
  iam?: string[];
  lambda?: string[];
  resourcePolicies?: string[];
  since?: string;
  until?: string;
  role?: string[];
  function?: string[];
  perFunction?: boolean;
  skipBadFiles?: boolean;
}

interface PatchFlags extends AnalyzeInputFlags {
  iac?: string;
  from?: string;
  analyzeOut?: string;
  out?: string;
  apply?: boolean;
  map?: string[];
  format: 'text' | 'json';
}

/** The flags, spelled as `pare analyze` spells them, that make patch run the analysis itself. */
const INPUT_FLAGS: readonly [keyof AnalyzeInputFlags, string][] = [
  ['logs', '--logs'],
  ['s3', '--s3'],
  ['lookupEvents', '--lookup-events'],
  ['regions', '--regions'],
  ['profile', '--profile'],
  ['region', '--region'],
  ['assumeRole', '--assume-role'],
  ['live', '--live'],
  ['iam', '--iam'],
  ['lambda', '--lambda'],
  ['resourcePolicies', '--resource-policies'],
  ['since', '--since'],
  ['until', '--until'],
  ['role', '--role'],
  ['function', '--function'],
  ['perFunction', '--per-function'],
  ['skipBadFiles', '--skip-bad-files'],
];

/** Adds analyze's activity, grant and selection options (the same names and meanings) to a command. */
export function addAnalyzeInputOptions(command: Command): Command {
  return command
    .option('--logs <paths...>', "CloudTrail files or directories ('-' reads stdin)")
    .option('--s3 <url>', "the trail's bucket: s3://bucket[/prefix/]")
    .option('--lookup-events', 'CloudTrail LookupEvents (management events only, 90 days)')
    .option('--regions <list>', 'regions for --lookup-events and --live, comma-separated')
    .option('--profile <name>', 'AWS profile (default: the SDK default chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--assume-role <arn>', 'assume this role (STS AssumeRole) before reading from AWS')
    .option('--live', 'read the grants from AWS instead of --iam/--lambda')
    .option('--iam <files...>', '`aws iam get-account-authorization-details` output')
    .option('--lambda <files...>', '`aws lambda` inventory files or directories (see pare analyze --help)')
    .option('--resource-policies <files...>', 'bucket, queue and topic policies (public bucket policies)')
    .option('--since <when>', 'window start: 90d, 12w, 2026-08-01 or an ISO time (default 90d)')
    .option('--until <when>', 'window end: now, 2026-11-01 or an ISO time (default: the last event)')
    .option('--role <names...>', 'analyse only these roles (name, ARN or glob)')
    .option('--function <names...>', 'analyse only these functions and their roles (name, ARN or glob)')
    .option('--per-function', 'one policy per function of a shared role (Serverless: a role per function)')
    .option('--skip-bad-files', 'skip unreadable or malformed log files instead of stopping');
}

/** The given analyze input flags, by their command-line spelling. */
export function givenInputFlags(flags: AnalyzeInputFlags): string[] {
  return INPUT_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
}

/** Analyze's options from those flags, as `pare analyze` builds them. */
export function analyzeInputs(flags: AnalyzeInputFlags): Omit<AnalyzeOptions, 'out'> {
  return {
    logs: flags.logs ?? [],
    ...(flags.s3 !== undefined ? { s3: flags.s3 } : {}),
    ...(flags.lookupEvents === true ? { lookupEvents: true } : {}),
    ...(flags.regions !== undefined ? { regions: regionList(flags.regions) } : {}),
    aws: {
      ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
      ...(flags.region !== undefined ? { region: flags.region } : {}),
      ...(flags.assumeRole !== undefined ? { assumeRole: flags.assumeRole } : {}),
    },
    today: todayUtc(),
    ...(flags.live === true ? { live: true } : {}),
    iam: flags.iam ?? [],
    lambda: flags.lambda ?? [],
    resourcePolicies: flags.resourcePolicies ?? [],
    asOf: todayUtc(),
    window: parseWindow(flags.since, flags.until, () => new Date()),
    selection: { roles: flags.role ?? [], functions: flags.function ?? [] },
    perFunction: flags.perFunction ?? false,
    skipBadFiles: flags.skipBadFiles ?? false,
    stdin: process.stdin,
  };
}

/** --from, or analyze's inputs: exactly one. */
function analysisSource(flags: PatchFlags): { from: string } | { analyze: Omit<AnalyzeOptions, 'out'> } {
  const given = givenInputFlags(flags);
  if (flags.from !== undefined && given.length > 0)
    throw new UsageError(
      `--from reads an earlier analysis: leave out ${given.join(', ')}, or drop --from to analyse now`,
    );
  if (flags.from !== undefined && flags.analyzeOut !== undefined)
    throw new UsageError('--analyze-out keeps an analysis patch runs itself: it does not go with --from');
  if (flags.from !== undefined) return { from: flags.from };
  if (given.length === 0)
    throw new UsageError(
      'patch needs --from OUT_DIR (an earlier pare analyze) or analyze inputs (--logs … --iam …)',
    );
  return { analyze: analyzeInputs(flags) };
}

export function registerPatch(program: Command): void {
  const command = program
    .command('patch')
    .description(
      'write git-apply-able patches to the IaC that defines the analysed roles (CloudFormation/SAM, Serverless Framework; CDK: suggestions from cdk.out)',
    )
    .option(
      '--iac <dir>',
      'the infrastructure code: templates, serverless.yml files and CDK apps (cdk.out) under it',
    )
    .option(
      '--from <dir>',
      'the --out directory of an earlier `pare analyze` (or give analyze its inputs: --logs … --iam …)',
    )
    .option('--analyze-out <dir>', 'with analyze inputs: keep the analysis in this directory')
    .option('--out <dir>', 'where the .patch files go (one per changed file)')
    .option('--apply', 'also write the patched files in place')
    .option(
      '--map <mappings...>',
      'RoleName=path#LogicalId: where a role is defined, when the naming rules cannot tell',
    )
    .addOption(formatOption());
  addAnalyzeInputOptions(command).action(async (flags: PatchFlags) => {
    if (!flags.iac || !flags.out)
      throw new UsageError('patch needs --iac DIR --out PATCH_DIR, and --from OUT_DIR or analyze inputs');
    const run = await runPatch({
      iac: flags.iac,
      ...analysisSource(flags),
      ...(flags.analyzeOut !== undefined ? { analyzeOut: flags.analyzeOut } : {}),
      out: flags.out,
      apply: flags.apply ?? false,
      map: flags.map ?? [],
    });
    if (flags.format === 'json') {
      process.stdout.write(
        renderJson({
          patches: run.written.filter((f) => !run.suggestions.includes(f)),
          suggestions: run.suggestions,
          resolved: run.plan.resolutions,
          unresolved: run.plan.unresolved,
          notes: run.plan.notes,
        }),
      );
    } else {
      for (const r of run.plan.resolutions)
        process.stdout.write(`${r.role}: ${r.path}#${r.logicalId} (${r.by})\n`);
      process.stdout.write(
        `${run.written.length - run.suggestions.length} patch(es) in ${flags.out}${flags.apply ? ', applied' : ''}\n`,
      );
      // CDK source is code: these are TypeScript to review and paste, never applied.
      for (const file of run.suggestions)
        process.stdout.write(`CDK suggestion (review, not a patch): ${file}\n`);
    }
    for (const role of run.plan.unresolved) process.stderr.write(`pare: no IaC found for role ${role}\n`);
    for (const note of run.plan.notes) process.stderr.write(`pare: left alone: ${note}\n`);
  });
}
