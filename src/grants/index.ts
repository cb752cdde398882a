export {
  mergeRoleGrants,
  parseAuthorizationDetails,
  parseAuthorizationSnapshots,
  type AuthorizationSnapshot,
} from './authorization-details.js';
export { compileGrants, type MatchedStatement } from './compile.js';
export { allowStatementsFor, coversPattern, deniesFor, evaluate, type Decision } from './evaluate.js';
export {
  ACTION_GLOB,
  compileGlob,
  globIntersects,
  globMatches,
  globSubset,
  RESOURCE_GLOB,
  RESOURCE_GLOB_NO_VARIABLES,
  resourceGlobOptions,
  type CompiledGlob,
  type GlobOptions,
} from './glob.js';
export { grantedActions } from './granted-actions.js';
export {
  parseLambdaInventoryFile,
  parseListFunctions,
  type LambdaInventoryPart,
} from './lambda-inventory.js';
export { unqualifiedFunctionArn } from './lambda-triggers.js';
export { parseResourcePolicyFile, type ResourcePolicyPart } from './resource-policies.js';
export { normaliseResourcePolicy } from './resource-policy.js';
export {
  DEFAULT_POLICY_VERSION,
  normalisePolicyDocument,
  type PolicyLocation,
  type PolicyPurpose,
} from './policy-document.js';
