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

/** Everything granted in the account(s) a run looks at. */
export interface Grants {
  roles: RoleGrants[];
  functions: LambdaFunction[];
}
