/**
 * Where in an IaC file a role or a function is defined, as a 1-based line and column: the key of the
 * CloudFormation/SAM/CDK resource, the serverless.yml statements or function, the Terraform block.
 * SARIF and the report point there instead of at the IAM snapshot.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { IacFile, Resolution } from './model.js';
import { isGeneratedName } from './references.js';
import { templateView } from './template-view.js';
import { CFN_TAGS } from './yaml-tags.js';

export interface SourceLocation {
  /** Relative to the --iac directory, as in the resolution. */
  path: string;
  line: number;
  column: number;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function yamlKey(text: string, keys: readonly string[]): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { customTags: CFN_TAGS, lineCounter });
  if (doc.errors.length > 0) return undefined;
  let node: unknown = doc.contents;
  let found: Pair<Node, Node> | undefined;
  for (const key of keys) {
    if (!isMap(node)) return undefined;
    found = (node as YAMLMap<Node, Node>).items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (!found) return undefined;
    node = found.value;
  }
  const offset = found?.key.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** The offset of the key at `keys` in JSON text: a scanner, since JSON.parse keeps no positions. */
function jsonKey(text: string, keys: readonly string[]): number | undefined {
  // Per open container: whether it is an object, and the key being read in it.
  const stack: { object: boolean; key?: string }[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top?.object) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        top.key = key;
        const path = stack.map((s) => s.key);
        if (path.length === keys.length && path.every((k, n) => k === keys[n])) return i;
        expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push({ object: c === '{' });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectKey = stack.at(-1)?.object === true;
    }
  }
  return undefined;
}

/** The position of the map key at the end of `keys`, counted from the document root. */
export function locateKey(file: IacFile, keys: readonly string[]): SourceLocation | undefined {
  const json = file.path.endsWith('.json') || file.text.trimStart().startsWith('{');
  if (json) {
    const offset = jsonKey(file.text, keys);
    return offset === undefined ? undefined : { path: file.path, ...position(file.text, offset) };
  }
  const at = yamlKey(file.text, keys);
  return at ? { path: file.path, ...at } : undefined;
}

function first(file: IacFile, candidates: readonly (readonly string[])[]): SourceLocation | undefined {
  for (const keys of candidates) {
    const at = locateKey(file, keys);
    if (at) return at;
  }
  return undefined;
}

/** `resource "aws_iam_role" "orders"` for the address `aws_iam_role.orders` (a module prefix ignored). */
function terraformBlock(file: IacFile, address: string): SourceLocation | undefined {
  const [name, type] = address.split('.').reverse();
  if (!name || !type) return undefined;
  const m = new RegExp(`^resource\\s+"${type}"\\s+"${name}"`, 'm').exec(file.text);
  return m ? { path: file.path, ...position(file.text, m.index) } : undefined;
}

const SERVERLESS = /(^|\/)serverless\.ya?ml$/;

function resourceType(file: IacFile, logicalId: string): string | undefined {
  const resources = templateView(file.path, file.text)?.data['Resources'];
  const resource =
    typeof resources === 'object' && resources !== null && !Array.isArray(resources)
      ? resources[logicalId]
      : undefined;
  const type =
    typeof resource === 'object' && resource !== null && !Array.isArray(resource)
      ? resource['Type']
      : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Where the grants of a resolved role are written: serverless.yml's provider statements (or a
 * function's own), a SAM function's Policies, the role resource, the Terraform block.
 */
export function locateResolution(file: IacFile, resolution: Resolution): SourceLocation | undefined {
  if (file.path.endsWith('.tf')) return terraformBlock(file, resolution.logicalId);
  if (SERVERLESS.test(file.path)) {
    if (resolution.logicalId !== 'provider')
      return first(file, [
        ['functions', resolution.logicalId, 'iamRoleStatements'],
        ['functions', resolution.logicalId],
      ]);
    return first(file, [
      ['provider', 'iam', 'role', 'statements'],
      ['provider', 'iamRoleStatements'],
      ['provider', 'iam'],
      ['provider'],
    ]);
  }
  const id = resolution.logicalId;
  if (resourceType(file, id) === 'AWS::Serverless::Function')
    return first(file, [
      ['Resources', id, 'Properties', 'Policies'],
      ['Resources', id],
    ]);
  return locateKey(file, ['Resources', id]);
}

export interface FunctionIdentity {
  name: string;
  tags: Record<string, string>;
}

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);

