/**
 * HCL text the way `terraform fmt` writes it: two-space indentation, `=` aligned across a run of
 * one-line attributes (a multi-line value ends the run), trailing commas in multi-line tuples.
 */
import { isReference, type HclValue } from './values.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Tuples of scalars stay on one line up to this width, as hand-written Terraform does. */
const INLINE_WIDTH = 80;

export function hclString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : hclString(name);
}

/** The value's text; lines after the first are indented by `indent`. */
export function hclValue(value: HclValue, indent = ''): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (isReference(value)) return value.reference;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => hclValue(v, inner));
    const line = `[${items.join(', ')}]`;
    const scalar = value.every((v) => typeof v !== 'object' || v === null || isReference(v));
    if (scalar && line.length <= INLINE_WIDTH && !line.includes('\n')) return line;
    return `[\n${items.map((i) => `${inner}${i},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${attributeLines(
    entries.map(([k, v]) => [key(k), v]),
    inner,
  )}${indent}}`;
}

/** `name = value` lines for a body or an object, aligned per run of one-line values. */
export function attributeLines(entries: readonly (readonly [string, HclValue])[], indent: string): string {
  const rendered = entries.map(([name, value]) => ({ name, text: hclValue(value, indent) }));
  let out = '';
  for (let i = 0; i < rendered.length;) {
    let j = i;
    while (j < rendered.length && !rendered[j]?.text.includes('\n')) j++;
    const run = rendered.slice(i, Math.max(j, i + 1));
    const width = Math.max(...run.map((r) => r.name.length));
    for (const r of run) {
      const pad = r.text.includes('\n') ? '' : ' '.repeat(width - r.name.length);
      out += `${indent}${r.name}${pad} = ${r.text}\n`;
    }
    i += run.length;
  }
  return out;
}

export interface HclBlockText {
  type: string;
  labels?: readonly string[];
  attributes: readonly (readonly [string, HclValue])[];
  blocks?: readonly HclBlockText[];
}

/** A block, its attributes first, then a blank line before each nested block. */
export function hclBlock(block: HclBlockText, indent: string): string {
  const labels = (block.labels ?? []).map((l) => ` ${hclString(l)}`).join('');
  const inner = `${indent}  `;
  const nested = (block.blocks ?? []).map((b) => `\n${hclBlock(b, inner)}`).join('');
  return `${indent}${block.type}${labels} {\n${attributeLines(block.attributes, inner)}${nested}${indent}}\n`;
}
