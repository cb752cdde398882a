import { UsageError } from '../errors.js';

/**
 * The one place user values enter pushdown SQL. A string literal doubles its single quotes (the only
 * escape Trino and DuckDB literals have) and refuses control characters, which no AWS name, date or ID
 * holds; an identifier must match a strict pattern and is double-quoted.
 */
export function sqlString(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new UsageError(`${what} ${JSON.stringify(value)}: control characters are not allowed`);
  return `'${value.replaceAll("'", "''")}'`;
}

/** Glue and Athena names: letters, digits, `_` and `-` (Glue lower-cases them; `-` needs the quotes). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]{0,254}$/;

export function sqlIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name))
    throw new UsageError(`${what} ${JSON.stringify(name)}: not a name (letters, digits, _ and -)`);
  return `"${name}"`;
}

/** A `--role` glob (`*`, `?`) as a LIKE pattern with `\` as its escape, for `LIKE … ESCAPE '\'`. */
export function likePattern(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

export function isGlob(value: string): boolean {
  return value.includes('*') || value.includes('?');
}