function serverlessFunction(file: IacFile, fn: FunctionIdentity): SourceLocation | undefined {
  const data = templateView('serverless.yml', file.text)?.data;
  const service = data?.['service'];
  const name =
    typeof service === 'string'
      ? service
      : typeof service === 'object' && service !== null && !Array.isArray(service)
        ? service['name']
        : undefined;
  const functions = data?.['functions'];
  if (
    typeof name !== 'string' ||
    typeof functions !== 'object' ||
    functions === null ||
    Array.isArray(functions)
  )
    return undefined;
  for (const [key, value] of Object.entries(functions)) {
    const explicit =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? value['name'] : undefined;
    const stage = fn.name.startsWith(`${name}-`) ? fn.name.slice(name.length + 1, -key.length - 1) : '';
    if (
      explicit === fn.name ||
      (stage !== '' && !stage.includes('-') && fn.name === `${name}-${stage}-${key}`)
    )
      return locateKey(file, ['functions', key]);
  }
  return undefined;
}

function templateFunction(file: IacFile, fn: FunctionIdentity): SourceLocation | undefined {
  const resources = templateView(file.path, file.text)?.data['Resources'];
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) return undefined;
  const stack = fn.tags['aws:cloudformation:stack-name'];
  const logical = fn.tags['aws:cloudformation:logical-id'];
  const ids = Object.entries(resources).flatMap(([id, r]) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r) || !FUNCTION_TYPES.has(String(r['Type'])))
      return [];
    const props = r['Properties'];
    const explicit =
      typeof props === 'object' && props !== null && !Array.isArray(props)
        ? props['FunctionName']
        : undefined;
    if (explicit === fn.name) return [id];
    if (explicit !== undefined) return [];
    // The stack's tags pin the logical id; without them, the generated name must be unambiguous.
    if (logical !== undefined && stack !== undefined)
      return logical === id && isGeneratedName(fn.name, id, stack) ? [id] : [];
    return isGeneratedName(fn.name, id) ? [id] : [];
  });
  const [id] = ids;
  return ids.length === 1 && id !== undefined ? locateKey(file, ['Resources', id]) : undefined;
}

function terraformFunction(file: IacFile, fn: FunctionIdentity): SourceLocation | undefined {
  const headers = [...file.text.matchAll(/^(?:resource|data|module|variable|output|locals)\b.*$/gm)];
  for (const [i, header] of headers.entries()) {
    const m = /^resource\s+"aws_lambda_function"\s+"(\w+)"/.exec(header[0]);
    if (!m) continue;
    const body = file.text.slice(header.index, headers[i + 1]?.index ?? file.text.length);
    const named = new RegExp(
      `^\\s*function_name\\s*=\\s*"${fn.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`,
      'm',
    );
    if (named.test(body)) return { path: file.path, ...position(file.text, header.index) };
  }
  return undefined;
}

/** The first file (in path order) that defines the function. */
export function locateFunction(files: readonly IacFile[], fn: FunctionIdentity): SourceLocation | undefined {
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const at = file.path.endsWith('.tf')
      ? terraformFunction(file, fn)
      : SERVERLESS.test(file.path)
        ? serverlessFunction(file, fn)
        : /\.(ya?ml|json|template)$/.test(file.path) && /AWS::(Lambda|Serverless)::Function/.test(file.text)
          ? templateFunction(file, fn)
          : undefined;
    if (at) return at;
  }
  return undefined;
}

/** Where `pare analyze --iac` found each analysed role and function. */
export interface IacLocations {
  /** The --iac directory as given on the command line. */
  root: string;
  roles: Record<string, SourceLocation>;
  functions: Record<string, SourceLocation>;
}
