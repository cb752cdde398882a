export type {
  EvidenceSummary,
  FileChange,
  IacFile,
  IacKind,
  IacPatcher,
  PatcherResult,
  Resolution,
  ResolvedBy,
  RoleOverride,
  RoleTarget,
} from './model.js';
export { cloudFormationPatcher } from './cloudformation.js';
export { patchFileName, planPatches, renderPatch, type PatchPlan } from './patch.js';
export { isGeneratedName, referenceFor, type TemplateResource } from './references.js';
export { serverlessPatcher } from './serverless.js';
export { templateView, type TemplateView } from './template-view.js';
export { CFN_TAGS } from './yaml-tags.js';
