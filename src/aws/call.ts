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
      // Before the access check: rejected credentials come back as 403 too.
      const known = knownProblem(error, call);
      if (known !== undefined) throw new UsageError(`${call.operation}: ${known}`);
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

/** Credentials AWS refused: expired, revoked, mistyped or for another partition. */
const CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'CloudTrailInvalidClientTokenIdException',
  'SignatureDoesNotMatch',
]);

/** S3 answers these when the request went to another region than the bucket's. */
const WRONG_REGION = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed']);

/** Query and lookup errors whose AWS message names what is wrong (a table, a workgroup, a column). */
const QUERY = new Set([
  'InvalidRequestException',
  'MetadataException',
  'EntityNotFoundException',
  'InvalidQueryStatementException',
]);

const LAKE: Record<string, string> = {
  EventDataStoreNotFoundException:
    'no such event data store in this region (check --lake, the ARN or ID, and --region)',
  EventDataStoreARNInvalidException: 'not an event data store ARN or ID (check --lake)',
  InactiveEventDataStoreException: 'the event data store is not enabled (start ingestion, or pick another)',
  QueryIdNotFoundException: 'CloudTrail Lake no longer knows the query (it expired); run pare again',
};

/**
 * Errors whose cause is the user's input or setup, each said in one line. Credential errors never
 * echo AWS's message: S3's quotes the access key ID.
 */
function knownProblem(error: unknown, call: AwsCall): string | undefined {
  const e = error as { name?: unknown; message?: unknown; BucketName?: unknown };
  if (typeof e !== 'object' || e === null || typeof e.name !== 'string') return undefined;
  const name = e.name;
  if (CREDENTIALS.has(name))
    return `AWS rejected the credentials (${name}): they are expired, revoked or for another account or partition; refresh them (aws sso login, a new session) or check --profile and AWS_PROFILE`;
  const bucket = typeof e.BucketName === 'string' ? e.BucketName : bucketOf(call);
  if (name === 'NoSuchBucket')
    return `the bucket ${bucket ?? '(unnamed)'} does not exist (NoSuchBucket); check the --s3 URL`;
  if (WRONG_REGION.has(name))
    return `the bucket${bucket ? ` ${bucket}` : ''} is in another region (${name}); pass the bucket's region with --region`;
  const arn = arnOf(call);
  if (name === 'NoSuchEntity')
    return `IAM has no such entity (NoSuchEntity)${arn ? `: ${arn}` : ''}; the role or policy was deleted or renamed`;
  // What emulators (and S3, for a feature it lacks) answer, with HTTP 501: the endpoint's gap, not a bug.
  if (name === 'NotImplemented')
    return 'the endpoint does not implement this operation (NotImplemented); with AWS_ENDPOINT_URL, the emulator lacks it';
  const lake = LAKE[name];
  if (lake !== undefined) return `${lake} (${name})`;
  if (QUERY.has(name)) {
    const detail = typeof e.message === 'string' && e.message !== name ? `: ${oneLine(e.message)}` : '';
    return `${name}${detail} (check the table, database, workgroup or event data store named)`;
  }
  return undefined;
}

/** The bucket of an `s3:… on arn:aws:s3:::bucket[/key]` action. */
function bucketOf(call: AwsCall): string | undefined {
  return /arn:aws[a-z-]*:s3:::([^/\s]+)/.exec(call.requiredAction)?.[1];
}

function arnOf(call: AwsCall): string | undefined {
  return / on (arn:\S+)/.exec(call.requiredAction)?.[1];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
