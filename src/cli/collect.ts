import type { Command } from 'commander';
import { runCollect } from '../app/collect.js';
import { UsageError } from '../errors.js';
import { regionList } from './analyze-inputs.js';

interface CollectFlags {
  out?: string;
  profile?: string;
  region?: string;
  regions?: string;
  assumeRole?: string;
  lastAccessed: boolean;
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description(
      'read the grants from AWS (IAM snapshot, Lambda inventory, IAM last-accessed data) into files analyze and audit read offline',
    )
    .option('--out <dir>', 'output directory')
    .option('--profile <name>', 'AWS profile (default: the SDK default chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option(
      '--regions <list>',
      "Lambda's regions, comma-separated (default: every region enabled in the account)",
    )
    .option('--assume-role <arn>', 'assume this role (STS AssumeRole) before reading from AWS')
    .option('--no-last-accessed', "skip IAM's last-accessed report per role (last-accessed.json)")
    .action(async (flags: CollectFlags) => {
      if (!flags.out) throw new UsageError('collect needs --out DIR');
      const run = await runCollect({
        out: flags.out,
        aws: {
          ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
          ...(flags.region !== undefined ? { region: flags.region } : {}),
          ...(flags.assumeRole !== undefined ? { assumeRole: flags.assumeRole } : {}),
        },
        ...(flags.regions !== undefined ? { regions: regionList(flags.regions) } : {}),
        lastAccessed: flags.lastAccessed,
      });
      process.stdout.write(
        `Wrote ${run.files.length} files to ${flags.out} (Lambda in ${run.regions.join(', ')}).\n` +
          `Read them offline: pare analyze --iam ${flags.out}/iam.json --lambda ${flags.out}/lambda${flags.lastAccessed ? ` --last-accessed ${flags.out}/last-accessed.json` : ''} ...\n`,
      );
    });
}
