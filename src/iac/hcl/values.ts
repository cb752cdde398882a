/**
 * What an HCL expression says without running Terraform: literals, strings whose interpolations are
 * known variables, tuples and objects of those. Anything else (a resource attribute, a function call)
 * stays an `HclReference` holding its source text.
 */
import type { Expression } from './ast.js';

export interface HclReference {
  reference: string;
}

export type HclValue =
  string | number | boolean | null | HclReference | HclValue[] | { [key: string]: HclValue };

export function isReference(value: HclValue | undefined): value is HclReference {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'reference' in value;
}

/** `a.b.c` (attribute steps only) as its names; a one-interpolation template `"${a.b}"` unwraps. */
export function traversalNames(expression: Expression): string[] | undefined {
  if (expression.kind === 'variable') return [expression.name];
  if (expression.kind === 'template' && expression.parts.length === 1) {
    const part = expression.parts[0];
    return part?.kind === 'interpolation' ? traversalNames(part.expression) : undefined;
  }
  if (expression.kind !== 'traversal') return undefined;
  const head = traversalNames(expression.target);
  if (!head || expression.target.kind !== 'variable') return undefined;
  const names: string[] = [...head];
  for (const step of expression.steps) {
    if (step.kind !== 'attr') return undefined;
    names.push(step.name);
  }
  return names;
}

/** A string the expression always evaluates to, given variables' known values. */
export function stringValue(
  expression: Expression,
  variables: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  if (expression.kind !== 'template' && expression.kind !== 'heredoc') return undefined;
  let out = '';
  for (const part of expression.parts) {
    if (part.kind === 'text') out += part.value;
    else if (part.kind === 'directive') return undefined;
    else {
      const names = traversalNames(part.expression);
      const known = names?.length === 2 && names[0] === 'var' ? variables.get(names[1] ?? '') : undefined;
      if (known === undefined) return undefined;
      out += known;
    }
  }
  if (expression.kind === 'heredoc' && expression.indented) return dedent(out);
  return out;
}

/** `<<-` strips the smallest indentation of the non-blank lines. */
function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

export function evaluate(
  expression: Expression,
  source: string,
  variables: ReadonlyMap<string, string> = new Map(),
): HclValue {
  const raw = (): HclReference => ({ reference: source.slice(expression.start, expression.end) });
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'template':
    case 'heredoc':
      return stringValue(expression, variables) ?? raw();
    case 'tuple':
      return expression.items.map((item) => evaluate(item, source, variables));
    case 'object': {
      const out: { [key: string]: HclValue } = {};
      for (const item of expression.items) {
        const key = item.key.kind === 'variable' ? item.key.name : stringValue(item.key, variables);
        if (key === undefined) return raw();
        out[key] = evaluate(item.value, source, variables);
      }
      return out;
    }
    case 'parens':
      return evaluate(expression.inner, source, variables);
    default:
      return raw();
  }
}
