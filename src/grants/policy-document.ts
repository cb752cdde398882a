/**
 * IAM policy documents as users and AWS hand them over (objects, JSON text, or the URL-encoded JSON
 * IAM's API returns) → the normalised form of src/model/policy.ts.
 */
import { InputError } from '../errors.js';
import type { Condition, Effect, PolicyDocument, Statement } from '../model/policy.js';
import { isRecord, pointerJoin } from './json-shape.js';

export interface PolicyLocation {
  file: string;
  /** JSON pointer of the document inside the file. */
  pointer: string;
}

/**
 * `identity`: permission policies and boundaries (a statement must name resources). `trust`: a role's
 * AssumeRolePolicyDocument, whose statements name a Principal instead.
 */
export type PolicyPurpose = 'identity' | 'trust';

/** IAM's default when a document has no Version (docs: IAM JSON policy elements: Version). */
export const DEFAULT_POLICY_VERSION = '2008-10-17';
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
  'Principal',
  'NotPrincipal',
]);

export function normalisePolicyDocument(
  raw: unknown,
  where: PolicyLocation,
  purpose: PolicyPurpose = 'identity',
): PolicyDocument {
  const fail = (problem: string, ...tokens: (string | number)[]): never => {
    throw new InputError(where.file, problem, pointerJoin(where.pointer, ...tokens));
  };
  const value = typeof raw === 'string' ? parseText(raw, fail) : raw;
  if (!isRecord(value)) return fail('policy document is not a JSON object');
  for (const key of Object.keys(value)) {
    if (!DOCUMENT_KEYS.has(key)) fail(`policy document has an unknown element "${key}"`, key);
  }
  const version = value['Version'] ?? DEFAULT_POLICY_VERSION;
  if (typeof version !== 'string' || !VERSIONS.has(version)) {
    fail(`Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(version)}`, 'Version');
  }
  const statements = value['Statement'];
  if (statements === undefined) fail('policy document has no Statement');
  const list = Array.isArray(statements) ? statements : [statements];
  return {
    Version: version as string,
    Statement: list.map((s, i) =>
      normaliseStatement(s, purpose, (problem, ...tokens) =>
        Array.isArray(statements)
          ? fail(problem, 'Statement', i, ...tokens)
          : fail(problem, 'Statement', ...tokens),
      ),
    ),
  };
}

type Fail = (problem: string, ...tokens: (string | number)[]) => never;

function parseText(text: string, fail: Fail): unknown {
  let json = text.trim();
  // IAM's API returns documents URL-encoded (RFC 3986); plain JSON starts with a brace.
  if (!json.startsWith('{')) {
    try {
      json = decodeURIComponent(json);
    } catch {
      fail('policy document is neither JSON nor URL-encoded JSON');
    }
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    return fail(`policy document is not valid JSON (${(error as Error).message})`);
  }
}

function normaliseStatement(raw: unknown, purpose: PolicyPurpose, fail: Fail): Statement {
  if (!isRecord(raw)) return fail('statement is not a JSON object');
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) fail(`statement has an unknown element "${key}"`, key);
  }
  const effect = raw['Effect'];
  if (effect === undefined) fail('statement has no Effect');
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(`Effect must be "Allow" or "Deny", not ${JSON.stringify(effect)}`, 'Effect');
  }
  const statement: Statement = { Effect: effect as Effect };
  const sid = raw['Sid'];
  if (sid !== undefined) {
    if (typeof sid !== 'string') fail('Sid must be a string', 'Sid');
    statement.Sid = sid as string;
  }

  const [actionKey, actions] = exclusive(raw, 'Action', 'NotAction', fail);
  if (!actionKey) fail('statement has neither Action nor NotAction');
  actions.forEach((action, i) => {
    if (action !== '*' && !/^[^:]+:.+$/.test(action)) {
      fail(`action ${JSON.stringify(action)} is not "service:action" or "*"`, actionKey as string, i);
    }
  });
  if (actionKey === 'Action') statement.Action = actions;
  else statement.NotAction = actions;

  const [resourceKey, resources] = exclusive(raw, 'Resource', 'NotResource', fail);
  if (!resourceKey && purpose === 'identity') fail('statement has neither Resource nor NotResource');
  if (resourceKey === 'Resource') statement.Resource = resources;
  else if (resourceKey === 'NotResource') statement.NotResource = resources;

  if (raw['Condition'] !== undefined) statement.Condition = normaliseCondition(raw['Condition'], fail);
  // Principal / NotPrincipal (trust and resource policies) are read but not modelled yet.
  return statement;
}

/** Reads exactly one of two mutually exclusive elements (Action/NotAction, Resource/NotResource). */
function exclusive<K extends string>(
  raw: Record<string, unknown>,
  key: K,
  notKey: K,
  fail: Fail,
): [K | undefined, string[]] {
  const has = raw[key] !== undefined;
  const hasNot = raw[notKey] !== undefined;
  if (has && hasNot) fail(`statement has both ${key} and ${notKey}`);
  const chosen = has ? key : hasNot ? notKey : undefined;
  if (!chosen) return [undefined, []];
  return [chosen, stringList(raw[chosen], chosen, fail)];
}

function stringList(value: unknown, key: string, fail: Fail): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(`${key} is empty`, key);
  list.forEach((item, i) => {
    if (typeof item !== 'string') fail(`${key} must be a string or an array of strings`, key, i);
  });
  return list as string[];
}

function normaliseCondition(raw: unknown, fail: Fail): Condition {
  if (!isRecord(raw)) return fail('Condition must be an object of operators', 'Condition');
  const condition: Condition = {};
  for (const [operator, block] of Object.entries(raw)) {
    if (!isRecord(block))
      fail(`Condition operator ${operator} must map condition keys to values`, 'Condition', operator);
    const keys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(values) ? values : [values];
      keys[key] = list.map((v, i) => {
        if (typeof v === 'string') return v;
        // IAM accepts JSON numbers and booleans in conditions and compares them as their text.
        if (typeof v === 'number' || typeof v === 'boolean') return String(v);
        return fail(`condition value must be a string, number or boolean`, 'Condition', operator, key, i);
      });
    }
    condition[operator] = keys;
  }
  return condition;
}
