/**
 * A synthesized CDK app (`cdk.out`): its stacks from manifest.json (or, without one, one stack per
 * `<Stack>.template.json`), each template's resources with their construct paths (`aws:cdk:path`).
 */
import type { IacFile } from './model.js';
import type { Plain } from './template-view.js';

export interface CdkAssembly {
  /** The cdk.out directory relative to --iac, with `/` separators, e.g. `wild-rydes-reporting/cdk.out`. */
  dir: string;
  /** manifest.json's text, when the assembly has one. */
  manifest?: string;
  /** The `*.template.json` files, paths relative to --iac. */
  templates: IacFile[];
}

export interface CdkResource {
  logicalId: string;
  type: string;
  properties: Record<string, Plain>;
  /** `aws:cdk:path`, e.g. `WildRydesReportingStack/DailyReporter/ServiceRole/Resource`. */
  constructPath?: string;
}

export interface CdkStack {
  stackName: string;
  /** The template file, relative to --iac. */
  path: string;
  resources: CdkResource[];
}

type Json = { [key: string]: unknown };

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function resourcesOf(template: unknown): CdkResource[] {
  const resources = isObject(template) ? template['Resources'] : undefined;
  if (!isObject(resources)) return [];
  return Object.entries(resources).flatMap(([logicalId, r]) => {
    if (!isObject(r) || typeof r['Type'] !== 'string') return [];
    const path = isObject(r['Metadata']) ? r['Metadata']['aws:cdk:path'] : undefined;
    return [
      {
        logicalId,
        type: r['Type'],
        properties: (isObject(r['Properties']) ? r['Properties'] : {}) as Record<string, Plain>,
        ...(typeof path === 'string' ? { constructPath: path } : {}),
      },
    ];
  });
}

/** Template file (relative to the assembly) → stack name, from the manifest's stack artifacts. */
function manifestStacks(manifest: string | undefined): Map<string, string> | undefined {
  const data = manifest === undefined ? undefined : parse(manifest);
  const artifacts = isObject(data) ? data['artifacts'] : undefined;
  if (!isObject(artifacts)) return undefined;
  const stacks = new Map<string, string>();
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact) || artifact['type'] !== 'aws:cloudformation:stack') continue;
    const properties = isObject(artifact['properties']) ? artifact['properties'] : {};
    const file = properties['templateFile'];
    // The artifact id is the stack name unless the app set `stackName` explicitly.
    const name = typeof properties['stackName'] === 'string' ? properties['stackName'] : id;
    if (typeof file === 'string') stacks.set(file, name);
  }
  return stacks;
}

export function cdkStacks(assembly: CdkAssembly): CdkStack[] {
  const named = manifestStacks(assembly.manifest);
  const prefix = `${assembly.dir}/`;
  return assembly.templates.flatMap((file) => {
    const local = file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path;
    const stackName = named ? named.get(local) : local.replace(/\.template\.json$/, '');
    if (stackName === undefined) return [];
    return [{ stackName, path: file.path, resources: resourcesOf(parse(file.text)) }];
  });
}

/** `{ Ref: X }` or `{ 'Fn::GetAtt': [X, …] }` → X. */
export function referencedId(value: Plain | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const ref = value['Ref'];
  if (typeof ref === 'string') return ref;
  const att = value['Fn::GetAtt'];
  return Array.isArray(att) && typeof att[0] === 'string' ? att[0] : undefined;
}

/**
 * A value as one string: `Fn::Join` of literals and pseudo parameters, as CDK writes ARNs, becomes
 * `arn:${AWS::Partition}:iam::aws:policy/…`; anything else is shown as JSON.
 */
export function flatText(value: Plain | undefined): string {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const ref = value['Ref'];
    if (typeof ref === 'string') return `\${${ref}}`;
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1]))
      return join[1].map((part) => flatText(part)).join(join[0]);
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string') return sub;
  }
  return JSON.stringify(value);
}

/** The construct id a resource was created with: `Stack/DailyReporter/Resource` → `DailyReporter`. */
export function constructId(path: string): string {
  const parts = path.split('/');
  const last = parts.at(-1) ?? path;
  return last === 'Resource' || last === 'Default' ? (parts.at(-2) ?? last) : last;
}

/** The construct path without the L1 `Resource` leaf: the path of the L2 construct a user wrote. */
export function ownerPath(path: string): string {
  return path.replace(/\/(Resource|Default)$/, '');
}
