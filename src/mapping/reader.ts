import { InputError } from '../errors.js';
import { SCHEMA_VERSION } from './data.js';

/**
 * Shape checks for mappings/ files, by hand (no schema dependency). Each reader turns `unknown` into the
 * typed file or throws an InputError naming the file and the JSON pointer of the bad entry. Semantic checks
 * against the catalog (actions exist, templates fit) happen in compile.ts.
 */
export type Obj = Record<string, unknown>;

export class Reader {
  constructor(readonly file: string) {}

  fail(pointer: string, problem: string): never {
    throw new InputError(`mappings/${this.file}`, problem, pointer || '/');
  }

  obj(value: unknown, pointer: string): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(pointer, 'expected an object');
    return value as Obj;
  }

  str(value: unknown, pointer: string): string {
    if (typeof value !== 'string' || value === '') this.fail(pointer, 'expected a non-empty string');
    return value;
  }

  optStr(value: unknown, pointer: string): string | undefined {
    return value === undefined ? undefined : this.str(value, pointer);
  }

  arr(value: unknown, pointer: string): unknown[] {
    if (!Array.isArray(value)) this.fail(pointer, 'expected an array');
    return value;
  }

  strs(value: unknown, pointer: string): string[] {
    if (!Array.isArray(value)) this.fail(pointer, 'expected an array of strings');
    return value.map((v, i) => this.str(v, `${pointer}/${i}`));
  }

  strMap(value: unknown, pointer: string): Record<string, string> {
    const o = this.obj(value, pointer);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(o)) out[k] = this.str(v, `${pointer}/${escape(k)}`);
    return out;
  }

  keys(o: Obj, pointer: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k))
        this.fail(`${pointer}/${escape(k)}`, `unknown key (expected one of ${allowed.join(', ')})`);
    }
  }

  regex(value: unknown, pointer: string, flags = ''): string | undefined {
    const source = this.optStr(value, pointer);
    if (source === undefined) return undefined;
    try {
      new RegExp(source, flags);
    } catch (e) {
      this.fail(pointer, `not a regular expression (${(e as Error).message})`);
    }
    return source;
  }

  /** The common header: an object whose schemaVersion this build reads. */
  header(value: unknown): Obj {
    const o = this.obj(value, '');
    if (o['schemaVersion'] !== SCHEMA_VERSION) {
      this.fail(
        '/schemaVersion',
        `schemaVersion ${JSON.stringify(o['schemaVersion'])} (this pare reads ${SCHEMA_VERSION})`,
      );
    }
    return o;
  }
}

/** JSON pointer escaping (RFC 6901). */
export function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
