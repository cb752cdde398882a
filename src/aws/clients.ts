import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { UsageError } from '../errors.js';

/** How pare reaches AWS: `--profile`, `--region`, `--assume-role`. Everything else is the SDK's default. */
export interface AwsSettings {
  profile?: string;
  region?: string;
  /** A role to assume (STS AssumeRole) with the base credentials, e.g. a read-only audit role. */
  assumeRole?: string;
  /** Attempts per request in the SDK's adaptive retry; default 3. */
  maxAttempts?: number;
}

/** The SDK clients pare uses, built once per region. */
export interface AwsClients {
  s3(): S3Client;
  cloudTrail(region: string): CloudTrailClient;
  /** IAM is global: one client, on `--region` or the SDK's default (the partition's endpoint). */
  iam(): IAMClient;
  lambda(region: string): LambdaClient;
  /** Athena (and the Glue catalog behind it) in `--region` or the SDK's default. */
  athena(): AthenaClient;
  /** IAM Access Analyzer (--validate), on `--region` or the SDK's default. */
  accessAnalyzer(): AccessAnalyzerClient;
  /** AWS Account Management (the account's enabled regions): global, like IAM. */
  account(): AccountClient;
  /** `--region`, else the SDK's (AWS_REGION, the profile's region); a `UsageError` when there is none. */
  defaultRegion(): Promise<string>;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/**
 * Clients on the SDK's default provider chain (env, SSO, profile, web identity, container, instance
 * metadata). The SDK itself honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (and the profile's
 * `endpoint_url`), so pare can be pointed at an emulator without a flag of its own. Credentials are
 * never logged: no logger is passed to the clients.
 */
export function awsClients(settings: AwsSettings = {}): AwsClients {
  if (settings.assumeRole !== undefined && !ROLE_ARN.test(settings.assumeRole))
    throw new UsageError(
      `--assume-role ${settings.assumeRole}: not a role ARN (arn:aws:iam::123456789012:role/Name)`,
    );
  const credentials = credentialsFor(settings);
  const common = {
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  } as const;
  let s3: S3Client | undefined;
  const trails = new Map<string, CloudTrailClient>();
  let iam: IAMClient | undefined;
  const lambdas = new Map<string, LambdaClient>();
  let athena: AthenaClient | undefined;
  let accessAnalyzer: AccessAnalyzerClient | undefined;
  let account: AccountClient | undefined;
  return {
    s3() {
      // A trail bucket often lives in another region than the profile's: follow S3's redirect.
      if (s3 !== undefined) return s3;
      const client: S3Client = new S3Client({
        ...common,
        ...(settings.region !== undefined ? { region: settings.region } : {}),
        followRegionRedirects: true,
        // Emulators (MinIO, LocalStack, a hostname in AWS_ENDPOINT_URL) serve path-style only:
        // `bucket.localhost` does not resolve. Asked per request, once the SDK has resolved a
        // configured endpoint (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url).
        // The endpoint parameter takes a provider (EndpointParameters); the input type says boolean.
        forcePathStyle: pathStyleOnCustomEndpoint(() => client) as unknown as boolean,
      });
      s3 = client;
      return s3;
    },
    cloudTrail(region) {
      let client = trails.get(region);
      if (client === undefined) {
        client = new CloudTrailClient({ ...common, region });
        trails.set(region, client);
      }
      return client;
    },
    iam() {
      iam ??= new IAMClient({
        ...common,
        ...(settings.region !== undefined ? { region: settings.region } : {}),
      });
      return iam;
    },
    lambda(region) {
      let client = lambdas.get(region);
      if (client === undefined) {
        client = new LambdaClient({ ...common, region });
        lambdas.set(region, client);
      }
      return client;
    },
    accessAnalyzer() {
      accessAnalyzer ??= new AccessAnalyzerClient({
        ...common,
        ...(settings.region !== undefined ? { region: settings.region } : {}),
      });
      return accessAnalyzer;
    },
    account() {
      account ??= new AccountClient({
        ...common,
        ...(settings.region !== undefined ? { region: settings.region } : {}),
      });
      return account;
    },
    athena() {
      athena ??= new AthenaClient({
        ...common,
        ...(settings.region !== undefined ? { region: settings.region } : {}),
      });
      return athena;
    },
    async defaultRegion() {
      if (settings.region !== undefined) return settings.region;
      const probe = new CloudTrailClient(common);
      try {
        return await probe.config.region();
      } catch {
        throw new UsageError(
          'no AWS region: pass --region or --regions, or set AWS_REGION or a region in the profile',
        );
      } finally {
        probe.destroy();
      }
    },
  };
}

/**
 * Path-style addressing exactly when the client's endpoint is configured rather than AWS's, by the
 * SDK's own lookup of AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL and the profile (`serviceConfiguredEndpoint`).
 */
function pathStyleOnCustomEndpoint(client: () => S3Client): () => Promise<boolean> {
  return async () => {
    const config = client().config;
    if (config.isCustomEndpoint) return true;
    if (config.ignoreConfiguredEndpointUrls) return false;
    return (await config.serviceConfiguredEndpoint?.()) !== undefined;
  };
}

/** undefined: let each client resolve the default chain itself (with `profile` in its config). */
function credentialsFor(settings: AwsSettings): ReturnType<typeof fromTemporaryCredentials> | undefined {
  if (settings.assumeRole === undefined) return undefined;
  const profile = settings.profile !== undefined ? { profile: settings.profile } : {};
  return fromTemporaryCredentials({
    params: { RoleArn: settings.assumeRole, RoleSessionName: 'pare', DurationSeconds: 3600 },
    masterCredentials: fromNodeProviderChain(profile),
    clientConfig: { ...profile, ...(settings.region !== undefined ? { region: settings.region } : {}) },
  });
}
