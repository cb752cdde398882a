/**
 * Paths into a record, compiled once. `a.b.c` walks requestParameters (through lists: `a.b` of a list
 * of objects reads each one's `b`); a leading `/` starts at the request root even inside an `each`
 * element; a leading `@response.` starts at responseElements, for resources the request does not name
 * (the role a CreateRole made, with its path); `$` is the element itself and `$keys` the element's keys.
 */
export interface Path {
  text: string;
  start: 'element' | 'request' | 'response';
  kind: 'walk' | 'self' | 'keys';
  segments: string[];
}

const RESPONSE = '@response.';

export function compilePath(text: string): Path {
  const start = text.startsWith(RESPONSE) ? 'response' : text.startsWith('/') ? 'request' : 'element';
  const body =
    start === 'response' ? text.slice(RESPONSE.length) : start === 'request' ? text.slice(1) : text;
  if (body === '$') return { text, start, kind: 'self', segments: [] };
  if (body === '$keys') return { text, start, kind: 'keys', segments: [] };
  return { text, start, kind: 'walk', segments: body.split('.') };
}

export interface Scope {
  root: Record<string, unknown> | undefined;
  element: unknown;
  response: Record<string, unknown> | undefined;
}

export function read(path: Path, scope: Scope): unknown {
  const start =
    path.start === 'response' ? scope.response : path.start === 'request' ? scope.root : scope.element;
  if (path.kind === 'self') return start;
  if (path.kind === 'keys') return isPlainObject(start) ? Object.keys(start) : undefined;
  return walk(start, path.segments, 0);
}

function walk(value: unknown, segments: readonly string[], i: number): unknown {
  if (i === segments.length) return value;
  if (Array.isArray(value)) {
    // EC2 and RDS wrap lists (instancesSet.items): each element is read on, the results flattened.
    const out = value.flatMap((v) => elements(walk(v, segments, i)));
    return out.length === 0 ? undefined : out;
  }
  if (!isPlainObject(value)) return undefined;
  return walk(value[segments[i] ?? ''], segments, i + 1);
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
