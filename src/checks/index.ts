/**
 * Lambda posture checks: what the IAM snapshot, the Lambda inventory, the resource policies of event
 * sources and the function packages say, without usage (pare audit) or next to it (pare analyze).
 * Pure: the data, the catalog and the date are passed in.
 */
import type { Catalog } from '../catalog/catalog.js';
import { sortFindings } from '../diff/findings.js';
import type { Finding } from '../model/finding.js';
import type { LambdaFunction, RoleGrants } from '../model/grants.js';
import type { PostureInventory } from '../model/inventory.js';
import type { RoleUsage } from '../model/usage.js';
import { codeFindings, type CodeScan } from './code.js';
import type { PostureData } from './data.js';
import { functionExposure, publicEventSourceBuckets, resourceExposure } from './exposure.js';
import { consoleCreated, deprecatedRuntime, envSecrets, sharedRoles } from './function-checks.js';
import {
  adminAccess,
  exploitGradeActions,
  serviceWildcardAction,
  serviceWildcardResource,
} from './role-checks.js';
import { secretClassifier } from './secrets.js';
import { manyTriggerTypes, triggersOf, type Trigger } from './triggers.js';

export type { CodeScan, CodeFile } from './code.js';
export { scanCode } from './code.js';
export { compilePostureData, type PostureData, type PostureFiles } from './data.js';
export { secretClassifier } from './secrets.js';
export { isZip, zipEntries, type ZipEntry } from './zip.js';

export interface PostureInput {
  /** The roles to check (service-linked roles already left out). */
  roles: readonly RoleGrants[];
  /** The functions to check. */
  functions: readonly LambdaFunction[];
  inventory: PostureInventory;
  code: readonly CodeScan[];
  /** With analyze: what each role's sessions used, for shared-role's per-function split. */
  usage?: readonly RoleUsage[];
  /** The date the run checks runtimes against (YYYY-MM-DD). */
  asOf: string;
}

export function postureFindings(input: PostureInput, data: PostureData, catalog: Catalog): Finding[] {
  const findings: Finding[] = [];
  for (const role of input.roles) {
    findings.push(
      ...adminAccess(role),
      ...serviceWildcardAction(role),
      ...serviceWildcardResource(role, catalog, data),
      ...exploitGradeActions(role, input.functions, catalog, data),
    );
  }
  findings.push(...sharedRoles(input.functions, input.usage));

  const classify = secretClassifier(data.secrets);
  const roles = new Map(input.roles.map((r) => [r.arn, r]));
  const triggers = new Map<string, Trigger[]>();
  for (const fn of input.functions) {
    const fnTriggers = triggersOf(fn, input.inventory, data.publicAccess);
    triggers.set(fn.arn, fnTriggers);
    findings.push(
      ...envSecrets(fn, classify),
      ...deprecatedRuntime(fn, data, input.asOf),
      ...consoleCreated(fn, roles.get(fn.role), data.iac),
      ...manyTriggerTypes(fn, fnTriggers),
      ...functionExposure(fn, input.inventory, data.publicAccess),
      ...publicEventSourceBuckets(fn, fnTriggers, input.inventory, data.publicAccess),
    );
  }
  const eventSourceOf = (arn: string): string[] =>
    input.functions.filter((fn) => triggers.get(fn.arn)?.some((t) => t.source === arn)).map((fn) => fn.name);
  findings.push(...resourceExposure(input.inventory, eventSourceOf, data.publicAccess));
  findings.push(...codeFindings(input.code, input.functions));
  return sortFindings(findings);
}
