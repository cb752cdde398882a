/**
 * Secret-looking environment variables and private keys in code, from mappings/posture/
 * environment-secrets.json. Values are looked at here and nowhere else, and never returned.
 */
import type { SecretClassifier } from '../model/grants.js';
import type { SecretRules } from './data.js';

/** Shannon entropy in bits per character. */
export function shannonBits(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  const length = [...text].length;
  for (const n of counts.values()) bits -= (n / length) * Math.log2(n / length);
  return bits;
}

const WORD = /^(?:[A-Za-z][a-z]{2,}|(?:[A-Z][a-z]{2,})+)$/;

/** The kind of secret a value is shaped like, if any. */
export function valueSecretKind(rules: SecretRules, value: string): string | undefined {
  for (const shape of rules.values) if (shape.pattern.test(value)) return shape.kind;
  const e = rules.entropy;
  if (
    value.length >= e.minLength &&
    e.charset.test(value) &&
    /[0-9]/.test(value) &&
    /[A-Za-z]/.test(value) &&
    value.split(/[-_./]/).filter((segment) => WORD.test(segment)).length <= e.maxWords &&
    shannonBits(value) >= e.minBitsPerChar
  )
    return e.kind;
  return undefined;
}

/**
 * A value shape decides first (the more specific kind); a value that is a reference to a secret held
 * elsewhere, or an empty one, clears the variable; else the name decides. Without a value (a reader
 * that kept names only) the name decides.
 */
export function secretClassifier(rules: SecretRules): SecretClassifier {
  return (name, value) => {
    if (value !== undefined) {
      const kind = valueSecretKind(rules, value);
      if (kind) return { kind, by: 'value' };
      if (value.trim() === '' || rules.references.some((r) => r.test(value))) return undefined;
    }
    if (rules.notSecretNames.some((r) => r.test(name))) return undefined;
    const named = rules.names.find((n) => n.pattern.test(name));
    return named ? { kind: named.kind, by: 'name' } : undefined;
  };
}

export interface KeyMatch {
  kind: string;
  /** 1-based line of the match in the file. */
  line: number;
}

/** Private-key blocks (shapes marked scanCode) in a file's text: where, never what. */
export function findPrivateKeys(rules: SecretRules, text: string): KeyMatch[] {
  const found: KeyMatch[] = [];
  for (const shape of rules.values) {
    if (!shape.scanCode) continue;
    const global = new RegExp(
      shape.pattern.source,
      shape.pattern.flags.includes('g') ? shape.pattern.flags : `${shape.pattern.flags}g`,
    );
    for (const m of text.matchAll(global)) {
      const before = text.slice(0, m.index);
      let line = 1;
      for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
      found.push({ kind: shape.kind, line });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}
