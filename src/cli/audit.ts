import type { Command } from 'commander';
import { failOnOption, formatOption } from './options.js';
import { runAudit } from '../app/audit.js';
import { regionList } from './analyze-inputs.js';
import { atLeast } from '../diff/findings.js';
import type { Severity } from '../model/finding.js';
import { renderAudit } from '../outputs/audit-text.js';
import { renderJson } from '../outputs/policy-json.js';

interface AuditFlags {
  iam?: string[];
  lambda?: string[];
  resourcePolicies?: string[];
  code?: string[];
  role?: string[];
  function?: string[];
  format: 'text' | 'json';
  failOn?: Severity;
  out?: string;
  live?: boolean;
  regions?: string;
  profile?: string;
  region?: string;
  assumeRole?: string;
}

/** Today's date in UTC: the CLI owns the clock, the checks get a date. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function registerAudit(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('audit')
    .description('Lambda posture checks alone: what the grants, the inventory and the packages allow')
    .option('--iam <files...>', '`aws iam get-account-authorization-details` output')
    .option(
      '--lambda <files...>',
      '`aws lambda` list-functions, list-event-source-mappings, get-policy, list-function-url-configs output (files or directories)',
    )
    .option(
      '--resource-policies <files...>',
      'policies of event sources: `aws s3api get-bucket-policy` / `get-bucket-acl`, `aws sqs get-queue-attributes`, `aws sns get-topic-attributes` (files or directories)',
    )
    .option(
      '--code <paths...>',
      'function packages: <FunctionName>.zip, an unpacked <FunctionName>/, or a directory of them',
    )
    .option(
      '--live',
      'read the grants from AWS (IAM, and Lambda in --regions or every enabled region) instead of --iam/--lambda',
    )
    .option(
      '--regions <list>',
      "with --live, Lambda's regions, comma-separated (default: every region enabled in the account)",
    )
    .option('--profile <name>', 'AWS profile (default: the SDK default chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--assume-role <arn>', 'assume this role (STS AssumeRole) before reading from AWS')
    .option('--role <names...>', 'check only these roles and their functions (name, ARN or glob)')
    .option('--function <names...>', 'check only these functions (name, ARN or glob) and their roles')
    .addOption(formatOption())
    .addOption(failOnOption())
    .option('--out <dir>', 'also write findings.json (and pare.json) into this directory')
    .action(async (flags: AuditFlags) => {
      const asOf = todayUtc();
      const run = await runAudit({
        iam: flags.iam ?? [],
        lambda: flags.lambda ?? [],
        resourcePolicies: flags.resourcePolicies ?? [],
        code: flags.code ?? [],
        selection: { roles: flags.role ?? [], functions: flags.function ?? [] },
        asOf,
        ...(flags.out ? { out: flags.out } : {}),
        ...(flags.live === true ? { live: true } : {}),
        ...(flags.regions !== undefined ? { regions: regionList(flags.regions) } : {}),
        aws: {
          ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
          ...(flags.region !== undefined ? { region: flags.region } : {}),
          ...(flags.assumeRole !== undefined ? { assumeRole: flags.assumeRole } : {}),
        },
      });
      process.stdout.write(
        flags.format === 'json'
          ? renderJson(run.findings)
          : renderAudit(run.findings, {
              roles: run.roles.length,
              functions: run.functions.length,
              packages: run.code.length,
              asOf,
            }),
      );
      const threshold = flags.failOn;
      if (threshold && run.findings.some((f) => atLeast(f.severity, threshold))) setExitCode(1);
    });
}
