export { compileMappings, type ErrorClass, type MappingIndex } from './compile.js';
export type {
  AccessSpecData,
  BlindSpotsFile,
  ConditionData,
  ErrorCodesFile,
  EventEntryData,
  EventSourcesFile,
  EventTypesFile,
  MappingData,
  ResourceRuleData,
  ResourcesFrom,
  ServiceFile,
} from './data.js';
export { mapEvent, servicePrefixOf } from './map-event.js';
export { classifyError, isDataEvent, observability } from './observability.js';
export type { Observability } from './observability-data.js';
export { keyPattern, projectObject, projections, type SourceProjection } from './projection.js';
