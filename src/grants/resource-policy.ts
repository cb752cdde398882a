/**
 * Resource-based policy documents (function, bucket, queue, topic policies) → ResourcePolicyStatement[]:
 * the identity-policy elements normalised by policy-document.ts, plus Principal / NotPrincipal.
 */
import { InputError } from '../errors.js';
import type { PrincipalMap, ResourcePolicyStatement } from '../model/inventory.js';
import { isRecord, pointerJoin } from './json-shape.js';
import { normalisePolicyDocument, type PolicyLocation } from './policy-document.js';

/** `raw` is the document as an object or as the JSON text `get-policy`-style outputs carry. */
export function normaliseResourcePolicy(raw: unknown, where: PolicyLocation): ResourcePolicyStatement[] {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch (error) {
      throw new InputError(
        where.file,
        `policy is not valid JSON (${(error as Error).message})`,
        where.pointer,
      );
    }
  }
  // 'trust' purpose: statements name a Principal and may leave out Resource, as resource policies do.
  const document = normalisePolicyDocument(value, where, 'trust');
  const rawStatements = isRecord(value) ? value['Statement'] : undefined;
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  return document.Statement.map((statement, i) => {
    const source = list[i];
    const at = Array.isArray(rawStatements)
      ? pointerJoin(where.pointer, 'Statement', i)
      : pointerJoin(where.pointer, 'Statement');
    const out: ResourcePolicyStatement = { ...statement };
    if (isRecord(source)) {
      if (source['Principal'] !== undefined)
        out.Principal = principals(source['Principal'], where.file, pointerJoin(at, 'Principal'));
      if (source['NotPrincipal'] !== undefined)
        out.NotPrincipal = principals(source['NotPrincipal'], where.file, pointerJoin(at, 'NotPrincipal'));
    }
    return out;
  });
}

function principals(raw: unknown, file: string, pointer: string): PrincipalMap {
  // IAM reads "Principal": "*" as {"AWS": "*"} (IAM User Guide, AWS JSON policy elements: Principal).
  if (raw === '*') return { AWS: ['*'] };
  if (!isRecord(raw)) throw new InputError(file, 'Principal must be "*" or an object', pointer);
  const out: PrincipalMap = {};
  for (const [key, value] of Object.entries(raw)) {
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v): v is string => typeof v === 'string'))
      throw new InputError(file, `Principal ${key} must be a string or an array of strings`, pointer);
    out[key] = list;
  }
  return out;
}
