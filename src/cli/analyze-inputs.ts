/**
 * Analyze's activity, grant, window and selection flags, defined once: `pare analyze` takes them, and so
 * does `pare patch` when it runs the analysis itself instead of reading `--from`.
 */
import type { Command } from 'commander';
import type { AnalyzeOptions } from '../app/analyze.js';
import { UsageError } from '../errors.js';
import { todayUtc } from './audit.js';
import { parseWindow } from './window.js';

export interface AnalyzeInputFlags {
  logs?: string[];
  s3?: string;
  lookupEvents?: boolean;
  athenaTable?: string;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  lake?: string;
  regions?: string;
  profile?: string;
  region?: string;
  assumeRole?: string;
  live?: boolean;
  /** A file, `false` for --no-last-accessed, or undefined: live with --live. */
  lastAccessed?: string | false;
  validate?: boolean;
  iam?: string[];
  lambda?: string[];
  resourcePolicies?: string[];
  code?: string[];
  since?: string;
  until?: string;
  role?: string[];
  function?: string[];
  perFunction?: boolean;
  skipBadFiles?: boolean;
}

/** Each flag by its key and its command-line spelling. */
const INPUT_FLAGS: readonly [keyof AnalyzeInputFlags, string][] = [
  ['logs', '--logs'],
  ['s3', '--s3'],
  ['lookupEvents', '--lookup-events'],
  ['athenaTable', '--athena-table'],
  ['athenaWorkgroup', '--athena-workgroup'],
  ['athenaOutput', '--athena-output'],
  ['lake', '--lake'],
  ['regions', '--regions'],
  ['profile', '--profile'],
  ['region', '--region'],
  ['assumeRole', '--assume-role'],
  ['live', '--live'],
  ['lastAccessed', '--last-accessed'],
  ['validate', '--validate'],
  ['iam', '--iam'],
  ['lambda', '--lambda'],
  ['resourcePolicies', '--resource-policies'],
  ['code', '--code'],
  ['since', '--since'],
  ['until', '--until'],
  ['role', '--role'],
  ['function', '--function'],
  ['perFunction', '--per-function'],
  ['skipBadFiles', '--skip-bad-files'],
];

export function addAnalyzeInputOptions(command: Command): Command {
  return command
    .option('--logs <paths...>', "CloudTrail files or directories ('-' reads stdin)")
    .option(
      '--s3 <url>',
      "the trail's bucket: s3://bucket[/prefix/] (only the window's day prefixes are listed)",
    )
    .option('--lookup-events', 'CloudTrail LookupEvents (event history: management events only, 90 days)')
    .option(
      '--athena-table <db.table>',
      'a CloudTrail table in Athena: one query groups the window in Athena, only the groups come back',
    )
    .option('--athena-workgroup <name>', 'the Athena workgroup for --athena-table (default: primary)')
    .option(
      '--athena-output <url>',
      "s3://bucket/prefix/ for Athena's results (default: the workgroup's result location)",
    )
    .option(
      '--lake <event-data-store>',
      'a CloudTrail Lake event data store (ID or ARN): one query groups the window in Lake',
    )
    .option(
      '--regions <list>',
      'regions for --lookup-events and --live, comma-separated (default: every region enabled in the account)',
    )
    .option('--profile <name>', 'AWS profile (default: the SDK default chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--assume-role <arn>', 'assume this role (STS AssumeRole) before reading from AWS')
    .option(
      '--live',
      'read the grants from AWS (IAM, and Lambda in --regions or every enabled region) instead of --iam/--lambda',
    )
    .option(
      '--last-accessed <file>',
      "IAM's last-accessed data (pare collect's last-accessed.json): dates in findings, gaps kept",
    )
    .option('--no-last-accessed', "with --live, do not read IAM's last-accessed data")
    .option(
      '--validate',
      'check the generated policies with IAM Access Analyzer (ValidatePolicy, CheckNoNewAccess)',
    )
    .option('--iam <files...>', '`aws iam get-account-authorization-details` output')
    .option(
      '--lambda <files...>',
      '`aws lambda` list-functions, list-event-source-mappings, get-policy, list-function-url-configs output (files or directories)',
    )
    .option(
      '--resource-policies <files...>',
      'policies and ACLs of event sources, for the posture checks (see pare audit --help)',
    )
    .option('--code <paths...>', 'function packages to scan for private keys (see pare audit --help)')
    .option('--since <when>', 'window start: 90d, 12w, 2026-08-01 or an ISO time (default 90d)')
    .option(
      '--until <when>',
      'window end: now, 2026-11-01 or an ISO time (default: the last event in the data)',
    )
    .option('--role <names...>', 'analyse only these roles (name, ARN or glob)')
    .option('--function <names...>', 'analyse only these functions and their roles (name, ARN or glob)')
    .option('--per-function', 'also write one policy per function of a shared role')
    .option(
      '--skip-bad-files',
      'skip unreadable or malformed log files (counted and reported) instead of stopping',
    );
}

/** The analyze input flags given, by their command-line spelling. */
export function givenInputFlags(flags: AnalyzeInputFlags): string[] {
  return INPUT_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
}

/** Analyze's options from the flags. */
export function analyzeInputs(flags: AnalyzeInputFlags): Omit<AnalyzeOptions, 'out'> {
  return {
    logs: flags.logs ?? [],
    ...(flags.s3 !== undefined ? { s3: flags.s3 } : {}),
    ...(flags.lookupEvents === true ? { lookupEvents: true } : {}),
    ...(flags.athenaTable !== undefined ? { athenaTable: flags.athenaTable } : {}),
    ...(flags.athenaWorkgroup !== undefined ? { athenaWorkgroup: flags.athenaWorkgroup } : {}),
    ...(flags.athenaOutput !== undefined ? { athenaOutput: flags.athenaOutput } : {}),
    ...(flags.lake !== undefined ? { lake: flags.lake } : {}),
    ...(flags.regions !== undefined ? { regions: regionList(flags.regions) } : {}),
    aws: {
      ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
      ...(flags.region !== undefined ? { region: flags.region } : {}),
      ...(flags.assumeRole !== undefined ? { assumeRole: flags.assumeRole } : {}),
    },
    today: todayUtc(),
    ...(flags.live === true ? { live: true } : {}),
    ...(flags.lastAccessed !== undefined ? { lastAccessed: flags.lastAccessed } : {}),
    ...(flags.validate === true ? { validate: true } : {}),
    iam: flags.iam ?? [],
    lambda: flags.lambda ?? [],
    resourcePolicies: flags.resourcePolicies ?? [],
    code: flags.code ?? [],
    asOf: todayUtc(),
    window: parseWindow(flags.since, flags.until, () => new Date()),
    selection: { roles: flags.role ?? [], functions: flags.function ?? [] },
    perFunction: flags.perFunction ?? false,
    skipBadFiles: flags.skipBadFiles ?? false,
    stdin: process.stdin,
  };
}

export function regionList(value: string): string[] {
  const regions = [
    ...new Set(
      value
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== ''),
    ),
  ];
  for (const region of regions)
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      throw new UsageError(`--regions ${value}: ${region} is not a region (us-east-1,eu-west-1)`);
  if (regions.length === 0) throw new UsageError('--regions needs at least one region');
  return regions;
}
