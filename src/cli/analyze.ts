import type { Command } from 'commander';
import { failOnOption, formatOption } from './options.js';
import { runAnalyze } from '../app/analyze.js';
import { atLeast } from '../diff/findings.js';
import { UsageError } from '../errors.js';
import type { Severity } from '../model/finding.js';
import { renderJson } from '../outputs/policy-json.js';
import { renderSummary } from '../outputs/text.js';
import { todayUtc } from './audit.js';
import { parseWindow } from './window.js';

interface AnalyzeFlags {
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
  iac?: string;
  since?: string;
  until?: string;
  role?: string[];
  function?: string[];
  perFunction?: boolean;
  format: 'text' | 'json';
  failOn?: Severity;
  out?: string;
  skipBadFiles?: boolean;
}

export function registerAnalyze(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('analyze')
    .description('mine CloudTrail, diff against the grants, and write tightened policies, findings and diffs')
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
      'regions for --lookup-events and --live, comma-separated (default: the configured region)',
    )
    .option('--profile <name>', 'AWS profile (default: the SDK default chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--assume-role <arn>', 'assume this role (STS AssumeRole) before reading from AWS')
    .option(
      '--live',
      'read the grants from AWS (IAM, and Lambda in --regions or --region) instead of --iam/--lambda',
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
    .option(
      '--iac <dir>',
      'the IaC that defines the roles (as for pare patch): findings point at its files and lines',
    )
    .option('--since <when>', 'window start: 90d, 12w, 2026-08-01 or an ISO time (default 90d)')
    .option(
      '--until <when>',
      'window end: now, 2026-11-01 or an ISO time (default: the last event in the data)',
    )
    .option('--role <names...>', 'analyse only these roles (name, ARN or glob)')
    .option('--function <names...>', 'analyse only these functions and their roles (name, ARN or glob)')
    .option('--per-function', 'also write one policy per function of a shared role')
    .addOption(formatOption())
    .addOption(failOnOption())
    .option(
      '--skip-bad-files',
      'skip unreadable or malformed log files (counted and reported) instead of stopping',
    )
    .option('--out <dir>', 'output directory')
    .action(async (flags: AnalyzeFlags) => {
      if (!flags.out) throw new UsageError('analyze needs --out DIR');
      const run = await runAnalyze({
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
        ...(flags.iac !== undefined ? { iac: flags.iac } : {}),
        asOf: todayUtc(),
        window: parseWindow(flags.since, flags.until, () => new Date()),
        selection: { roles: flags.role ?? [], functions: flags.function ?? [] },
        perFunction: flags.perFunction ?? false,
        skipBadFiles: flags.skipBadFiles ?? false,
        out: flags.out,
        stdin: process.stdin,
      });
      for (const bad of run.badFiles) process.stderr.write(`pare: skipped ${bad.file}: ${bad.problem}\n`);
      if (flags.format === 'json') {
        process.stdout.write(
          renderJson({
            window: run.analysis.usage.window,
            counts: run.analysis.usage.counts,
            findings: run.analysis.findings,
            skippedFiles: run.badFiles,
          }),
        );
      } else {
        process.stdout.write(renderSummary(run.analysis, flags.out));
        if (run.badFiles.length > 0)
          process.stdout.write(`Skipped ${run.badFiles.length} bad file(s): see stderr.\n`);
      }
      const threshold = flags.failOn;
      if (threshold && run.analysis.findings.some((f) => atLeast(f.severity, threshold))) setExitCode(1);
    });
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
