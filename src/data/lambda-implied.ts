import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { LambdaImpliedRule } from '../synth/lambda-implied.js';

const FILE = new URL('../../mappings/lambda-implied.json', import.meta.url);
const WHEN = new Set(['always', 'deadLetterTarget:sqs', 'deadLetterTarget:sns', 'vpc', 'tracing']);

/** Reads and checks mappings/lambda-implied.json (schemaVersion 1). */
export async function loadLambdaRules(): Promise<LambdaImpliedRule[]> {
  const file = 'mappings/lambda-implied.json';
  const data = JSON.parse(await readFile(FILE, 'utf8')) as { schemaVersion?: unknown; rules?: unknown };
  if (data.schemaVersion !== 1)
    throw new InputError(file, `schemaVersion ${String(data.schemaVersion)} is not 1`);
  if (!Array.isArray(data.rules)) throw new InputError(file, 'rules is not an array');
  return data.rules.map((rule: Partial<LambdaImpliedRule>, i) => {
    const ok =
      typeof rule.id === 'string' &&
      typeof rule.when === 'string' &&
      WHEN.has(rule.when) &&
      typeof rule.why === 'string' &&
      typeof rule.source === 'string' &&
      Array.isArray(rule.actions) &&
      rule.actions.every((a) => typeof a.action === 'string' && typeof a.resource === 'string');
    if (!ok)
      throw new InputError(
        file,
        'needs id, when, actions[{action, resource}], why and source',
        `/rules/${i}`,
      );
    return rule as LambdaImpliedRule;
  });
}
