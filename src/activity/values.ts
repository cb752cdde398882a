/** Small value readers shared by the normalisers. */

export type Obj = Record<string, unknown>;

/** A usable string: not empty, and not streamalert's `"..."` placeholder. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== '...' ? value : undefined;
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `null`, `an array`, `a string` … for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' || typeof value === 'undefined'
    ? `an ${typeof value}`
    : `a ${typeof value}`;
}
