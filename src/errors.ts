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

/**
 * AWS refused a call pare makes (AccessDenied and kin). Names the operation and the IAM action (with its
 * resource) that the caller's credentials lack, so the user can grant exactly that.
 */
export class AwsAccessError extends PareError {
  override readonly name = 'AwsAccessError';
  constructor(
    /** Service and API operation, e.g. `s3 ListObjectsV2`. */
    readonly operation: string,
    /** What to grant, e.g. `s3:ListBucket on arn:aws:s3:::trail-bucket`. */
    readonly requiredAction: string,
  ) {
    super(`${operation} was refused: pare needs ${requiredAction}`);
  }
}
