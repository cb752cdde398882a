export type {
  EvidenceSummary,
  FileChange,
  IacFile,
  IacKind,
  IacPatcher,
  PatchContext,
  PatcherResult,
  Resolution,
  ResolvedBy,
  RoleOverride,
  RoleTarget,
} from './model.js';
export { EMPTY_CONTEXT } from './model.js';
export { cloudFormationPatcher } from './cloudformation.js';
export { patchFileName, planPatches, renderPatch, type PatchPlan } from './patch.js';
export { isGeneratedName, referenceFor, type TemplateResource } from './references.js';
export { serverlessPatcher } from './serverless.js';
export { terraformPatcher } from './terraform.js';
export { parseHcl } from './hcl/parser.js';
export type { HclFile, HclError, HclResult } from './hcl/ast.js';
export { planCdk, type CdkAssembly, type CdkPlan, type CdkSuggestion } from './cdk.js';
export {
  locateFunction,
  locateKey,
  locateResolution,
  type IacLocations,
  type SourceLocation,
} from './locate.js';
export { templateView, type TemplateView } from './template-view.js';
export { CFN_TAGS } from './yaml-tags.js';
