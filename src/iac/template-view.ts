/**
 * One CloudFormation template, YAML or JSON, behind one interface: read it as plain data (short-form
 * tags become their long form, `!Ref X` → `{ Ref: X }`), edit resource properties, get the new text.
 * YAML edits are minimal text splices; JSON is re-serialised with the file's own indentation.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { toPlain, type IacValue } from './values.js';
import { mapAt, nodeAt, pairOf, parseYaml, YamlEditor } from './yaml-edit.js';

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export interface TemplateView {
  /** The template as plain data, intrinsics in long form. */
  data: { [key: string]: Plain };
  setProperty(logicalId: string, property: string, value: IacValue): void;
  /** Replaces the value at a path inside Properties that exists (map keys, sequence indexes). */
  setIn(logicalId: string, path: readonly (string | number)[], value: IacValue): void;
  removeProperty(logicalId: string, property: string): void;
  removeResource(logicalId: string): void;
  result(): string;
}

/** A parsed YAML node as plain data, short-form tags in their long form. */
export function yamlPlain(node: unknown): Plain {
  if (isScalar(node)) {
    const value = node.value as Plain;
    if (typeof node.tag === 'string' && node.tag.startsWith('!')) {
      const fn = node.tag.slice(1);
      if (fn === 'Ref' || fn === 'Condition') return { [fn]: value };
      return { [`Fn::${fn}`]: fn === 'GetAtt' && typeof value === 'string' ? value.split('.', 2) : value };
    }
    return value;
  }
  const tagged = (inner: Plain): Plain => {
    const tag = (node as { tag?: string }).tag;
    return typeof tag === 'string' && tag.startsWith('!') ? { [`Fn::${tag.slice(1)}`]: inner } : inner;
  };
  if (isSeq(node)) return tagged(node.items.map(yamlPlain));
  if (isMap(node)) {
    const out: { [key: string]: Plain } = {};
    for (const pair of node.items)
      out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = yamlPlain(pair.value);
    return tagged(out);
  }
  return null;
}

function yamlView(text: string): TemplateView | undefined {
  const doc = parseYaml(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  // Write in the form the file already uses.
  const style =
    /!(Ref|GetAtt|Sub|Join)\b/.test(text) || !/Fn::|\bRef:/.test(text) ? 'yaml-short' : 'yaml-long';
  const editor = new YamlEditor(text, doc, style);
  const resource = (id: string): ReturnType<typeof mapAt> => mapAt(doc.contents, 'Resources', id);
  return {
    data: yamlPlain(doc.contents) as { [key: string]: Plain },
    setProperty(id, property, value) {
      const properties = mapAt(resource(id), 'Properties');
      const existing = pairOf(properties, property);
      if (existing) editor.replaceValue(existing, value);
      else if (properties) editor.insertPair(properties, property, value);
      else if (resource(id))
        editor.insertPair(resource(id) as NonNullable<ReturnType<typeof mapAt>>, 'Properties', {
          [property]: value,
        });
    },
    setIn(id, path, value) {
      const parent = nodeAt(mapAt(resource(id), 'Properties'), path.slice(0, -1));
      const last = path.at(-1);
      const pair = typeof last === 'string' ? pairOf(parent, last) : undefined;
      if (pair) editor.replaceValue(pair, value);
    },
    removeProperty(id, property) {
      const pair = pairOf(mapAt(resource(id), 'Properties'), property);
      if (pair) editor.removePair(pair);
    },
    removeResource(id) {
      const pair = pairOf(mapAt(doc.contents, 'Resources'), id);
      if (pair) editor.removePair(pair as never);
    },
    result: () => editor.result(),
  };
}

function jsonView(text: string): TemplateView | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const template = data as { [key: string]: Plain };
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const resources = (template['Resources'] ?? {}) as { [key: string]: { [key: string]: Plain } };
  const properties = (id: string): { [key: string]: Plain } | undefined => {
    const r = resources[id];
    if (!r) return undefined;
    r['Properties'] ??= {};
    return r['Properties'] as { [key: string]: Plain };
  };
  return {
    data: structuredClone(template),
    setProperty(id, property, value) {
      const props = properties(id);
      if (props) props[property] = toPlain(value) as Plain;
    },
    setIn(id, path, value) {
      let parent: Plain | undefined = properties(id) ?? null;
      for (const step of path.slice(0, -1))
        parent = (parent as Record<string | number, Plain> | null)?.[step];
      const last = path.at(-1);
      if (parent && typeof parent === 'object' && last !== undefined)
        (parent as Record<string | number, Plain>)[last] = toPlain(value) as Plain;
    },
    removeProperty(id, property) {
      delete properties(id)?.[property];
    },
    removeResource(id) {
      delete resources[id];
    },
    result: () => JSON.stringify(template, null, indent) + (text.endsWith('\n') ? '\n' : ''),
  };
}

export function templateView(path: string, text: string): TemplateView | undefined {
  return path.endsWith('.json') || text.trimStart().startsWith('{') ? jsonView(text) : yamlView(text);
}
