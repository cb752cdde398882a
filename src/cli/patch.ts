import type { Command } from 'commander';
import { runPatch } from '../app/patch.js';
import { UsageError } from '../errors.js';
import { renderJson } from '../outputs/policy-json.js';
import { formatOption } from './options.js';

interface PatchFlags {
  iac?: string;
  from?: string;
  out?: string;
  apply?: boolean;
  map?: string[];
  format: 'text' | 'json';
}

export function registerPatch(program: Command): void {
  program
    .command('patch')
    .description(
      'write git-apply-able patches to the IaC that defines the analysed roles (CloudFormation/SAM, Serverless Framework)',
    )
    .option('--iac <dir>', 'the infrastructure code: templates and serverless.yml files under it')
    .option(
      '--from <dir>',
      'the --out directory of an earlier `pare analyze` (analyze inputs directly: a later step)',
    )
    .option('--out <dir>', 'where the .patch files go (one per changed file)')
    .option('--apply', 'also write the patched files in place')
    .option(
      '--map <mappings...>',
      'RoleName=path#LogicalId: where a role is defined, when the naming rules cannot tell',
    )
    .addOption(formatOption())
    .action(async (flags: PatchFlags) => {
      if (!flags.iac || !flags.from || !flags.out)
        throw new UsageError('patch needs --iac DIR --from OUT_DIR --out PATCH_DIR');
      const run = await runPatch({
        iac: flags.iac,
        from: flags.from,
        out: flags.out,
        apply: flags.apply ?? false,
        map: flags.map ?? [],
      });
      if (flags.format === 'json') {
        process.stdout.write(
          renderJson({
            patches: run.written,
            resolved: run.plan.resolutions,
            unresolved: run.plan.unresolved,
          }),
        );
      } else {
        for (const r of run.plan.resolutions)
          process.stdout.write(`${r.role}: ${r.path}#${r.logicalId} (${r.by})\n`);
        process.stdout.write(
          `${run.written.length} patch(es) in ${flags.out}${flags.apply ? ', applied' : ''}\n`,
        );
      }
      for (const role of run.plan.unresolved) process.stderr.write(`pare: no IaC found for role ${role}\n`);
    });
}
