import type { PolicyDocument, Statement } from '../model/policy.js';

const STATEMENT_KEYS = [
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;

function sortedObject(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedObject);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedObject((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A statement with IAM's customary key order; condition operators and keys sorted. */
function orderedStatement(statement: Statement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STATEMENT_KEYS) {
    const value = statement[key];
    if (value !== undefined) out[key] = key === 'Condition' ? sortedObject(value) : value;
  }
  return out;
}

/** A policy document as pare writes it: two-space JSON, stable key order, a final newline. */
export function renderPolicy(document: PolicyDocument): string {
  return `${JSON.stringify({ Version: document.Version, Statement: document.Statement.map(orderedStatement) }, null, 2)}\n`;
}

/** Any JSON output: keys sorted at every level, so equal data gives equal bytes. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(sortedObject(value), null, 2)}\n`;
}
