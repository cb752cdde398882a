import { Command, CommanderError } from 'commander';
import { PareError } from '../errors.js';
import { TOOL } from '../outputs/tool.js';
import { registerAnalyze } from './analyze.js';
import { registerAudit } from './audit.js';
import { registerCollect } from './collect.js';
import { registerMap } from './map.js';
import { registerPatch } from './patch.js';

/** Builds the program; `main` runs it. Exit codes: 0 ok, 1 --fail-on met, 2 bad input or usage. */
export function program(setExitCode: (code: number) => void): Command {
  const cli = new Command('pare')
    .description('Pare AWS IAM permissions down to what workloads actually use, from CloudTrail evidence.')
    .version(TOOL.version)
    .exitOverride()
    .showHelpAfterError(false);
  registerAnalyze(cli, setExitCode);
  registerAudit(cli, setExitCode);
  registerCollect(cli);
  registerMap(cli);
  registerPatch(cli);
  return cli;
}

/** The only place errors are caught: one line for the user, a stack only for internal errors. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  try {
    await program((code) => (exitCode = code)).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help/version text).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof PareError) {
      process.stderr.write(`pare: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `pare: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 70;
  }
}
