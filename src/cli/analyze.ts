import type { Command } from 'commander';
import { failOnOption, formatOption } from './options.js';
import { runAnalyze } from '../app/analyze.js';
import { atLeast } from '../diff/findings.js';
import { UsageError } from '../errors.js';
import type { Severity } from '../model/finding.js';
import { renderJson } from '../outputs/policy-json.js';
import { renderSummary } from '../outputs/text.js';
import { addAnalyzeInputOptions, analyzeInputs, type AnalyzeInputFlags } from './analyze-inputs.js';

interface AnalyzeFlags extends AnalyzeInputFlags {
  iac?: string;
  format: 'text' | 'json';
  failOn?: Severity;
  out?: string;
}

export function registerAnalyze(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('analyze')
    .description(
      'mine CloudTrail, diff against the grants, and write tightened policies, findings and diffs',
    );
  addAnalyzeInputOptions(command)
    .option(
      '--iac <dir>',
      'the IaC that defines the roles (as for pare patch): findings point at its files and lines',
    )
    .addOption(formatOption())
    .addOption(failOnOption())
    .option('--out <dir>', 'output directory')
    .action(async (flags: AnalyzeFlags) => {
      if (!flags.out) throw new UsageError('analyze needs --out DIR');
      const run = await runAnalyze({
        ...analyzeInputs(flags),
        ...(flags.iac !== undefined ? { iac: flags.iac } : {}),
        out: flags.out,
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
