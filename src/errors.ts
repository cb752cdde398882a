/**
 * Typed errors with stable codes. Only src/cli/main.ts catches them: it prints one line and exits 2 for
 * these, and a stack for anything else (an internal error).
 */
export class PareError extends Error {
  override readonly name: string = 'PareError';
}

/** The command line itself is wrong: a missing flag, a bad value. */
export class UsageError extends PareError {
  override readonly name = 'UsageError';
}

/** An input file (or stdin) is unreadable or malformed. `pointer` says where inside it, when known. */
export class InputError extends PareError {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly pointer?: string,
  ) {
    super(`${file}: ${pointer ? `${pointer}: ` : ''}${problem}`);
  }
}
