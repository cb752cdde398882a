/**
 * The Wild Rydes account (123456789012, us-east-1): the serverless security workshop's two Serverless
 * Framework services (ride-record with one role shared by five functions and the workshop's
 * over-grant; data-lake with AmazonS3FullAccess reading the ride table's stream) and the workloads
 * around them. Names follow how each tool names things: Serverless `<service>-<stage>-<region>-lambdaRole`,
 * SAM and CloudFormation `<stack>-<LogicalId>-<SUFFIX>`, CDK `<Stack>-<Id><hash>-<SUFFIX>`, Terraform
 * whatever the module said, the console `service-role/<fn>-role-<random>`.
 */
import { Prng } from '../lib/prng.js';
import { AccountBuilder } from '../lib/scenario/account.js';
import type { RoleRef } from '../lib/scenario/lambda-runtime.js';
import type { FunctionDef } from '../lib/lambda-inventory.js';
import { ACCOUNT, REGION, type RideRecordFunction, SEED } from './resources.js';
import { defineRoles } from './roles.js';
import { defineFunctions } from './functions.js';

export * from './resources.js';

export interface WildRydesAccount {
  builder: AccountBuilder;
  roles: {
    rideRecord: RoleRef;
    dataLake: RoleRef;
    thumbnailer: RoleRef;
    orders: RoleRef;
    reporter: RoleRef;
    archiver: RoleRef;
    deployer: RoleRef;
    legacy: RoleRef;
    payments: RoleRef;
    ciDeploy: RoleRef;
    cfnDeploy: RoleRef;
  };
  functions: {
    writeRecord: FunctionDef;
    thumbnailer: FunctionDef;
    orders: FunctionDef;
    reporter: FunctionDef;
    archiver: FunctionDef;
    deployer: FunctionDef;
    legacy: FunctionDef;
    payments: FunctionDef;
    rideRecord: Record<RideRecordFunction, FunctionDef>;
  };
  users: { dana: { userName: string; userId: string }; miguel: { userName: string; userId: string } };
}

export function defineAccount(): WildRydesAccount {
  const b = new AccountBuilder(ACCOUNT, REGION, new Prng(SEED).fork('iam'));
  const { roles, users } = defineRoles(b);
  return { builder: b, roles, functions: defineFunctions(b, roles), users };
}
