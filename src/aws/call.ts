import { AwsAccessError, UsageError } from '../errors.js';

/** What a call is, for the user: the operation, and the IAM action pare needs for it. */
export interface AwsCall {
  /** Service and API operation, e.g. `s3 ListObjectsV2`. */
  operation: string;
  /** e.g. `s3:ListBucket on arn:aws:s3:::trail-bucket`. */
  requiredAction: string;
}

/**
 * Retries on throttling around one SDK call. The SDK's own adaptive retry (src/aws/clients.ts) comes
 * first, within one `send`; this outer layer waits longer, for APIs with low rate limits (LookupEvents'
 * 2 requests per second) and for bursts of S3 SlowDown across many concurrent readers.
 */
export interface RetryPolicy {
  /** Calls in all, the first included. */
  attempts: number;
  /** The first wait; each next one doubles. */
  baseDelayMs: number;
  sleep(ms: number): Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, sleep };

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
]);

interface SdkError {
  name?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function isAccessDenied(error: unknown): boolean {
  const e = error as SdkError;
  return (
    typeof e === 'object' &&
    e !== null &&
    ((typeof e.name === 'string' && ACCESS_DENIED.has(e.name)) || e.$metadata?.httpStatusCode === 403)
  );
}

/** Throttling, or a server-side fault (500, 503) that a later attempt may not meet. */
export function isRetryable(error: unknown): boolean {
  const e = error as SdkError;
  if (typeof e !== 'object' || e === null) return false;
  if (typeof e.name === 'string' && THROTTLING.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status === 429 || e.$fault === 'server';
}

/**
 * Runs `send` with retries on throttling; an access denial becomes an `AwsAccessError` naming the
 * operation and the action, and missing credentials or region a `UsageError`. Error messages from AWS
 * are not echoed: some quote the caller's identity, never a secret, but the action is what to act on.
 */
export async function callAws<T>(
  send: () => Promise<T>,
  call: AwsCall,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (isAccessDenied(error)) throw new AwsAccessError(call.operation, call.requiredAction);
      const usage = setupProblem(error);
      if (usage !== undefined) throw new UsageError(`${call.operation}: ${usage}`);
      if (attempt >= retry.attempts || !isRetryable(error)) throw error;
      await retry.sleep(retry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** Network failures the SDK's own retry did not get past: a wrong endpoint, no network. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
]);

/** Missing credentials or region, or no way to reach AWS: the user's setup, not a bug. */
function setupProblem(error: unknown): string | undefined {
  const e = error as { name?: unknown; message?: unknown; code?: unknown };
  if (typeof e !== 'object' || e === null) return undefined;
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code))
    return `cannot reach the endpoint (${e.code}); check the region, AWS_ENDPOINT_URL and the network`;
  if (e.name === 'CredentialsProviderError')
    return 'no AWS credentials found (set AWS_PROFILE or pass --profile, or configure the default chain)';
  if (typeof e.message === 'string' && e.message === 'Region is missing')
    return 'no AWS region (pass --region, or set AWS_REGION or a region in the profile)';
  return undefined;
}
