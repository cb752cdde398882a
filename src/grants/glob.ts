/**
 * IAM wildcard patterns: `*` matches any run of characters (including `:` and `/`), `?` exactly one.
 * Actions compare case-insensitively, ARNs case-sensitively. In resource patterns of 2012-10-17
 * documents, `${aws:username}` and friends are policy variables (any string at request time) and
 * `${*}`, `${?}`, `${$}` stand for the literal characters.
 *
 * Patterns are compiled once and cached: the evaluator and the synthesiser call these in hot loops.
 */
import { globIntersectsCompiled, globSubsetCompiled } from './glob-automata.js';

export interface GlobOptions {
  ignoreCase?: boolean;
  /** Recognise `${…}` policy variables and escapes; off for actions and 2008-10-17 documents. */
  variables?: boolean;
}

export const ACTION_GLOB: GlobOptions = { ignoreCase: true };
export const RESOURCE_GLOB: GlobOptions = { variables: true };
/** Resources of a 2008-10-17 document: IAM reads `${aws:username}` there as literal text. */
export const RESOURCE_GLOB_NO_VARIABLES: GlobOptions = {};

/** Resource glob options for a policy document's Version. */
export function resourceGlobOptions(version: string): GlobOptions {
  return version === '2012-10-17' ? RESOURCE_GLOB : RESOURCE_GLOB_NO_VARIABLES;
}

export type GlobAtom =
  | { kind: 'char'; char: string }
  | { kind: 'one' }
  | { kind: 'run' }
  /** A policy variable, by its key (lower-cased: condition keys are case-insensitive) and default. */
  | { kind: 'variable'; name: string };

export interface CompiledGlob {
  readonly source: string;
  /** One atom per character (code point) of the folded pattern; consecutive runs collapsed. */
  readonly atoms: readonly GlobAtom[];
  /** No wildcard and no variable: the pattern matches exactly `text`. */
  readonly literal: boolean;
  readonly hasVariables: boolean;
  /** The folded literal text (escapes resolved); meaningful when `literal`. */
  readonly text: string;
  readonly ignoreCase: boolean;
  /** Compiled with policy variables recognised. */
  readonly variables: boolean;
  /** Variables read as `*`: matches a value when some resolution of the variables does. */
  readonly regex: RegExp;
}

const ESCAPES: Record<string, string> = { '${*}': '*', '${?}': '?', '${$}': '$' };
const CACHE_LIMIT = 50_000;
const cache = new Map<string, CompiledGlob>();

export function compileGlob(pattern: string, options: GlobOptions = {}): CompiledGlob {
  const ignoreCase = options.ignoreCase === true;
  const variables = options.variables === true;
  const key = `${ignoreCase ? 'i' : '-'}${variables ? 'v' : '-'}${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // A bounded cache: generated ARNs are many, policy patterns few; clearing keeps memory flat.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const compiled = build(pattern, ignoreCase, variables);
  cache.set(key, compiled);
  return compiled;
}

function build(pattern: string, ignoreCase: boolean, variables: boolean): CompiledGlob {
  const source = ignoreCase ? pattern.toLowerCase() : pattern;
  const atoms: GlobAtom[] = [];
  const chars = Array.from(source);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (variables && ch === '$' && chars[i + 1] === '{') {
      const close = chars.indexOf('}', i + 2);
      if (close > 0) {
        const whole = chars.slice(i, close + 1).join('');
        const escaped = ESCAPES[whole];
        atoms.push(
          escaped ? { kind: 'char', char: escaped } : { kind: 'variable', name: variableName(whole) },
        );
        i = close;
        continue;
      }
    }
    if (ch === '*') {
      if (atoms.at(-1)?.kind !== 'run') atoms.push({ kind: 'run' });
    } else if (ch === '?') atoms.push({ kind: 'one' });
    else atoms.push({ kind: 'char', char: ch });
  }
  const literal = atoms.every((a) => a.kind === 'char');
  const text = literal ? atoms.map((a) => (a.kind === 'char' ? a.char : '')).join('') : '';
  const body = atoms.map(atomRegex).join('');
  return {
    source: pattern,
    atoms,
    literal,
    hasVariables: atoms.some((a) => a.kind === 'variable'),
    text,
    ignoreCase,
    variables,
    regex: new RegExp(`^${body}$`, 'u'),
  };
}

/** `${aws:UserName, 'nobody'}` → `aws:username, 'nobody'`: keys fold, default values do not. */
function variableName(whole: string): string {
  const inner = whole.slice(2, -1);
  const comma = inner.indexOf(',');
  return comma < 0
    ? inner.trim().toLowerCase()
    : `${inner.slice(0, comma).trim().toLowerCase()}${inner.slice(comma)}`;
}

function atomRegex(atom: GlobAtom): string {
  switch (atom.kind) {
    case 'char':
      return atom.char.replace(/[\\^$.*+?()[\]{}|/]/gu, '\\$&');
    case 'one':
      return '[\\s\\S]';
    case 'run':
    case 'variable':
      return '[\\s\\S]*';
  }
}

/** Whether a compiled pattern matches a value (variables: for some resolution). */
export function matchesCompiled(glob: CompiledGlob, value: string): boolean {
  const folded = glob.ignoreCase ? value.toLowerCase() : value;
  return glob.literal ? glob.text === folded : glob.regex.test(folded);
}

/** Whether `pattern` matches `value`; a policy variable in the pattern may resolve to anything. */
export function globMatches(pattern: string, value: string, options: GlobOptions = {}): boolean {
  return matchesCompiled(compileGlob(pattern, options), value);
}

/**
 * Every string `a` matches is matched by `b`, whatever the variables resolve to (the same value on
 * both sides). Exact for patterns without variables; with variables it may say false when true, never
 * true when false.
 */
export function globSubset(a: string, b: string, options: GlobOptions = {}): boolean {
  return globSubsetCompiled(compileGlob(a, options), compileGlob(b, options));
}

/**
 * Some string is matched by both. Exact without variables; a variable counts as `*`, so this may say
 * true when no request could match both, never false when one could.
 */
export function globIntersects(a: string, b: string, options: GlobOptions = {}): boolean {
  return globIntersectsCompiled(compileGlob(a, options), compileGlob(b, options));
}
