import { loadCatalog } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import { postureFindings, type CodeScan, type PostureData } from '../../src/checks/index.js';
import { loadPostureData } from '../../src/data/posture.js';
import type { Finding } from '../../src/model/finding.js';
import type { LambdaFunction, RoleGrants } from '../../src/model/grants.js';
import type { PostureInventory, ResourcePolicyStatement } from '../../src/model/inventory.js';
import { EMPTY_INVENTORY } from '../../src/model/inventory.js';
import type { RoleUsage } from '../../src/model/usage.js';

export const ACCOUNT = '111122223333';
export const AS_OF = '2026-11-28';

export async function context(): Promise<{ catalog: Catalog; data: PostureData }> {
  const [catalog, data] = await Promise.all([loadCatalog(), loadPostureData()]);
  return { catalog, data };
}

export const fnArn = (name: string): string => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`;

/** A function with nothing to report: IaC-tagged, a supported runtime, no secrets. */
export function fn(name: string, extra: Partial<LambdaFunction> = {}): LambdaFunction {
  return {
    name,
    arn: fnArn(name),
    role: `arn:aws:iam::${ACCOUNT}:role/${name}-role`,
    region: 'eu-west-1',
    accountId: ACCOUNT,
    runtime: 'python3.13',
    environmentVariableNames: [],
    environmentSecrets: [],
    vpc: false,
    tracing: false,
    logGroup: `/aws/lambda/${name}`,
    layers: [],
    tags: { 'aws:cloudformation:stack-name': 'app' },
    ...extra,
  };
}

export function functionPolicy(name: string, statements: ResourcePolicyStatement[]): PostureInventory {
  return {
    ...EMPTY_INVENTORY,
    resourcePolicies: [
      { resourceType: 'lambda-function', resourceArn: fnArn(name), statements, file: 'p.json' },
    ],
  };
}

export interface Case {
  roles?: RoleGrants[];
  functions?: LambdaFunction[];
  inventory?: Partial<PostureInventory>;
  code?: CodeScan[];
  usage?: RoleUsage[];
  asOf?: string;
}

export async function audit(c: Case): Promise<Finding[]> {
  const { catalog, data } = await context();
  return postureFindings(
    {
      roles: c.roles ?? [],
      functions: c.functions ?? [],
      inventory: { ...EMPTY_INVENTORY, ...c.inventory },
      code: c.code ?? [],
      asOf: c.asOf ?? AS_OF,
      ...(c.usage ? { usage: c.usage } : {}),
    },
    data,
    catalog,
  );
}

export async function rules(c: Case): Promise<string[]> {
  return [...new Set((await audit(c)).map((f) => f.rule))].sort();
}
