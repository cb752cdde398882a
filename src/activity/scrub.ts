import type { Obj } from './values.js';

/**
 * Keys whose values are credentials: STS and Cognito responses log `credentials.accessKeyId` and
 * `credentials.sessionToken`; some fixtures put them in request parameters. Spellings seen in the wild.
 */
const CREDENTIAL_KEYS = new Set(
  [
    'accessKeyId',
    'accesKeyId',
    'secretAccessKey',
    'secretKey',
    'sessionToken',
    'x-amz-security-token',
  ].flatMap((k) => [k, k.toLowerCase(), k[0]!.toUpperCase() + k.slice(1)]),
);
CREDENTIAL_KEYS.add('X-Amz-Security-Token');

/**
 * `value` without credential keys, at any depth. Copy-on-write: when there is nothing to remove (the
 * usual case) the same object comes back, so the input is never mutated and nothing is copied.
 */
export function scrubCredentials(value: Obj): Obj {
  return scrubObject(value, 0);
}

const MAX_DEPTH = 64;

function scrubObject(value: Obj, depth: number): Obj {
  let copy: Obj | undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const child = value[key];
    if (CREDENTIAL_KEYS.has(key)) {
      copy ??= { ...value };
      delete copy[key];
      continue;
    }
    if (typeof child === 'object' && child !== null && depth < MAX_DEPTH) {
      const scrubbed = Array.isArray(child)
        ? scrubArray(child, depth + 1)
        : scrubObject(child as Obj, depth + 1);
      if (scrubbed !== child) {
        copy ??= { ...value };
        copy[key] = scrubbed;
      }
    }
  }
  return copy ?? value;
}

function scrubArray(value: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const child = value[i];
    if (typeof child !== 'object' || child === null) continue;
    const scrubbed = Array.isArray(child)
      ? scrubArray(child, depth + 1)
      : scrubObject(child as Obj, depth + 1);
    if (scrubbed !== child) {
      copy ??= value.slice();
      copy[i] = scrubbed;
    }
  }
  return copy ?? value;
}
