import type { AttachedPolicy, PolicyDocument } from './policy.js';

/** What one IAM role is granted: its identity policies, its permissions boundary, and who may assume it. */
export interface RoleGrants {
  arn: string;
  name: string;
  path: string;
  accountId: string;
  /** Inline and attached managed policies (the default version), in the order IAM lists them. */
  policies: AttachedPolicy[];
  permissionsBoundary?: AttachedPolicy;
  assumeRolePolicy?: PolicyDocument;
  /** IAM's RoleLastUsed, when the snapshot has it. */
  lastUsed?: { date: string; region?: string };
  tags: Record<string, string>;
}

/** A Lambda function as `aws lambda list-functions` describes it, reduced to what pare reasons about. */
export interface LambdaFunction {
  name: string;
  arn: string;
  /** Execution role ARN. */
  role: string;
  region: string;
  accountId: string;
  runtime?: string;
  packageType?: string;
  /** Names only: values are never kept, printed or stored. */
  environmentVariableNames: string[];
  /**
   * Variables whose name or value looks like a secret, classified while the inventory was parsed (the
   * value is read once and dropped). Absent when the reader was given no classifier.
   */
  environmentSecrets?: EnvironmentSecret[];
  /** DeadLetterConfig.TargetArn: Lambda sends failed async events there with the execution role. */
  deadLetterTarget?: string;
  /** KMSKeyArn: Lambda decrypts environment variables with it using the execution role. */
  kmsKeyArn?: string;
  /** VpcConfig with subnets: Lambda manages ENIs with the execution role. */
  vpc: boolean;
  /** TracingConfig.Mode Active: the function sends X-Ray segments. */
  tracing: boolean;
  /** LoggingConfig.LogGroup, else `/aws/lambda/<name>`. */
  logGroup: string;
  layers: string[];
  tags: Record<string, string>;
}

/** A secret-looking environment variable: its name and the kind of secret, never the value. */
export interface EnvironmentSecret {
  name: string;
  /** A kind from mappings/posture/environment-secrets.json, e.g. `password`, `aws-access-key-id`. */
  kind: string;
  /** Whether the name or the shape of the value gave it away. */
  by: 'name' | 'value';
}

/**
 * Says whether an environment variable holds a secret, from its name and (while parsing only) its value.
 * src/checks/secrets.ts builds one from mappings/posture/environment-secrets.json.
 */
export type SecretClassifier = (
  name: string,
  value: string | undefined,
) => Omit<EnvironmentSecret, 'name'> | undefined;

/** Everything granted in the account(s) a run looks at. */
export interface Grants {
  roles: RoleGrants[];
  functions: LambdaFunction[];
}
