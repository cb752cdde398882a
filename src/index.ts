/** pare as a library: the pure core, and the local-file and AWS edges the CLI uses. */
export type { Event, EventResource, Principal } from './model/event.js';
export type { Access, MappingResult } from './model/access.js';
export type {
  AttachedPolicy,
  Condition,
  Effect,
  PolicyDocument,
  PolicyKind,
  Statement,
} from './model/policy.js';
export type {
  EnvironmentSecret,
  Grants,
  LambdaFunction,
  RoleGrants,
  SecretClassifier,
} from './model/grants.js';
export type {
  BucketAcl,
  EventSourceMapping,
  FunctionUrlConfig,
  PostureInventory,
  ResourcePolicy,
  ResourcePolicyStatement,
} from './model/inventory.js';
export type {
  AccessUsage,
  DeniedAttempt,
  RoleUsage,
  SessionUsage,
  UnmappedEvent,
  UsageModel,
} from './model/usage.js';
export type { Finding, RuleId, Severity } from './model/finding.js';
export { catalogFromData, type Catalog, type CatalogAction, type CatalogData } from './catalog/catalog.js';
export { loadCatalog } from './catalog/load.js';
export { UsageAggregator, type UsageMapper, type UsageOptions } from './usage/aggregate.js';
export { DEFAULT_WINDOW, type WindowSpec } from './usage/window.js';
export {
  synthesise,
  type SynthContext,
  type SynthResult,
  type SynthSubject,
  type ActionVerdict,
} from './synth/synthesise.js';
export { analyse, type Analysis, type RoleAnalysis } from './analysis/analyse.js';
export { roleFindings } from './diff/findings.js';
export { renderPolicy, renderJson } from './outputs/policy-json.js';
export { policyDiff } from './outputs/policy-diff.js';
export { runAnalyze, type AnalyzeOptions } from './app/analyze.js';
export { InputError, PareError, UsageError } from './errors.js';
export {
  readActivity,
  localSource,
  memorySource,
  normaliseRecord,
  type ActivitySource,
  type ActivityStats,
} from './activity/index.js';
export {
  compileMappings,
  mapEvent,
  observability,
  isDataEvent,
  classifyError,
  servicePrefixOf,
  type MappingIndex,
} from './mapping/index.js';
export { loadMappingIndex, loadMappingData } from './data/mappings.js';
export {
  evaluate,
  coversPattern,
  grantedActions,
  parseAuthorizationDetails,
  parseAuthorizationSnapshots,
  parseListFunctions,
  parseLambdaInventoryFile,
  parseResourcePolicyFile,
  normalisePolicyDocument,
  type Decision,
  type MatchedStatement,
} from './grants/index.js';
export {
  postureFindings,
  compilePostureData,
  scanCode,
  secretClassifier,
  type CodeScan,
  type PostureData,
  type PostureInput,
} from './checks/index.js';
export { loadPostureData } from './data/posture.js';
export { runAudit, type AuditOptions, type AuditRun } from './app/audit.js';
export { s3Source, type S3SourceOptions } from './activity/s3-source.js';
export { lookupEventsSource, type LookupEventsOptions } from './activity/lookup-events-source.js';
export {
  athenaSource,
  athenaSql,
  lakeSource,
  lakeSql,
  pushdownSql,
  DIALECTS,
  type AthenaSourceOptions,
  type LakeSourceOptions,
  type Dialect,
  type DialectName,
  type EventGroup,
  type PushdownQuery,
} from './activity/index.js';
export * from './iac/index.js';
export { runPatch, readAnalyzeOutput, PATCHERS, type PatchOptions, type PatchRun } from './app/patch.js';
export type { LastAccessedEntry, LastAccessedOptions } from './aws/last-accessed.js';
export { fetchLastAccessed, LAST_ACCESSED_FILE } from './aws/last-accessed.js';
export { awsClients, type AwsClients, type AwsSettings } from './aws/clients.js';
export { callAws, type AwsCall, type RetryPolicy } from './aws/call.js';
export {
  liveGrantFiles,
  readLiveGrants,
  type GrantFileSet,
  type LiveGrantOptions,
} from './aws/live-grants.js';
export {
  checkNoNewAccess,
  generatedPolicies,
  validateAnalysis,
  validatePolicy,
  type GeneratedPolicy,
  type Validation,
} from './aws/validate.js';
export { liveGrants, liveLastAccessed, readLastAccessedFile, type LiveAccount } from './app/live.js';
export type { ReadGrants } from './app/inventory.js';
export { parseLastAccessedFile } from './grants/last-accessed.js';
export type {
  RoleLastAccessed,
  ServiceLastAccessed,
  TrackedActionLastAccessed,
} from './model/last-accessed.js';
export { iamActivity, iamGap, type IamActivity, type IamLastAccessed } from './synth/last-accessed.js';
export { runCollect, type CollectOptions, type CollectRun } from './app/collect.js';
export { AwsAccessError } from './errors.js';
