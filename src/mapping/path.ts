/**
 * Paths into requestParameters, compiled once. `a.b.c` walks objects; a leading `/` starts at the request
 * root even inside an `each` element; `$` is the element itself and `$keys` the element's keys.
 */
export interface Path {
  text: string;
  fromRoot: boolean;
  kind: 'walk' | 'self' | 'keys';
  segments: string[];
}

export function compilePath(text: string): Path {
  const fromRoot = text.startsWith('/');
  const body = fromRoot ? text.slice(1) : text;
  if (body === '$') return { text, fromRoot, kind: 'self', segments: [] };
  if (body === '$keys') return { text, fromRoot, kind: 'keys', segments: [] };
  return { text, fromRoot, kind: 'walk', segments: body.split('.') };
}

export interface Scope {
  root: Record<string, unknown> | undefined;
  element: unknown;
}

export function read(path: Path, scope: Scope): unknown {
  const start = path.fromRoot ? scope.root : scope.element;
  if (path.kind === 'self') return start;
  if (path.kind === 'keys') return isPlainObject(start) ? Object.keys(start) : undefined;
  let value: unknown = start;
  for (const segment of path.segments) {
    if (!isPlainObject(value)) return undefined;
    value = value[segment];
  }
  return value;
}

/** The elements an `each` path yields: an array's items; a lone object or string counts as one. */
export function elements(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  return [value];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
