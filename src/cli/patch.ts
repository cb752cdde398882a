import type { Command } from 'commander';
import type { AnalyzeOptions } from '../app/analyze.js';
import { runPatch } from '../app/patch.js';
import { UsageError } from '../errors.js';
import { renderJson } from '../outputs/policy-json.js';
import {
  addAnalyzeInputOptions,
  analyzeInputs,
  givenInputFlags,
  type AnalyzeInputFlags,
} from './analyze-inputs.js';
import { formatOption } from './options.js';

interface PatchFlags extends AnalyzeInputFlags {
  iac?: string;
  from?: string;
  analyzeOut?: string;
  out?: string;
  apply?: boolean;
  map?: string[];
  format: 'text' | 'json';
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
      'write git-apply-able patches to the IaC that defines the analysed roles (CloudFormation/SAM, Serverless Framework, Terraform; CDK: code suggestions from cdk.out)',
    )
    .option(
      '--iac <dir>',
      'the infrastructure code: templates, serverless.yml files, Terraform modules and CDK apps (cdk.out) under it',
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
