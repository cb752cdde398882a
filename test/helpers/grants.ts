import type { LambdaFunction, RoleGrants } from '../../src/model/grants.js';
import type { Statement } from '../../src/model/policy.js';

export function role(
  statements: Statement[],
  options: { name?: string; boundary?: Statement[] } = {},
): RoleGrants {
  const name = options.name ?? 'app-role';
  const grants: RoleGrants = {
    arn: `arn:aws:iam::123456789012:role/${name}`,
    name,
    path: '/',
    accountId: '123456789012',
    policies: [
      { kind: 'inline', name: 'policy', document: { Version: '2012-10-17', Statement: statements } },
    ],
    tags: {},
  };
  if (options.boundary) {
    grants.permissionsBoundary = {
      kind: 'managed',
      name: 'boundary',
      arn: 'arn:aws:iam::123456789012:policy/boundary',
      document: { Version: '2012-10-17', Statement: options.boundary },
    };
  }
  return grants;
}

export function lambdaFunction(
  name: string,
  roleArn: string,
  extra: Partial<LambdaFunction> = {},
): LambdaFunction {
  return {
    name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    role: roleArn,
    region: 'us-east-1',
    accountId: '123456789012',
    environmentVariableNames: [],
    vpc: false,
    tracing: false,
    logGroup: `/aws/lambda/${name}`,
    layers: [],
    tags: {},
    ...extra,
  };
}
