import type { Command } from 'commander';
import { formatOption } from './options.js';
import { runMap } from '../app/map.js';
import { renderMapSummary } from '../outputs/map-lines.js';
import { renderJson } from '../outputs/policy-json.js';

interface MapFlags {
  logs?: string[];
  summary?: boolean;
  format: 'text' | 'json';
  skipBadFiles?: boolean;
}

export function registerMap(program: Command): void {
  program
    .command('map')
    .description(
      'print, per CloudTrail record, the IAM actions and resource ARNs it needed, and why (JSON Lines)',
    )
    .option('--logs <paths...>', "CloudTrail files or directories ('-' reads stdin)")
    .option('--summary', 'print counts per status and the unknown (eventSource, eventName) pairs instead')
    .addOption(formatOption('the --summary format'))
    .option('--skip-bad-files', 'skip unreadable or malformed log files instead of stopping')
    .action(async (flags: MapFlags) => {
      const run = await runMap({
        logs: flags.logs ?? [],
        skipBadFiles: flags.skipBadFiles ?? false,
        stdin: process.stdin,
        ...(flags.summary ? {} : { onLine: (line: string) => process.stdout.write(`${line}\n`) }),
      });
      for (const bad of run.badFiles) process.stderr.write(`pare: skipped ${bad.file}: ${bad.problem}\n`);
      if (flags.summary) {
        process.stdout.write(
          flags.format === 'json' ? renderJson(run.summary) : renderMapSummary(run.summary),
        );
      }
    });
}
